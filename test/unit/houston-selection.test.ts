// Variant selection on its own: by schema (newest valid, optional fields dropped where missing),
// by version (the official client's greatest-lower-bound rule, gates, retired variants).
import { buildSchema, print, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defineOperation, variant } from '../../src/houston/operation.js';
import { dropOptionalFields, pruneOptionalFields, selectBySchema, selectByVersion } from '../../src/houston/selection.js';

const SCHEMA_OLD = buildSchema('type Thing { id: ID! name: String } type Query { thing: Thing things(kind: String): [Thing] }');
const SCHEMA_NEW = buildSchema('type Thing { id: ID! name: String colour: String } type Query { thing: Thing things(kind: String, cluster: ID): [Thing] widgets: [Thing] }');

const GetThing = defineOperation<void, unknown>({
  name: 'GetThing',
  kind: 'query',
  variants: [
    variant({ since: '0.25.0', document: 'query GetThing { thing { id name } }', variables: () => ({}), result: (d: unknown) => d }),
    variant({
      since: '1.0.0',
      document: 'query GetThing($cluster: ID) { things(cluster: $cluster) { id name colour } }',
      optionalFields: ['Thing.colour'],
      provides: ['clusters'],
      variables: () => ({}),
      result: (d: unknown) => d,
    }),
  ],
});

const ListWidgets = defineOperation<void, unknown>({
  name: 'ListWidgets',
  kind: 'query',
  capability: 'teams',
  variants: [variant({ since: '1.0.0', document: 'query ListWidgets { widgets { id } }', variables: () => ({}), result: (d: unknown) => d })],
});

const Retired = defineOperation<void, unknown>({
  name: 'Retired',
  kind: 'query',
  variants: [variant({ since: '0.25.0', until: '1.0.1', document: 'query Retired { thing { id } }', variables: () => ({}), result: (d: unknown) => d })],
});

const OPERATIONS = [GetThing, ListWidgets, Retired];

describe('selection by schema', () => {
  it('picks the newest variant that validates, and says why an operation has none', () => {
    const old = selectBySchema(SCHEMA_OLD, OPERATIONS);
    expect(old.chosen.get('GetThing')?.variant.since).toBe('0.25.0');
    expect(old.unsupported.get('ListWidgets')).toMatch(/Cannot query field "widgets" on type "Query"/);
    expect(old.capabilities.has('clusters')).toBe(false);

    const current = selectBySchema(SCHEMA_NEW, OPERATIONS);
    expect(current.chosen.get('GetThing')?.variant.since).toBe('1.0.0');
    expect(current.capabilities).toEqual(new Set(['clusters', 'teams']));
    expect(current.chosen.get('GetThing')?.document).toContain('colour');
  });

  it('drops an optional field the schema lacks instead of failing the variant', () => {
    const lacksColour = buildSchema('type Thing { id: ID! name: String } type Query { things(cluster: ID): [Thing] }');
    const pick = selectBySchema(lacksColour, [GetThing]).chosen.get('GetThing')!;
    expect(pick.variant.since).toBe('1.0.0');
    expect(pick.document).not.toContain('colour');
    expect(print(pruneOptionalFields(parse('{ things { id colour } }'), lacksColour, ['Thing.colour']))).not.toContain('colour');
    // A field not named optional is never dropped: its absence fails the variant.
    expect(print(pruneOptionalFields(parse('{ things { id colour } }'), lacksColour, []))).toContain('colour');
  });
});

describe('selection by version (introspection off)', () => {
  it('takes the greatest variant at or below the version', () => {
    expect(selectByVersion('0.37.7', OPERATIONS).chosen.get('GetThing')?.variant.since).toBe('0.25.0');
    expect(selectByVersion('1.0.58', OPERATIONS).chosen.get('GetThing')?.variant.since).toBe('1.0.0');
    expect(selectByVersion('v2.1.0-rc1', OPERATIONS).chosen.get('GetThing')?.variant.since).toBe('1.0.0');
  });

  it('leaves out optional fields, which are the unverified ones', () => {
    expect(selectByVersion('1.1.0', OPERATIONS).chosen.get('GetThing')?.document).not.toContain('colour');
    expect(print(dropOptionalFields(parse('{ things { id colour } }'), ['Thing.colour']))).not.toContain('colour');
  });

  it('refuses an operation below its first version, and a retired one from its end', () => {
    expect(selectByVersion('0.37.7', OPERATIONS).unsupported.get('ListWidgets')).toMatch(/needs Houston 1\.0\.0 or later; the connected Houston reports 0\.37\.7/);
    expect(selectByVersion('1.0.1', OPERATIONS).unsupported.get('Retired')).toMatch(/not available from Houston 1\.0\.1/);
    expect(selectByVersion('1.0.0', OPERATIONS).chosen.has('Retired')).toBe(true);
  });

  it('takes the newest variant for a version it cannot read, as the official client does', () => {
    for (const version of ['dev', '', null]) {
      const selection = selectByVersion(version, OPERATIONS);
      expect(selection.chosen.get('GetThing')?.variant.since).toBe('1.0.0');
      expect(selection.chosen.has('ListWidgets')).toBe(true);
    }
  });
});

describe('defineOperation', () => {
  it('refuses a document whose kind or name does not match the definition', () => {
    const bad = (document: string) => () =>
      defineOperation({ name: 'GetThing', kind: 'query', variants: [variant({ since: '0.25.0', document, variables: () => ({}), result: () => null })] });
    expect(bad('mutation GetThing { thing { id } }')).toThrow(/must be a query named GetThing/);
    expect(bad('query Other { thing { id } }')).toThrow(/must be a query named GetThing/);
    expect(bad('query GetThing { thing { id } }')).not.toThrow();
  });
});
