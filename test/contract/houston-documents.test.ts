// Every GraphQL document the gateway can send to Houston (each version entry of each operation)
// parses and validates against the emulator's Houston 0.35 schema.
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../src/houston/documents.js';
import { parseVersion } from '../../src/houston/version.js';
import { houstonSchema } from '../../src/emulator/index.js';

/** The emulator speaks the 0.3x line; documents written for Houston 1.0 and later need their own schema. */
const EMULATED_BELOW: readonly [number, number, number] = [1, 0, 0];

function isBelow(since: string, limit: readonly [number, number, number]): boolean {
  const version = parseVersion(since);
  if (!version) throw new Error(`unparseable "since" version: ${since}`);
  for (let i = 0; i < 3; i++) if (version[i] !== limit[i]) return version[i]! < limit[i]!;
  return false;
}

const entries = Object.entries(DOCUMENTS).flatMap(([operation, versions]) =>
  versions.map((entry) => ({ name: `${operation} (since ${entry.since})`, operation, ...entry })),
);
const emulated = entries.filter((entry) => isBelow(entry.since, EMULATED_BELOW));

let schema: GraphQLSchema;

beforeAll(() => {
  schema = houstonSchema();
});

describe('gateway documents against the Houston schema', () => {
  it('cover every operation the gateway has, each with at least one 0.3x document', () => {
    expect(emulated.length).toBeGreaterThanOrEqual(Object.keys(DOCUMENTS).length);
    expect(new Set(emulated.map((entry) => entry.operation))).toEqual(new Set(Object.keys(DOCUMENTS)));
  });

  it.each(emulated)('$name validates', ({ operation, document }) => {
    const ast = parse(document);
    expect(validate(schema, ast).map((error) => error.message)).toEqual([]);
    // The operation is named after its key, so Houston's logs and the emulator's call log match the code.
    const names = ast.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : [],
    );
    expect(names).toEqual([operation]);
  });
});
