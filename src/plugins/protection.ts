// Security headers (@fastify/helmet) and load shedding (@fastify/under-pressure): when the event
// loop lags or the heap is past its bound, new requests get 503 problem+json with Retry-After
// instead of queueing until everything times out. Probes are exempt so Kubernetes sees the truth
// from /readyz rather than a shed request.
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import { sendProblem } from './problem-details.js';

export interface ProtectionOptions {
  /** 0 turns the check off. */
  maxEventLoopDelayMs: number;
  /** 0 turns the check off. */
  maxHeapUsedBytes: number;
  /** Other origins may read responses (CORS_ORIGINS is set): resources are not same-origin only. */
  crossOriginReadable?: boolean;
}

const UNSHED = new Set(['/healthz', '/readyz', '/metrics']);

type HelmetOptions = Parameters<typeof helmet>[1];

/**
 * The headers @fastify/helmet sets for `options`, read once from a throwaway instance. Without CSP
 * nonces they are the same on every response, but the plugin builds its middleware from the
 * options anew on each request; set from this list they cost a few setHeader calls.
 */
export async function helmetHeaders(options: HelmetOptions): Promise<[string, string][]> {
  const probe = Fastify({ logger: false });
  let headers: [string, string][] = [];
  try {
    await probe.register(helmet, options);
    // Hidden: a throwaway route, never part of the gateway or its OpenAPI document.
    probe.get('/', { schema: { hide: true } }, async (_request, reply) => {
      headers = Object.entries(reply.getHeaders()).map(([name, value]) => [name, String(value)]);
      return '';
    });
    await probe.inject({ method: 'GET', url: '/' });
  } finally {
    await probe.close();
  }
  if (headers.length === 0) throw new Error('@fastify/helmet set no header');
  return headers;
}

async function protectionPlugin(app: FastifyInstance, options: ProtectionOptions) {
  let shed = 0;
  let lastReport = 0;
  // The API serves JSON; the only HTML is Swagger UI, whose inline scripts a strict CSP would block.
  // With CORS origins configured, Cross-Origin-Resource-Policy must not contradict them: browsers
  // apply it to no-cors loads (and a COEP page's embeds), and CORP has no per-origin form, so it
  // is `cross-origin`. That exposes nothing new: a no-cors request cannot carry a caller key (the
  // key headers are not CORS-safelisted), so it only ever reaches public probes and docs.
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: options.crossOriginReadable ? 'cross-origin' : 'same-origin' },
  });
  // Among the reply's own headers (an error answer keeps them: Fastify's error path drops only the
  // content type and length). Not on the raw response as helmet sets them: headers there make Node
  // store and check every one of the reply's headers again when the head is written.
  const headerObject = Object.fromEntries(securityHeaders);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headerObject);
    done();
  });
  await app.register(underPressure, {
    ...(options.maxEventLoopDelayMs > 0 ? { maxEventLoopDelay: options.maxEventLoopDelayMs } : {}),
    ...(options.maxHeapUsedBytes > 0 ? { maxHeapUsedBytes: options.maxHeapUsedBytes } : {}),
    exposeStatusRoute: false,
    // A rejected promise goes to the error handler (problem+json); a resolved one lets the request on.
    pressureHandler: async (request, reply, type) => {
      if (UNSHED.has(request.routeOptions.url ?? '')) return;
      // Answered here, not thrown: under overload a log line per shed request (and the error
      // handler's) would add to the load. One line per 10 s says how many were shed.
      shed += 1;
      if (Date.now() - lastReport >= 10_000) {
        request.log.warn({ pressure: type, shed }, 'shedding load');
        lastReport = Date.now();
        shed = 0;
      }
      return sendProblem(request, reply, new GatewayError('GW_OVERLOADED', 'The gateway is overloaded; retry shortly', { headers: { 'retry-after': '2' } }));
    },
  });
}

export default fp(protectionPlugin, { name: 'protection', fastify: '5.x', dependencies: ['problem-details'] });
