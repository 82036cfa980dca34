// Schemas shared by every resource: ids, Houston enums, timestamps and the problem+json body.
import { z } from 'zod';

/**
 * Checks that JSON Schema cannot carry interoperably. A `pattern` must stay in JSON Schema's
 * interoperable regex subset (json-schema.org, "Regular Expressions"): Unicode property escapes such
 * as `\p{Cc}` are not in it, and tools that compile patterns without the `u` flag read `\P{Cc}` as
 * the literal text "P{Cc}" (Swagger UI and Postman pre-filled ids with it; an orval zod client
 * refused every real id, issue 16). These refinements run in the gateway like a pattern (400
 * GW_REQUEST_INVALID naming the field) but stay out of the OpenAPI document.
 */
const CONTROL = /\p{Cc}/u;

/** Refuses control characters (C0 with NUL and ESC, DEL, C1) anywhere in the string. */
export function withoutControls(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => !CONTROL.test(value), 'must not contain control characters');
}

/** Houston's ids are cuids (25 characters, starting with `c`); this one is only an example. */
export const EXAMPLE_ID = 'ckwq0k7cl000109l6c3f2b8xj';

/**
 * A Houston id in a path or body. Houston's id format differs between versions (cuid, uuid), so
 * the gateway only bounds it and refuses control characters; it always reaches Houston as a
 * GraphQL variable, never as text.
 */
export const HoustonIdSchema = withoutControls(z.string().min(1).max(128))
  .describe('A Houston id: a cuid (uuids on some Houston lines), without control characters')
  .meta({ examples: [EXAMPLE_ID] });

export const TimestampSchema = z.string().describe('ISO 8601 timestamp');

export const ExecutorSchema = z
  .enum(['CeleryExecutor', 'LocalExecutor', 'KubernetesExecutor'])
  .describe("Houston's ExecutorType enum value");

export const WorkspaceRoleSchema = z.enum(['WORKSPACE_ADMIN', 'WORKSPACE_EDITOR', 'WORKSPACE_VIEWER']);
export const DeploymentRoleSchema = z.enum(['DEPLOYMENT_ADMIN', 'DEPLOYMENT_EDITOR', 'DEPLOYMENT_VIEWER']);
export const SystemRoleSchema = z.enum(['SYSTEM_ADMIN', 'SYSTEM_EDITOR', 'SYSTEM_VIEWER']);

/** Houston's AllowedDeploymentModeValues (2.1 and later). */
export const DeploymentModeSchema = z.enum(['helm', 'operator']).describe('How the platform runs the deployment (Houston 2.1 and later)');

/**
 * Characters no label or description may hold: control characters (C0 with NUL and ESC, DEL, C1),
 * lone surrogates, and the Unicode bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
 * make text display other than it reads. Houston would store them; terminals and UIs then show them.
 */
const PLAIN_TEXT = /^[^\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]*$/u;
/** The same, but a description may run over several lines: line feeds and tabs are its only controls. */
const PLAIN_LINES = /^(?:[\n\t]|[^\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069])*$/u;

/** The one refinement every label and description schema uses (400 GW_REQUEST_INVALID naming the field). */
export function plainText(schema: z.ZodString, { lines = false }: { lines?: boolean } = {}): z.ZodString {
  // A refinement, not `.regex()`: the Unicode classes are outside the interoperable pattern subset
  // (see withoutControls), and lone surrogates cannot be written in it at all.
  return lines
    ? schema.refine((value) => PLAIN_LINES.test(value), 'must not contain control characters other than line feeds and tabs, bidi overrides or isolates, or lone surrogates')
    : schema.refine((value) => PLAIN_TEXT.test(value), 'must not contain control characters, bidi overrides or isolates, or lone surrogates');
}

export const LabelSchema = plainText(z.string().trim().min(1).max(256));

export const DescriptionSchema = plainText(z.string().max(4096), { lines: true });

export const FieldProblemSchema = z.object({ field: z.string(), message: z.string() });

export const ProblemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type'),
    title: z.string(),
    status: z.number().int().min(400).max(599).meta({ examples: [404] }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().describe('Stable gateway error code, e.g. GW_UPSTREAM_NOT_FOUND'),
    requestId: z.string(),
    errors: z.array(FieldProblemSchema).optional(),
    upstream: z
      .object({
        message: z.string(),
        code: z.string().optional(),
        path: z.array(z.union([z.string(), z.number()])).optional(),
      })
      .optional(),
  })
  .describe('RFC 9457 problem details')
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof ProblemSchema>;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 501 | 502 | 503 | 504;

