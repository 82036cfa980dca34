// Per-caller-key rate limits with @fastify/rate-limit. With Redis every gateway instance counts
// against one budget per key; without it each instance counts alone. Public routes (health,
// docs) are not limited here. A failing Redis lets requests through rather than refusing them all.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import { redisLayout } from '../redis-layout.js';
import { asStoreConstructor, leasedRateLimitStore } from './rate-limit-store.js';

export interface RateLimitPluginOptions {
  /** Default requests per window, for keys without their own limit. */
  max: number;
  windowSeconds: number;
  keyPrefix: string;
}

async function rateLimitPlugin(app: FastifyInstance, options: RateLimitPluginOptions) {
  const limitOf = (request: FastifyRequest) => request.caller?.rateLimit;
  await app.register(rateLimit, {
    global: true,
    // Route-level onRequest hooks run after the app's, so the caller is known by now.
    hook: 'onRequest',
    // Counted in Redis by leases (rate-limit-store.ts): a hot key asks Redis about once per 20 ms.
    ...(app.redis ? { store: asStoreConstructor(leasedRateLimitStore(app.redis, redisLayout(options.keyPrefix).rateLimitNamespace)) } : {}),
    skipOnError: true,
    allowList: (request) => request.caller === null,
    keyGenerator: (request) => request.caller?.id ?? request.ip,
    max: (request) => limitOf(request)?.max ?? options.max,
    timeWindow: (request) => (limitOf(request)?.windowSeconds ?? options.windowSeconds) * 1000,
    // RateLimit-Limit / -Remaining / -Reset (IETF draft) and Retry-After on 429.
    enableDraftSpec: true,
    onExceeded: (request) => request.log.info({ callerKeyId: request.caller?.id }, 'rate limit exceeded'),
    errorResponseBuilder: (request, context) => {
      const windowSeconds = limitOf(request)?.windowSeconds ?? options.windowSeconds;
      return new GatewayError(
        'GW_RATE_LIMITED',
        `This caller key may make ${context.max} requests per ${windowSeconds} s; retry in ${context.after}`,
      );
    },
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit', fastify: '5.x', dependencies: ['auth', 'redis'] });
