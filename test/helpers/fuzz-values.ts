// fast-check arbitraries for values, from the OpenAPI document's schemas: valid ones (real ids
// where the world knows them, so requests get past validation) and hostile ones (strings, numbers,
// and a valid body broken in one way).
import fc from 'fast-check';
import type { JsonSchema } from './openapi-oracle.js';

/** What a run knows about the world: real values by name (path parameters, body properties), keys. */
export interface FuzzWorld {
  /** Real values by parameter or property name, e.g. `deploymentId`, `email`. */
  known: Record<string, readonly string[]>;
  /** Parameters whose values only the gateway makes (paging cursors): left out of valid requests. */
  opaque: readonly string[];
  keys: { admin: string; narrow: string };
  /** BODY_LIMIT_BYTES of the gateway under test. */
  bodyLimit: number;
}

/** The part of the OpenAPI document `$ref`s point into. */
export interface SchemaSource {
  components: { schemas: Record<string, JsonSchema> };
}

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\u0001\u001b[31mred', '\u007f', '\u0085', 'x\r\nX-Injected: 1',
  '\u202eevil', 'a\u2066b', '\ud800', 'x\udc00y', '\ufeff', '\u200b', '😀'.repeat(40),
  '../../etc/passwd', '..\\..\\windows', '%2e%2e%2f%2e%2e', '"}) { __schema { types { name } } }',
  'query { __typename }', "' OR 1=1 --", '<script>alert(1)</script>', '${jndi:ldap://x/a}',
  '{{7*7}}', 'null', 'true', '-1', 'NaN', 'Infinity', '1e309', '__proto__', 'constructor',
];
export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  // Lone surrogates, alone or in a run.
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 70_000).map((n) => 'a'.repeat(n)) },
);
const oddNumber = fc.constantFrom<unknown>(-1, 0, 1.5, -0.0001, 1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 'NaN', 'Infinity', '1e3', '0x10', '', null, true, [], {});
const anyJson = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), hostileString, fc.constant([]), fc.constant({}), fc.constant([1, 'a']));

/** Values that satisfy `schema` (the document's own dialect: type, enum, pattern, bounds, $ref). */
export function validValue(schema: JsonSchema, doc: SchemaSource, world: FuzzWorld, name?: string): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return validValue(doc.components.schemas[schema.$ref.split('/').pop()!]!, doc, world, name);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as JsonSchema[]).map((s) => validValue(s, doc, world, name)));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const known = name !== undefined ? world.known[name] : undefined;
  const type = Array.isArray(schema.type) ? (schema.type as string[]).filter((t) => t !== 'null')[0] : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return known?.length ? fc.constantFrom(...known) : validString(schema);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? 0, max: (schema.maximum as number | undefined) ?? 100 });
    case 'number':
      return fc.double({ min: (schema.minimum as number | undefined) ?? 0, max: (schema.maximum as number | undefined) ?? 100, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue((schema.items as JsonSchema | undefined) ?? {}, doc, world), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
      });
    case 'object':
      return validObject(schema, doc, world);
    default:
      return anyJson;
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? Infinity;
  if (typeof schema.pattern !== 'string') return fc.string({ minLength, maxLength: Math.min(maxLength, 24) });
  const pattern = new RegExp(schema.pattern, 'u');
  return matching(pattern).filter((s) => s.length >= minLength && s.length <= maxLength);
}

const byPattern = new Map<string, fc.Arbitrary<string>>();

/**
 * Strings matching `pattern`: fc.stringMatching, except for Unicode property classes (\p{Cc}),
 * which fast-check builds slowly (seconds each) or not at all (\p{Cs}): there, text filtered by
 * the pattern, as nearly all text passes them. Built once per pattern.
 */
function matching(pattern: RegExp): fc.Arbitrary<string> {
  let arbitrary = byPattern.get(pattern.source);
  if (!arbitrary) {
    arbitrary = /\\[pP]\{/.test(pattern.source)
      ? fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((s) => pattern.test(s))
      : fc.stringMatching(pattern);
    byPattern.set(pattern.source, arbitrary);
  }
  return arbitrary;
}

function validObject(schema: JsonSchema, doc: SchemaSource, world: FuzzWorld): fc.Arbitrary<unknown> {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(properties)) model[key] = validValue(value, doc, world, key);
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    // A map (e.g. environment variables): a few entries with keys its propertyNames allow.
    const keys = schema.propertyNames ? validString(schema.propertyNames as JsonSchema) : fc.string({ minLength: 1, maxLength: 8 });
    return fc.dictionary(keys, validValue(schema.additionalProperties as JsonSchema, doc, world), { maxKeys: 3 });
  }
  const requiredKeys = [...required].filter((key) => key in properties);
  // Only the required properties as often as a random choice of the others: optional properties
  // a Houston line lacks (e.g. `mode` before 2.1) would otherwise turn nearly every body into a 400.
  const requiredOnly = Object.fromEntries(requiredKeys.map((key) => [key, model[key]!]));
  return fc.oneof(fc.record(requiredOnly), fc.record(model, { requiredKeys }));
}

/** A valid body turned hostile in one way: the mutations a schema validator must catch. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const asObject = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const pickKey = (o: Record<string, unknown>, i: number) => Object.keys(o)[i % Math.max(Object.keys(o).length, 1)];
  const withValue = (o: Record<string, unknown>, i: number, value: unknown) => {
    const key = pickKey(o, i);
    return JSON.stringify(key === undefined ? { ...o, label: value } : { ...o, [key]: value });
  };
  return fc.oneof(
    fc.tuple(valid, fc.nat(), anyJson).map(([v, i, value]) => withValue(asObject(v), i, value)),
    fc.tuple(valid, fc.nat(), hostileString).map(([v, i, value]) => withValue(asObject(v), i, value)),
    fc.tuple(valid, fc.nat(), oddNumber).map(([v, i, value]) => withValue(asObject(v), i, value)),
    fc.tuple(valid, fc.nat()).map(([v, i]) => {
      const o = { ...asObject(v) };
      delete o[pickKey(o, i) ?? ''];
      return JSON.stringify(o);
    }),
    fc.tuple(valid, fc.string({ maxLength: 12 }), anyJson).map(([v, key, value]) => JSON.stringify({ ...asObject(v), [`x${key}`]: value })),
    // Prototype keys cannot be set through an object literal: spliced into the JSON text.
    fc.tuple(valid, fc.constantFrom('"__proto__":{"admin":true}', '"constructor":{"prototype":{"admin":true}}', '"__proto__":null')).map(
      ([v, member]) => JSON.stringify(asObject(v)).replace(/^\{/, `{${member},`).replace(',}', '}'),
    ),
    fc.constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]'),
  );
}
