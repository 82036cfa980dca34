// Bounded work on request bodies (issue 14): the nesting check the JSON parser runs first, and the
// idempotency fingerprint's canonical JSON, which must give the same text as ever without recursion.
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintOf } from '../../src/idempotency/plugin.js';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from '../../src/plugins/json-body.js';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('jsonNestingExceeds', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestingExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonNestingExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestingExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestingExceeds('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonNestingExceeds(JSON.stringify({ text: '[[[[{{{{', quoted: 'say \\"[[[[\\" "' }), 1)).toBe(false);
    expect(jsonNestingExceeds('[1,[2],[3],[4],[5]]', 2)).toBe(false);
  });

  it('checks a million levels without recursion', () => {
    expect(jsonNestingExceeds('['.repeat(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and renders as before', () => {
    const value = { b: [3, { z: 1, y: null, x: undefined }, undefined, 'q"'], a: { d: true, c: 1.5 }, e: [] as unknown[], f: {} };
    expect(canonicalJson(value)).toBe('{"a":{"c":1.5,"d":true},"b":[3,{"y":null,"z":1},null,"q\\""],"e":[],"f":{}}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('text')).toBe('"text"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('takes nesting up to the bound and throws a RangeError past it, never overflowing the stack', () => {
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toContain('1');
    expect(() => canonicalJson(nested(MAX_JSON_DEPTH + 1))).toThrow(RangeError);
    expect(() => canonicalJson(nested(200_000))).toThrow(/nested deeper than/);
    expect(() => fingerprintOf('POST', '/workspaces', nested(200_000))).toThrow(RangeError);
  });
});
