// CORS (@fastify/cors) for the browser origins in CORS_ORIGINS, so a portal on another origin can
// call the API with a caller key. Registered only when origins are configured: without them no
// response carries a CORS header, as before.
// - Origins are matched exactly; any other origin (or none) gets no CORS header at all, and its
//   preflight is not answered (404 problem+json, nothing about methods or headers).
// - Preflights are answered in onRequest, before authentication: a browser never sends the key
//   with a preflight, so a 401 there would block every cross-origin call.
// - No credentials mode: callers send a bearer key in a header, never a cookie, so there is no
//   ambient credential for a page to borrow, and `Access-Control-Allow-Credentials` stays off.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface CorsPluginOptions {
  /** Exact origins (`https://portal.example.com`). */
  origins: readonly string[];
}

/** Every method a route answers (OPTIONS is the preflight itself). */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Request headers a caller may send: the key (either form), JSON bodies, idempotent writes,
 * conditional and cache-bypassing reads, its own request id, and W3C trace context. Accept is
 * CORS-safelisted, so `Accept: text/event-stream` needs no entry.
 */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'X-API-Key',
  'Content-Type',
  'Idempotency-Key',
  'If-None-Match',
  'Cache-Control',
  'X-Request-Id',
  'traceparent',
  'tracestate',
];

/**
 * Response headers a page may read beyond the CORS-safelisted ones (Cache-Control, Content-Type, …):
 * what the README tells callers to look at — the created resource, paging, the cache, the rate
 * limit (@fastify/rate-limit's draft-spec names), retries, idempotent replays and the request id.
 */
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Link',
  'Age',
  'Warning',
  'X-Cache',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
  'WWW-Authenticate',
  'X-Request-Id',
];

/** How long a browser may reuse a preflight answer: short, so a changed CORS_ORIGINS takes hold soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

async function corsPlugin(app: FastifyInstance, options: CorsPluginOptions) {
  const allowed = new Set(options.origins);
  await app.register(cors, {
    // A function, not the list: with a list @fastify/cors still sends the preflight and expose
    // headers to an origin it refuses. `false` makes it add nothing and leave the request alone.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    strictPreflight: true,
    hook: 'onRequest',
  });
}

export default fp(corsPlugin, { name: 'cors', fastify: '5.x', dependencies: ['problem-details'] });
