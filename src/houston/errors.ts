// The one place where every Houston failure — transport, HTTP, GraphQL error, empty result — becomes
// a typed HoustonError. Houston answers most failures with HTTP 200 and an `errors` array whose
// first message is all its own client reads (FACTS.md §1.2), so the mapping keys on that message
// and on Apollo's `extensions.code`.
import { ClientError } from 'graphql-request';
import { GatewayError, type ErrorCode, type UpstreamDetail } from '../errors.js';

export type HoustonErrorKind =
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'unsupported'
  | 'unavailable'
  | 'timeout'
  | 'bad-gateway';

const CODE_BY_KIND: Record<HoustonErrorKind, ErrorCode> = {
  forbidden: 'GW_UPSTREAM_FORBIDDEN',
  'not-found': 'GW_UPSTREAM_NOT_FOUND',
  conflict: 'GW_UPSTREAM_CONFLICT',
  invalid: 'GW_UPSTREAM_INVALID',
  unsupported: 'GW_UPSTREAM_UNSUPPORTED',
  unavailable: 'GW_UPSTREAM_UNAVAILABLE',
  timeout: 'GW_UPSTREAM_TIMEOUT',
  'bad-gateway': 'GW_UPSTREAM_BAD_GATEWAY',
};

export class HoustonError extends GatewayError {
  constructor(
    readonly kind: HoustonErrorKind,
    readonly operation: string,
    detail: string,
    upstream?: UpstreamDetail,
    cause?: unknown,
  ) {
    super(CODE_BY_KIND[kind], detail, { ...(upstream ? { upstream } : {}), cause });
    this.name = 'HoustonError';
  }
}

interface GraphQLErrorLike {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown } | null;
}

const PERMISSION_MESSAGES = ['You do not have the appropriate permissions for that', 'AUTH_TOKEN_REFRESH_FAILED'];

/**
 * Houston refuses some input with plain Errors (code INTERNAL_SERVER_ERROR), not UserInputErrors:
 * WorkspaceDeleteError and InvalidDeploymentError's reserved environment variables.
 */
const PLAIN_REJECTIONS = /must first deprovision all deployments|cannot be overridden/i;

/** graphql-js variable coercion (Apollo: HTTP 400): the values sent do not fit the declared types. */
const VARIABLE_COERCION = /^Variable "\$[^"]+" (got invalid value|of required type .* was not provided|of non-null type)/;

/** Classifies Houston's first GraphQL error (the one its official client reads). */
export function classifyGraphQLError(error: GraphQLErrorLike, httpStatus: number): HoustonErrorKind {
  const message = typeof error.message === 'string' ? error.message : '';
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : '';
  if (code === 'UNAUTHENTICATED') return 'bad-gateway'; // the gateway's own Houston credential is bad
  if (code === 'FORBIDDEN' || PERMISSION_MESSAGES.includes(message)) return 'forbidden';
  if (code === 'GRAPHQL_VALIDATION_FAILED' || /Cannot query field|Unknown argument|Unknown type/.test(message)) {
    // Our document does not fit this Houston's schema: a version drift, not the caller's fault.
    return 'unsupported';
  }
  // Before the not-found test: a bad enum value reads 'Value "X" does not exist in "ExecutorType" enum.'
  if (VARIABLE_COERCION.test(message) || PLAIN_REJECTIONS.test(message)) return 'invalid';
  if (/not found|does not exist|no .* with id/i.test(message) || code === 'NOT_FOUND') return 'not-found';
  if (/already/i.test(message) || code === 'CONFLICT') return 'conflict';
  if (code === 'BAD_USER_INPUT' || /got invalid value|invalid/i.test(message) || httpStatus === 400) return 'invalid';
  return 'bad-gateway';
}

function upstreamDetail(error: GraphQLErrorLike): UpstreamDetail {
  const path = Array.isArray(error.path) ? (error.path as (string | number)[]) : undefined;
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  return { message: typeof error.message === 'string' ? error.message : 'unknown error', code, path };
}

function describe(kind: HoustonErrorKind, operation: string): string {
  switch (kind) {
    case 'forbidden':
      return `Houston does not allow the gateway's credential to run ${operation}`;
    case 'not-found':
      return 'The resource does not exist in Houston';
    case 'conflict':
      return 'The resource already exists in Houston';
    case 'invalid':
      return 'Houston rejected the values sent';
    case 'unsupported':
      return `The Houston platform does not support ${operation} as the gateway sends it`;
    case 'unavailable':
      return 'Houston could not be reached';
    case 'timeout':
      return 'Houston did not answer in time';
    case 'bad-gateway':
      return 'Houston gave an answer the gateway cannot use';
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** Turns anything a Houston call threw into a HoustonError. */
export function toHoustonError(error: unknown, operation: string): HoustonError {
  if (error instanceof HoustonError) return error;
  // graphql-request's ClientError message embeds the request variables (e-mails, secret values)
  // and Houston's whole answer, so it is never kept as the cause that reaches the log.
  const cause = error instanceof ClientError ? undefined : error;
  const make = (kind: HoustonErrorKind, upstream?: UpstreamDetail) =>
    new HoustonError(kind, operation, describe(kind, operation), upstream, cause);

  if (errorName(error) === 'TimeoutError' || errorName(error) === 'AbortError') return make('timeout');
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0] as GraphQLErrorLike | undefined;
    const status = error.response.status;
    if (first) return make(classifyGraphQLError(first, status), upstreamDetail(first));
    return make('bad-gateway', { message: `HTTP ${status} without a GraphQL answer` });
  }
  // fetch() reports refused/reset connections and DNS failures as a TypeError with a cause.
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) return make('unavailable');
  return make('bad-gateway');
}

/** Houston answers null (no error) for an unknown id on some queries: that is a 404. */
export function notFound(operation: string): HoustonError {
  return new HoustonError('not-found', operation, describe('not-found', operation));
}
