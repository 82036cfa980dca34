// The catalogue of gateway errors: one stable code and HTTP status each. Routes and plugins throw
// these; the problem+json error handler is the only place that turns them into responses.

export interface CatalogueEntry {
  status: number;
  title: string;
}

export const ERRORS = {
  GW_REQUEST_INVALID: { status: 400, title: 'The request does not match the schema' },
  GW_REQUEST_MALFORMED: { status: 400, title: 'The request body is not valid JSON' },
  GW_REQUEST_UNPARSABLE: { status: 400, title: 'The request is not valid HTTP/1.1' },
  GW_REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  GW_REQUEST_HEADER_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  GW_AUTH_MISSING: { status: 401, title: 'An API key is required' },
  GW_AUTH_INVALID: { status: 401, title: 'The API key is not valid' },
  GW_AUTH_SCOPE: { status: 403, title: 'The API key lacks the scope this route needs' },
  GW_AUTH_WORKSPACE: { status: 403, title: 'The API key may not act on this workspace' },
  GW_ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  GW_REQUEST_UNPROCESSABLE: { status: 422, title: 'The request cannot be carried out on the connected Houston' },
  GW_KEY_NOT_FOUND: { status: 404, title: 'No such caller key' },
  GW_KEY_CREDENTIAL_UNKNOWN: { status: 422, title: 'No Houston credential has that name' },
  GW_KEY_SELF_REVOKE: { status: 409, title: 'A caller key cannot revoke itself' },
  GW_KEY_LAST_ADMIN: { status: 409, title: 'The last active admin key cannot be revoked' },
  GW_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this route' },
  GW_REQUEST_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  GW_REQUEST_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  GW_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  GW_UPSTREAM_FORBIDDEN: { status: 403, title: 'Houston denied the operation' },
  GW_UPSTREAM_NOT_FOUND: { status: 404, title: 'Not found in Houston' },
  GW_UPSTREAM_CONFLICT: { status: 409, title: 'Houston reports a conflict' },
  GW_UPSTREAM_INVALID: { status: 422, title: 'Houston rejected the input' },
  GW_UPSTREAM_UNSUPPORTED: { status: 501, title: 'The connected Houston does not support this operation' },
  GW_UPSTREAM_UNAVAILABLE: { status: 502, title: 'Houston could not be reached' },
  GW_UPSTREAM_BAD_GATEWAY: { status: 502, title: 'Houston gave an unusable answer' },
  GW_UPSTREAM_TIMEOUT: { status: 504, title: 'Houston did not answer in time' },
  GW_OVERLOADED: { status: 503, title: 'The gateway is overloaded or a dependency is down' },
  GW_KEY_STORE_LOST: { status: 503, title: 'The caller-key store lost its data' },
  GW_UPSTREAM_CIRCUIT_OPEN: { status: 503, title: 'Houston is failing; the gateway is not calling it for now' },
  GW_IDEMPOTENCY_MISMATCH: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  GW_IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  GW_INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldProblem {
  /** JSON-pointer-like location, e.g. `body/label` or `params/deploymentId`. */
  field: string;
  message: string;
}

export interface UpstreamDetail {
  message: string;
  code?: string | undefined;
  path?: readonly (string | number)[] | undefined;
}

export interface GatewayErrorOptions {
  errors?: FieldProblem[];
  upstream?: UpstreamDetail;
  /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldProblem[] | undefined;
  readonly upstream: UpstreamDetail | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    /** Shown to the caller as `detail` for 4xx; 5xx details go to the log only. */
    detail?: string,
    options: GatewayErrorOptions = {},
  ) {
    super(detail ?? ERRORS[code].title, { cause: options.cause });
    this.name = 'GatewayError';
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
    this.errors = options.errors;
    this.upstream = options.upstream;
    this.headers = options.headers ?? {};
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
