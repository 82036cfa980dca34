import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withDeadline } from '../deadline.js';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'degraded', 'not-ready']).describe('degraded: ready, but Redis is unreachable'),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  })
  .meta({ id: 'Readiness' });

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
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
      summary: 'Readiness: Houston answers; Redis, when configured, is reported (degraded, still 200, when down)',
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
      // Without Redis the gateway still serves (uncached, on caller keys it checked recently): it
      // stays in rotation, and says it is degraded.
      let degraded = false;
      if (app.redis) {
        try {
          await withDeadline(app.redis.ping(), 1_000, 'Redis');
          checks.redis = { ok: true };
        } catch (error) {
          degraded = true;
          checks.redis = { ok: false, detail: error instanceof Error ? error.message : 'unreachable' };
        }
      }
      checks.cache = { ok: true, detail: app.cache.store === 'off' ? 'off' : degraded ? 'degraded: serving uncached' : app.cache.store };
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
