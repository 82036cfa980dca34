// Security headers (@fastify/helmet) and load shedding (@fastify/under-pressure): when the event
// loop lags or the heap is past its bound, new requests get 503 problem+json with Retry-After
// instead of queueing until everything times out. Probes are exempt so Kubernetes sees the truth
// from /readyz rather than a shed request.
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
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

async function protectionPlugin(app: FastifyInstance, options: ProtectionOptions) {
  let shed = 0;
  let lastReport = 0;
  // The API serves JSON; the only HTML is Swagger UI, whose inline scripts a strict CSP would block.
  // With CORS origins configured, Cross-Origin-Resource-Policy must not contradict them: browsers
  // apply it to no-cors loads (and a COEP page's embeds), and CORP has no per-origin form, so it
  // is `cross-origin`. That exposes nothing new: a no-cors request cannot carry a caller key (the
  // key headers are not CORS-safelisted), so it only ever reaches public probes and docs.
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: options.crossOriginReadable ? 'cross-origin' : 'same-origin' },
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
