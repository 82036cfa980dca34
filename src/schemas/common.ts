// Schemas shared by every resource: ids, Houston enums, timestamps and the problem+json body.
import { z } from 'zod';

/**
 * A Houston id in a path. Houston's id format differs between versions (cuid, uuid), so the
 * gateway only bounds it; it always reaches Houston as a GraphQL variable, never as text.
 */
export const HoustonIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\P{Cc}+$/u, 'must not contain control characters')
  .describe('A Houston id');

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
  return lines
    ? schema.regex(PLAIN_LINES, 'must not contain control characters other than line feeds and tabs, bidi overrides or isolates, or lone surrogates')
    : schema.regex(PLAIN_TEXT, 'must not contain control characters, bidi overrides or isolates, or lone surrogates');
}

export const LabelSchema = plainText(z.string().trim().min(1).max(256));

export const DescriptionSchema = plainText(z.string().max(4096), { lines: true });

export const FieldProblemSchema = z.object({ field: z.string(), message: z.string() });

export const ProblemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
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
export const ProblemResponse = {
  description: 'An RFC 9457 problem document',
  content: { 'application/problem+json': { schema: ProblemSchema } },
};

/**
 * Problems the gateway answers before any route handler runs, to a request that sends a body:
 * 413 over BODY_LIMIT_BYTES, 415 for a body that is not JSON. The OpenAPI generation adds them to
 * every operation whose method carries a body (all but GET and HEAD, src/plugins/openapi.ts), so
 * routes never list them.
 */
export const BODY_PROBLEM_STATUSES = [413, 415] as const;

export function bodyProblemResponses(): Record<(typeof BODY_PROBLEM_STATUSES)[number], typeof ProblemResponse> {
  return { 413: ProblemResponse, 415: ProblemResponse };
}

/**
 * Problems answered before any route is chosen, by the handler of requests Node's HTTP parser
 * refuses (clientErrorHandler, src/plugins/problem-details.ts): 400 for a request that is not valid
 * HTTP/1.1, 408 for one not received in time, 431 for headers over the size limit. Any operation can
 * get them, so the OpenAPI generation adds them to every operation (src/plugins/openapi.ts).
 */
export const PARSER_PROBLEM_STATUSES = [400, 408, 431] as const;

export function parserProblemResponses(): Record<(typeof PARSER_PROBLEM_STATUSES)[number], typeof ProblemResponse> {
  return { 400: ProblemResponse, 408: ProblemResponse, 431: ProblemResponse };
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

/** The error responses a route documents; every route can fail with auth, validation and upstream errors. */
export function problemResponses(...extra: ErrorStatus[]): Partial<Record<ErrorStatus, typeof ProblemResponse>> {
  // 501: a route whose Houston operation the connected Houston line lacks.
  const statuses = new Set<ErrorStatus>([400, 401, 403, 429, 501, 502, 503, 504, ...extra]);
  return Object.fromEntries([...statuses].sort().map((status) => [status, ProblemResponse]));
}
