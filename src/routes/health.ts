import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallerKeyStoreLostError } from '../auth/key-record.js';
import type { RedisTopology } from '../config.js';
import { describeTopology } from '../redis.js';
import { probeRedis } from '../redis-health.js';

export interface HealthRoutesOptions {
  redis: { topology: RedisTopology | undefined; keyPrefix: string };
}

/** A well-formed key no store holds: looking it up proves the caller-key store can be read and still has its data. */
const PROBE_KEY = 'readiness-probe-not-a-caller-key';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'degraded', 'not-ready']).describe('degraded: serving, but a Redis-backed store is not working fully (see checks)'),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  })
  .meta({ id: 'Readiness' });

const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  app.get('/healthz', {
    schema: {
      operationId: 'getHealth',
      summary: 'Liveness: the process is up',
      security: [],
      tags: ['operations'],
      response: { 200: HealthSchema.describe('The process is up') },
    },
    handler: () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      operationId: 'getReadiness',
      summary: 'Readiness: Houston answers; Redis (role, writes) and each store it backs are reported (degraded, still 200)',
      security: [],
      tags: ['operations'],
      response: {
        200: ReadinessSchema.describe('Ready: Houston answers (status degraded when Redis is down)'),
        503: ReadinessSchema.describe('Not ready: Houston does not answer; checks say why'),
      },
    },
    handler: async (request, reply) => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      try {
        await app.houston.ping(request.id);
        checks.houston = { ok: true };
      } catch (error) {
        checks.houston = { ok: false, detail: error instanceof Error ? error.message : 'unreachable' };
      }
      // Without a working Redis the gateway still serves (uncached, without shared rate limits, on
      // caller keys it checked recently): it stays in rotation, and says which stores are degraded.
      let degraded = false;
      const { topology, keyPrefix } = options.redis;
      if (app.redis) {
        const redis = await probeRedis(app.redis, keyPrefix, 1_000);
        checks.redis = { ok: redis.ok, detail: `${topology ? describeTopology(topology) : 'redis'}: ${redis.detail}` };
        degraded = !redis.ok;
        checks.rateLimits = redis.ok ? { ok: true } : { ok: false, detail: 'degraded: not enforced until Redis takes writes' };
        checks.idempotency = redis.ok ? { ok: true } : { ok: false, detail: 'degraded: writes with an Idempotency-Key are refused 503' };
      }
      try {
        await app.callerKeys.authenticate(PROBE_KEY);
        checks.callerKeys = { ok: true };
      } catch (error) {
        degraded = true;
        const lost = error instanceof CallerKeyStoreLostError;
        checks.callerKeys = {
          ok: false,
          detail: lost ? `${error.message}; restore it (from AOF or a backup), or start anew with \`keys create\`` : 'degraded: only keys accepted in the last minutes are let in',
        };
      }
      const cacheDegraded = !app.cache.healthy() || checks.redis?.ok === false;
      checks.cache = { ok: true, detail: app.cache.store === 'off' ? 'off' : cacheDegraded ? 'degraded: serving uncached' : app.cache.store };
      // What the connected Houston lacks is not a readiness failure: those routes answer 501, the rest work.
      let selection = app.houston.lastSelection();
      if (!selection && checks.houston.ok) selection = await app.houston.selection({ requestId: request.id }).catch(() => null);
      const unsupported = app.houstonUnsupportedRoutes(selection);
      checks.houstonSchema = selection
        ? { ok: true, detail: unsupported.length ? `unsupported on this Houston: ${unsupported.map((u) => u.route).join(', ')}` : `all routes supported (learned by ${selection.source})` }
        : { ok: true, detail: 'not learned yet' };
      const ready = checks.houston?.ok === true;
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: !ready ? 'not-ready' : degraded ? 'degraded' : 'ready', checks });
    },
  });
};

export default healthRoutes;