/** An error response as the gateway sends it: a problem document under its own media type. */
export interface ProblemResponseObject {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemSchema } };
}

/** An error response that says what happened (the OpenAPI response's description). */
export function problemResponse(description: string): ProblemResponseObject {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** The 404 of a route that looks a resource up: a key that may not see it gets the same answer. */
export function notFound(what: string): string {
  return `No such ${what}, or this key may not see it`;
}

/** What every route's common failures mean; a route may say more (e.g. a 400 its body adds). */
export const COMMON_PROBLEMS = {
  400: 'The request does not match the schema; `errors` names each bad field (params, querystring, body or headers)',
  401: 'No caller key, or one that is unknown, malformed, revoked or expired',
  403: 'The caller key lacks the scope or the workspace, or Houston denied its credential the operation',
  429: 'Too many requests for this caller key, or too many failed authentications from this address; see Retry-After',
  501: 'The connected Houston line does not have this operation',
  502: 'Houston could not be reached or gave an unusable answer',
  503: 'The gateway is overloaded, or Houston is failing and the gateway is not calling it for now; see Retry-After',
  504: 'Houston did not answer in time (HOUSTON_TIMEOUT_MS)',
} as const satisfies Partial<Record<ErrorStatus, string>>;

/**
 * The error responses a route documents: every route can fail with auth, validation and upstream
 * errors (described once here); the statuses only some routes send (404, 409, 422) come with the
 * route's own words for what happened, e.g. `problemResponses({ 404: notFound('deployment') })`.
 */
export function problemResponses(described: Partial<Record<ErrorStatus, string>> = {}): Partial<Record<ErrorStatus, ProblemResponseObject>> {
  const descriptions: Partial<Record<ErrorStatus, string>> = { ...COMMON_PROBLEMS, ...described };
  return Object.fromEntries(
    Object.entries(descriptions)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, description]) => [status, problemResponse(description)]),
  );
}

/**
 * Problems the gateway answers before any route handler runs, to a request that sends a body:
 * 413 over BODY_LIMIT_BYTES, 415 for a body that is not JSON. The OpenAPI generation adds them to
 * every operation whose method carries a body (all but GET and HEAD, src/plugins/openapi.ts), so
 * routes never list them.
 */
export const BODY_PROBLEM_STATUSES = [413, 415] as const;

export function bodyProblemResponses(): Record<(typeof BODY_PROBLEM_STATUSES)[number], ProblemResponseObject> {
  return {
    413: problemResponse('The request body is larger than BODY_LIMIT_BYTES'),
    415: problemResponse('The request body is not application/json'),
  };
}

/**
 * Problems answered before any route is chosen, by the handler of requests Node's HTTP parser
 * refuses (clientErrorHandler, src/plugins/problem-details.ts): 400 for a request that is not valid
 * HTTP/1.1, 408 for one not received in time, 431 for headers over the size limit. Any operation can
 * get them, so the OpenAPI generation adds them to every operation (src/plugins/openapi.ts).
 */
export const PARSER_PROBLEM_STATUSES = [400, 408, 431] as const;

export function parserProblemResponses(): Record<(typeof PARSER_PROBLEM_STATUSES)[number], ProblemResponseObject> {
  return {
    400: problemResponse('The request is not valid HTTP/1.1 (refused by the HTTP parser before any route ran)'),
    408: problemResponse('The request was not received in time'),
    431: problemResponse('The request headers are larger than the server accepts'),
  };
}

/**
 * The answer of a cached GET (a route with `config.cache`) to an If-None-Match naming its current
 * ETag: no body. A JSON Schema for @fastify/swagger (`type: 'null'` leaves out the content), added
 * by the OpenAPI generation to every such operation; never given to a route's serializer.
 */
export const NotModifiedResponse = {
  type: 'null',
  description: 'Not Modified: the If-None-Match header names the current ETag of this answer; no body is sent',
  headers: {
    ETag: { type: 'string', description: 'The entity tag of the unchanged answer, to send again in If-None-Match' },
  },
} as const;
