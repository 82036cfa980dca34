// One audit line per write request (POST, PUT, PATCH, DELETE on a scoped route), whatever its
// outcome, on a child logger named `audit` so it can be routed apart from the request log. The
// line names who (caller key id and name), what (route, target ids) and how it ended; it never
// holds a body, so no secret value, Houston key or caller key can reach it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Body fields that name what a write acts on (ids only, never values). */
const TARGET_BODY_FIELDS = ['workspaceId', 'deploymentId'] as const;

export type AuditOutcome = 'succeeded' | 'refused' | 'denied' | 'rejected' | 'failed';

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'succeeded';
  if (status === 401) return 'refused';
  if (status === 403) return 'denied';
  if (status < 500) return 'rejected';
  return 'failed';
}

function targetsOf(request: FastifyRequest, reply: FastifyReply): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') targets[name] = value;
  }
  const body = request.body as Record<string, unknown> | undefined;
  for (const name of TARGET_BODY_FIELDS) {
    const value = body?.[name];
    if (typeof value === 'string' && !(name in targets)) targets[name] = value;
  }
  const location = reply.getHeader('location');
  if (typeof location === 'string') targets.created = location;
  return targets;
}

async function auditPlugin(app: FastifyInstance) {
  const audit = app.log.child({ name: 'audit' });
  app.addHook('onResponse', async (request, reply) => {
    if (!WRITE_METHODS.has(request.method) || !request.routeOptions.config.scope) return;
    audit.info(
      {
        reqId: request.id,
        callerKeyId: request.caller?.id ?? null,
        callerKeyName: request.caller?.name ?? null,
        method: request.method,
        route: request.routeOptions.url,
        targets: targetsOf(request, reply),
        status: reply.statusCode,
        outcome: outcomeOf(reply.statusCode),
      },
      'audit',
    );
  });
}

export default fp(auditPlugin, { name: 'audit', fastify: '5.x', dependencies: ['auth'] });
