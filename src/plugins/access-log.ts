// One access line per request, instead of Fastify's two ("incoming request", "request completed"):
// method, route template (what dashboards group by), the loggable URL (path ids and the safe query
// parameters only, log-serializers.ts), status, duration, the Houston time when the request called
// Houston, the cache outcome, the caller key id and the request id (the logger's `reqId`).
// Probes and /metrics are logged at debug: polled every few seconds, they would drown the rest.
// So are successful reads (GET, HEAD, OPTIONS answered below 400): they are most of the traffic,
// and at info their lines cost more CPU than a cached answer itself. Writes, refusals, errors and
// aborted requests stay at info, as does the audit line of every write (auth/audit.ts); the
// Prometheus metrics count every request whatever the level.
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { loggableUrl } from './log-serializers.js';

/**
 * Fastify's log controller without its per-request lines (the access line replaces them); its
 * other diagnostics (stream errors, 503 while closing) stay.
 */
export class AccessLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(): void {}
}

/** Routes polled by machines: their access lines are at debug. */
export const QUIET_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const READS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The access line's level: debug for probes and successful reads, info for everything else. */
export function accessLevelOf(request: FastifyRequest, reply: FastifyReply, aborted: boolean): 'debug' | 'info' {
  if (QUIET_ROUTES.has(request.routeOptions.url ?? '')) return 'debug';
  return !aborted && reply.statusCode < 400 && READS.has(request.method) ? 'debug' : 'info';
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The access line's fields (the request id comes from the request's logger). */
export function accessLineOf(request: FastifyRequest, reply: FastifyReply, aborted = false): Record<string, unknown> {
  const cache = reply.getHeader('x-cache');
  return {
    method: request.method,
    route: request.routeOptions.url ?? null,
    url: loggableUrl(request.url),
    // An aborted request's status is the one it was sending, if it had begun; else none.
    status: aborted && !reply.raw.headersSent ? null : reply.statusCode,
    durationMs: round(reply.elapsedTime),
    ...(request.houstonCallsMade > 0 ? { houstonMs: round(request.houstonTimeMs), houstonCalls: request.houstonCallsMade } : {}),
    ...(typeof cache === 'string' ? { cache } : {}),
    // A refused key is named by id when the store knew it (revoked, expired), as in the audit line.
    callerKeyId: request.caller?.id ?? request.refusedKeyId ?? null,
    remoteAddress: request.ip,
    ...(aborted ? { aborted: true } : {}),
  };
}

/** The reply a raw response belongs to, for the one 'close' listener all responses share. */
const REPLY = Symbol('access-log reply');
type RawResponse = FastifyReply['raw'] & { [REPLY]?: FastifyReply };

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether this request's access line was written (or skipped at its level). */
    accessLogged: boolean;
  }
}

async function accessLog(app: FastifyInstance) {
  app.decorateRequest('accessLogged', false);
  const write = (request: FastifyRequest, reply: FastifyReply, aborted: boolean) => {
    if (request.accessLogged) return;
    request.accessLogged = true;
    const level = accessLevelOf(request, reply, aborted);
    // The line is not even built when its level is off.
    if ((request.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) === false) return;
    request.log[level](accessLineOf(request, reply, aborted), aborted ? 'request aborted by the client' : 'request completed');
  };
  // One function for every response (no closure per request).
  function onClose(this: RawResponse) {
    const reply = this[REPLY];
    if (reply && !this.writableFinished) write(reply.request, reply, true);
  }
  app.addHook('onResponse', (request, reply, done) => {
    write(request, reply, false);
    done();
  });
  // A caller that hangs up before its response is complete (an upload cut short, a live log
  // stream left) never reaches onResponse; its request is still one line.
  app.addHook('onRequest', (_request, reply, done) => {
    (reply.raw as RawResponse)[REPLY] = reply;
    // `on`, not `once`: a response closes once, and `once` would wrap the listener anew per request.
    reply.raw.on('close', onClose);
    done();
  });
}

export default fp(accessLog, { name: 'access-log', fastify: '5.x', dependencies: ['auth', 'houston'] });
