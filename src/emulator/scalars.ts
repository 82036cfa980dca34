// Houston's custom scalars. Uuid and Id carry cuid-like strings; the CLI sends "" for unused
// optional ids (FACTS §5.2), so "" parses to null, which resolvers treat as "absent".
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function idScalar(name: string, description: string): GraphQLScalarType<string | null, string> {
  const parse = (value: unknown): string | null => {
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value !== 'string') throw new TypeError(`${name} cannot represent a non-string value: ${JSON.stringify(value)}`);
    return value === '' ? null : value;
  };
  return new GraphQLScalarType<string | null, string>({
    name,
    description,
    serialize: (value) => {
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw new TypeError(`${name} cannot represent value: ${JSON.stringify(value)}`);
    },
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT) throw new TypeError(`${name} cannot represent a non-string value`);
      return parse(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    },
  });
}

export const UuidScalar = idScalar('Uuid', 'A record id (cuid-like). An empty string means "not given".');
export const IdScalar = idScalar('Id', 'A record id, used by the deployment-user operations. An empty string means "not given".');

function parseDate(value: unknown): Date | null {
  if (value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError('DateTime must be an ISO 8601 string');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent value: ${JSON.stringify(value)}`);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date | null, string>({
  name: 'DateTime',
  description: 'An ISO 8601 / RFC 3339 timestamp, e.g. 2024-05-01T12:00:00.000Z.',
  serialize: (value) => {
    const date = value instanceof Date ? value : parseDate(value);
    if (date === null) throw new TypeError('DateTime cannot represent an empty value');
    return date.toISOString();
  },
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string');
    return parseDate(ast.value);
  },
});

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
