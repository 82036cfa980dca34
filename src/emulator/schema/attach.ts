// Attaches the resolvers to a line's schema built from SDL.
//
// Resolvers are attached here rather than with @graphql-tools' makeExecutableSchema: that package
// is loaded outside vitest's module graph and brings its own copy of `graphql` (CJS next to the
// ESM build), and a schema from one copy fails every `instanceof` check of the other.
import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** A subscription field brings its event source (`subscribe`) beside its `resolve`. */
type SubscriptionField = { subscribe: GraphQLFieldResolver<unknown, unknown, never>; resolve: GraphQLFieldResolver<unknown, unknown, never> };
type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown, never> | SubscriptionField>;
export type ResolverMap = Record<string, GraphQLScalarType | FieldResolvers>;

/**
 * One resolver map serves every line: a resolver whose type or field the line lacks is skipped (a
 * test checks that each one exists in some line, so a misspelt name does not go unnoticed).
 */
export function attachResolvers(schema: GraphQLSchema, map: ResolverMap): GraphQLSchema {
  for (const [typeName, implementation] of Object.entries(map)) {
    const type = schema.getType(typeName);
    if (!type) continue;
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
    for (const [fieldName, resolver] of Object.entries(implementation)) {
      const field = fields[fieldName];
      if (!field) continue;
      if (typeof resolver === 'function') {
        field.resolve = resolver as GraphQLFieldResolver<unknown, unknown>;
      } else {
        field.subscribe = resolver.subscribe as GraphQLFieldResolver<unknown, unknown>;
        field.resolve = resolver.resolve as GraphQLFieldResolver<unknown, unknown>;
      }
    }
  }
  return schema;
}
