import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not-ready']),
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
      response: { 200: HealthSchema },
    },
    handler: () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      operationId: 'getReadiness',
      summary: 'Readiness: Houston answers (and Redis, once configured)',
      security: [],
      tags: ['operations'],
      response: { 200: ReadinessSchema, 503: ReadinessSchema },
    },
    handler: async (request, reply) => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      try {
        await app.houston.ping(request.id);
        checks.houston = { ok: true };
      } catch (error) {
        checks.houston = { ok: false, detail: error instanceof Error ? error.message : 'unreachable' };
      }
      const ready = Object.values(checks).every((check) => check.ok);
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ready ? 'ready' : 'not-ready', checks });
    },
  });
};

export default healthRoutes;
