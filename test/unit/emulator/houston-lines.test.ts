import { describe, expect, it } from 'vitest';
import { GraphQLScalarType, isObjectType } from 'graphql';
import { HOUSTON_LINES, NEWEST_HOUSTON_VERSION, houstonLine, houstonSchema, houstonSdl } from '../../../src/emulator/index.js';
import { applyDelta, typeMapOf } from '../../../src/emulator/schema/apply-delta.js';
import { defineLine } from '../../../src/emulator/schema/define-line.js';
import { parseHoustonVersion } from '../../../src/emulator/schema/version.js';
import { resolvers } from '../../../src/emulator/resolvers/index.js';

describe('parseHoustonVersion', () => {
  it('reads versions the client way: optional v, pre-release and build dropped, short forms', () => {
    expect(parseHoustonVersion('0.37.7')).toEqual([0, 37, 7]);
    expect(parseHoustonVersion('v2.1.0')).toEqual([2, 1, 0]);
    expect(parseHoustonVersion('1.0.1-rc2')).toEqual([1, 0, 1]);
    expect(parseHoustonVersion('1.2')).toEqual([1, 2, 0]);
    expect(parseHoustonVersion('2')).toEqual([2, 0, 0]);
  });

  it('throws a clear error for what is not a version', () => {
    expect(() => parseHoustonVersion('dev')).toThrow(/Not a Houston version: "dev"/);
    expect(() => parseHoustonVersion('')).toThrow(/Not a Houston version/);
  });
});

describe('houstonLine', () => {
  it('lists the lines oldest first, ending with the newest version', () => {
    expect(HOUSTON_LINES.map((line) => line.since)).toEqual([
      '0.25.0', '0.28.0', '0.29.0', '0.29.2', '0.30.0', '0.32.0', '0.34.0', '1.0.0', '1.0.1', '2.0.0', '2.1.0',
    ]);
    expect(NEWEST_HOUSTON_VERSION).toBe('2.1.0');
  });

  it('gives a version the newest line not above it', () => {
    expect(houstonLine('0.27.4').since).toBe('0.25.0');
    expect(houstonLine('0.29.1').since).toBe('0.29.0');
    expect(houstonLine('0.35.3').since).toBe('0.34.0');
    expect(houstonLine('0.37.7').label).toBe('0.34–0.37');
    expect(houstonLine('1.0.0-rc1').since).toBe('1.0.0');
    expect(houstonLine('1.1.7').since).toBe('1.0.1');
    expect(houstonLine('2.0.1').since).toBe('2.0.0');
    expect(houstonLine('v2.3.0').since).toBe('2.1.0');
  });

  it('plays the 0.25 line below 0.25.0, the newest by default, and throws for a non-version', () => {
    expect(houstonLine('0.16.0').since).toBe('0.25.0');
    expect(houstonLine().since).toBe(NEWEST_HOUSTON_VERSION);
    expect(() => houstonLine('latest')).toThrow(/Not a Houston version/);
  });

  it('turns behaviour on at the line that brings it and keeps it on', () => {
    expect(houstonLine('0.28.0').features.runtime).toBe(false);
    expect(houstonLine('0.29.0').features.runtime).toBe(true);
    expect(houstonLine('0.37.7').features.clusters).toBe(false);
    expect(houstonLine('1.0.0').features).toMatchObject({ runtime: true, clusters: true, registryUrl: true, clusterStatus: false });
    expect(houstonLine('2.1.0').features).toMatchObject({ clusters: true, clusterStatus: true, imageUpsert: true });
  });
});

describe('houstonSchema', () => {
  it('builds every line once and caches it', () => {
    for (const { since } of HOUSTON_LINES) expect(houstonSchema(since)).toBe(houstonSchema(since));
    expect(houstonSchema('0.35.0')).toBe(houstonSchema('0.37.7'));
    expect(houstonSchema()).toBe(houstonSchema(NEWEST_HOUSTON_VERSION));
  });

  it('prints the SDL of the line asked for', () => {
    expect(houstonSdl('0.37.7')).toContain('createDeployment(');
    expect(houstonSdl('1.1.7')).not.toContain('createDeployment(');
    expect(houstonSdl('2.1.0')).toContain('enum AllowedDeploymentModeValues');
  });

  it('has every resolver field in at least one line (a misspelt resolver would be skipped silently)', () => {
    const missing: string[] = [];
    const fields = Object.entries(resolvers).flatMap(([typeName, implementation]) =>
      implementation instanceof GraphQLScalarType ? [] : Object.keys(implementation).map((fieldName) => [typeName, fieldName] as const),
    );
    expect(fields.length).toBeGreaterThan(100);
    for (const [typeName, fieldName] of fields) {
      const found = HOUSTON_LINES.some(({ since }) => {
        const type = houstonSchema(since).getType(typeName);
        return isObjectType(type) && fieldName in type.getFields();
      });
      if (!found) missing.push(`${typeName}.${fieldName}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('applyDelta', () => {
  const base = typeMapOf('type Query { a: Int b(x: Int): Int } type Gone { id: ID }');

  it('removes, re-adds with a new signature, extends and adds arguments', () => {
    const next = applyDelta(
      base,
      defineLine({
        since: '9.0.0',
        label: '9',
        remove: ['Query.a', 'Gone'],
        add: 'type New { id: ID } extend type Query { a(y: String!): New }',
        addArguments: { 'Query.b': 'z: String' },
      }),
    );
    expect([...next.keys()]).toEqual(['Query', 'New']);
    expect(base.has('Gone')).toBe(true);
  });

  it('refuses to touch what does not exist, or to add what does (typos in a line file fail the build)', () => {
    const delta = (change: object) => defineLine({ since: '9.0.0', label: '9', ...change });
    expect(() => applyDelta(base, delta({ remove: ['Query.c'] }))).toThrow('line 9.0.0: cannot remove Query.c, it does not exist');
    expect(() => applyDelta(base, delta({ removeArguments: { 'Query.b': ['y'] } }))).toThrow('Query.b has no argument y');
    expect(() => applyDelta(base, delta({ add: 'extend type Query { a: Int }' }))).toThrow('Query.a already exists');
    expect(() => applyDelta(base, delta({ addArguments: { 'Query.b': 'x: Int' } }))).toThrow('already has an argument x');
    expect(() => applyDelta(base, delta({ add: 'extend type Nope { a: Int }' }))).toThrow('no type Nope');
  });
});
