// The Houston 0.35 schema as SDL, and the executable schema built from it. `houstonSchema()`
// needs no running server: tests validate the gateway's documents against it.
//
// Resolvers are attached here rather than with @graphql-tools' makeExecutableSchema: that package
// is loaded outside vitest's module graph and brings its own copy of `graphql` (CJS next to the
// ESM build), and a schema from one copy fails every `instanceof` check of the other.
import { buildSchema, GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';
import { inputTypesSdl } from './sdl-inputs.js';
import { rootTypesSdl } from './sdl-root.js';
import { deploymentTypesSdl } from './sdl-deployment-types.js';
import { outputTypesSdl } from './sdl-types.js';

export const houstonSdl: string = [inputTypesSdl, outputTypesSdl, deploymentTypesSdl, rootTypesSdl].join('\n');

type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown, never>>;

function attach(schema: GraphQLSchema, map: Record<string, GraphQLScalarType | FieldResolvers>): GraphQLSchema {
  for (const [typeName, implementation] of Object.entries(map)) {
    const type = schema.getType(typeName);
    if (implementation instanceof GraphQLScalarType) {
      if (!(type instanceof GraphQLScalarType)) throw new Error(`${typeName} is not a scalar in the SDL`);
      type.serialize = implementation.serialize.bind(implementation);
      type.parseValue = implementation.parseValue.bind(implementation);
      type.parseLiteral = implementation.parseLiteral.bind(implementation);
      type.description = implementation.description;
      continue;
    }
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type in the SDL`);
    const fields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(implementation)) {
      const field = fields[fieldName];
      if (!field) throw new Error(`${typeName}.${fieldName} has a resolver but is not in the SDL`);
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

let cached: GraphQLSchema | undefined;

/** The executable schema; resolvers find their data in the per-request context, so one schema serves every emulator. */
export function houstonSchema(): GraphQLSchema {
  cached ??= attach(buildSchema(houstonSdl), resolvers as unknown as Record<string, GraphQLScalarType | FieldResolvers>);
  return cached;
}
