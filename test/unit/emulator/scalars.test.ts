import { describe, expect, it } from 'vitest';
import { buildSchema, graphqlSync, parseValue } from 'graphql';
import { DateTimeScalar, IdScalar, JsonScalar, UuidScalar } from '../../../src/emulator/scalars.js';

describe('Uuid scalar', () => {
  it('passes ids through', () => {
    expect(UuidScalar.parseValue('cknrml96n02523xr97ygj95n5')).toBe('cknrml96n02523xr97ygj95n5');
    expect(UuidScalar.parseLiteral(parseValue('"cknrml96n02523xr97ygj95n5"'))).toBe('cknrml96n02523xr97ygj95n5');
  });

  it('treats "" as absent (the CLI sends it for unused ids)', () => {
    expect(UuidScalar.parseValue('')).toBeNull();
    expect(UuidScalar.parseLiteral(parseValue('""'))).toBeNull();
  });

  it('rejects values that are not strings', () => {
    expect(() => UuidScalar.parseValue({ id: 1 })).toThrow(TypeError);
    expect(() => UuidScalar.parseValue(true)).toThrow(TypeError);
    expect(() => UuidScalar.parseLiteral(parseValue('true'))).toThrow(TypeError);
  });

  it('serializes strings', () => {
    expect(UuidScalar.serialize('abc')).toBe('abc');
  });

  it('makes "" behave as absent in a real query', () => {
    const schema = buildSchema('scalar Uuid type Query { echo(id: Uuid): String }');
    const uuid = schema.getType('Uuid') as typeof UuidScalar;
    uuid.parseValue = UuidScalar.parseValue.bind(UuidScalar);
    const field = schema.getQueryType()?.getFields().echo;
    if (field) field.resolve = (_: unknown, args: { id: string | null }) => args.id ?? 'absent';
    const result = graphqlSync({ schema, source: 'query ($id: Uuid) { echo(id: $id) }', variableValues: { id: '' } });
    expect(result).toEqual({ data: { echo: 'absent' } });
  });
});

describe('Id scalar', () => {
  it('accepts strings and integers and treats "" as absent', () => {
    expect(IdScalar.parseValue('c1')).toBe('c1');
    expect(IdScalar.parseValue(42)).toBe('42');
    expect(IdScalar.parseValue('')).toBeNull();
  });
});

describe('DateTime scalar', () => {
  it('serializes dates as RFC 3339 strings', () => {
    expect(DateTimeScalar.serialize(new Date('2024-05-01T12:00:00Z'))).toBe('2024-05-01T12:00:00.000Z');
  });

  it('parses the nanosecond timestamps the CLI sends', () => {
    expect(DateTimeScalar.parseValue('2026-08-13T20:49:03.780819Z')).toEqual(new Date('2026-08-13T20:49:03.780Z'));
  });

  it('rejects text that is not a date', () => {
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(TypeError);
  });
});

describe('JSON scalar', () => {
  it('reads object literals, including nested variables', () => {
    const ast = parseValue('{executor: "CeleryExecutor", replicas: 2, nested: [$v, null, true]}');
    expect(JsonScalar.parseLiteral(ast, { v: 'x' })).toEqual({ executor: 'CeleryExecutor', replicas: 2, nested: ['x', null, true] });
  });
});
