// Every document these tests send validates against the schema of the 0.x line they play, and the
// schema has the scalars and enums the official client depends on (FACTS §5).
import { describe, it, expect } from 'vitest';
import { GraphQLEnumType, GraphQLScalarType, buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { houstonSchema, houstonSdl } from '../../../src/emulator/index.js';
import * as documents from './documents.js';
import { HOUSTON_0X } from './seed.js';

const entries: [string, string][] = Object.entries(documents as Record<string, unknown>).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string',
);

function errorsOf(schema: GraphQLSchema, source: string): string[] {
  return validate(schema, parse(source)).map((error) => error.message);
}

describe('houstonSchema(0.37.7)', () => {
  const schema = houstonSchema(HOUSTON_0X);

  it('is given documents to check', () => {
    expect(entries.length).toBeGreaterThanOrEqual(34);
  });

  it.each(entries)('validates the %s document', (_name, source) => {
    expect(errorsOf(schema, source)).toEqual([]);
  });

  it('rejects a document that selects a field it does not have', () => {
    expect(errorsOf(schema, 'query { appConfig { version notAField } }')).toEqual([
      expect.stringContaining('Cannot query field "notAField"'),
    ]);
  });

  it('has the Uuid and Id scalars the client declares its variables with', () => {
    expect(schema.getType('Uuid')).toBeInstanceOf(GraphQLScalarType);
    expect(schema.getType('Id')).toBeInstanceOf(GraphQLScalarType);
    expect(schema.getType('JSON')).toBeInstanceOf(GraphQLScalarType);
  });

  it('has the Role and ExecutorType enums with the values the client sends', () => {
    const role = schema.getType('Role');
    const executor = schema.getType('ExecutorType');
    expect(role).toBeInstanceOf(GraphQLEnumType);
    expect(executor).toBeInstanceOf(GraphQLEnumType);
    const roleValues = (role as GraphQLEnumType).getValues().map((v) => v.name);
    for (const scope of ['SYSTEM', 'WORKSPACE', 'DEPLOYMENT']) {
      for (const level of ['ADMIN', 'EDITOR', 'VIEWER']) expect(roleValues).toContain(`${scope}_${level}`);
    }
    expect((executor as GraphQLEnumType).getValues().map((v) => v.name).sort()).toEqual([
      'CeleryExecutor',
      'KubernetesExecutor',
      'LocalExecutor',
    ]);
  });
});

describe('houstonSdl(0.37.7)', () => {
  const fromSdl = buildSchema(houstonSdl(HOUSTON_0X));

  it.each(entries)('builds a schema that also validates the %s document', (_name, source) => {
    expect(errorsOf(fromSdl, source)).toEqual([]);
  });

  it('describes the same root fields as houstonSchema()', () => {
    const schema = houstonSchema(HOUSTON_0X);
    const names = (s: GraphQLSchema) => ({
      query: Object.keys(s.getQueryType()?.getFields() ?? {}).sort(),
      mutation: Object.keys(s.getMutationType()?.getFields() ?? {}).sort(),
    });
    expect(names(fromSdl)).toEqual(names(schema));
  });
});
