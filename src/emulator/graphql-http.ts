// GraphQL over HTTP the way Houston (Apollo Server) answers: request errors (parse, validation,
// variable coercion) are HTTP 400 with no `data`; execution answers 200 with `data` and, only when
// there are some, `errors`. Never `"errors": []` (it crashes the official client, FACTS §1.2).
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import type { EmulatorContext } from './context.js';

export interface GraphQLHttpResult {
  status: number;
  body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

export interface ParsedRequest {
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
  document: DocumentNode;
  operation: OperationDefinitionNode | null;
}

function requestError(status: number, code: string, errors: readonly GraphQLError[] | string): GraphQLHttpResult {
  const list = typeof errors === 'string' ? [new GraphQLError(errors)] : errors;
  return { status, body: { errors: list.map((error) => formatError(error, code)) } };
}

/** Apollo's shape; an error without a code is an unexpected one. */
export function formatError(error: GraphQLError, fallbackCode = 'INTERNAL_SERVER_ERROR'): GraphQLFormattedError {
  const json = error.toJSON();
  const code = json.extensions?.code ?? fallbackCode;
  return { ...json, extensions: { ...json.extensions, code } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the body and parses the document; anything wrong is the HTTP 400 answer. */
export function parseRequest(body: unknown): ParsedRequest | GraphQLHttpResult {
  if (!isRecord(body) || typeof body.query !== 'string' || body.query.trim() === '') {
    return requestError(400, 'BAD_REQUEST', 'GraphQL operations must contain a non-empty `query`.');
  }
  const variables = body.variables ?? null;
  if (variables !== null && !isRecord(variables)) {
    return requestError(400, 'BAD_REQUEST', '`variables` in a POST body should be an object if provided.');
  }
  const operationName = typeof body.operationName === 'string' ? body.operationName : null;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    if (error instanceof GraphQLError) return requestError(400, 'GRAPHQL_PARSE_FAILED', [error]);
    throw error;
  }
  const operation = getOperationAST(document, operationName ?? undefined) ?? null;
  return { query: body.query, variables, operationName, document, operation };
}

export function isParsed(value: ParsedRequest | GraphQLHttpResult): value is ParsedRequest {
  return 'document' in value;
}

export const INTROSPECTION_DISABLED_MESSAGE =
  'GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production';

/** Apollo Server's NoIntrospection rule: a validation error, so the answer is a 400 like any other. */
function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(new GraphQLError(INTROSPECTION_DISABLED_MESSAGE, { nodes: node }));
      }
    },
  };
}

const WITHOUT_INTROSPECTION = [...specifiedRules, noIntrospection];

export async function executeRequest(
  schema: GraphQLSchema,
  request: ParsedRequest,
  context: EmulatorContext,
  options: { introspection: boolean } = { introspection: true },
): Promise<GraphQLHttpResult> {
  const validationErrors = validate(schema, request.document, options.introspection ? specifiedRules : WITHOUT_INTROSPECTION);
  if (validationErrors.length > 0) return requestError(400, 'GRAPHQL_VALIDATION_FAILED', validationErrors);
  const { operation } = request;
  if (!operation) {
    const message = request.operationName
      ? `Unknown operation named "${request.operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
    return requestError(400, 'OPERATION_RESOLUTION_FAILURE', message);
  }
  if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
    return requestError(400, 'BAD_REQUEST', 'Subscriptions are served over WebSocket at /ws (graphql-ws sub-protocol), not over HTTP.');
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 50 });
  if (coerced.errors) return requestError(400, 'BAD_USER_INPUT', coerced.errors);
  const result = await execute({
    schema,
    document: request.document,
    operationName: request.operationName,
    variableValues: request.variables,
    contextValue: context,
  });
  const body: GraphQLHttpResult['body'] = {};
  if (result.errors && result.errors.length > 0) body.errors = result.errors.map((error) => formatError(error));
  body.data = result.data ?? null;
  return { status: 200, body };
}
