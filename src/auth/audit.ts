// One audit line per write request (POST, PUT, PATCH, DELETE on a scoped route), whatever its
// outcome, on a child logger named `audit` so it can be routed apart from the request log. It is
// written in onSend, which runs even when the caller has hung up (onResponse does not), because
// the write happened in Houston all the same. Its level is its own: LOG_LEVEL=warn keeps it. The
// line names who (caller key id and name), what (route, target ids) and how it ended; it never
// holds a body, so no secret value, Houston key or caller key can reach it.
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { addRouteHook } from '../plugins/hook-when.js';
import { loggableId } from '../plugins/log-serializers.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Body fields that name what a write acts on (ids only, never values). */
const TARGET_BODY_FIELDS = ['workspaceId', 'deploymentId'] as const;

/** A body id is logged only when it looks like an id (the body may have failed validation). */
const PLAIN_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

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
    // Raw when the params failed validation: an e-mail or a key in the path is not logged.
    if (typeof value === 'string') targets[name] = loggableId(value);
  }
  const body = request.body as Record<string, unknown> | undefined;
  for (const name of TARGET_BODY_FIELDS) {
    const value = body?.[name];
    if (typeof value === 'string' && PLAIN_ID.test(value) && !(name in targets)) targets[name] = value;
  }
  const location = reply.getHeader('location');
  if (typeof location === 'string') targets.created = location;
  return targets;
}

export interface AuditPluginOptions {
  /** The audit line's level floor: `silent` silences it with everything else. */
  silent: boolean;
}

async function auditPlugin(app: FastifyInstance, options: AuditPluginOptions) {
  const audit = app.log.child({ name: 'audit' }, { level: options.silent ? 'silent' : 'info' });
  const written = new WeakSet<FastifyRequest>();
  // Only on scoped routes that take a write method (reads never call it); a callback hook, as it
  // does nothing asynchronous.
  const auditHook: onSendHookHandler = (request, reply, payload, done) => {
    if (!WRITE_METHODS.has(request.method) || !request.routeOptions.config.scope || written.has(request)) {
      done(null, payload);
      return;
    }
    written.add(request);
    audit.info(
      {
        reqId: request.id,
        // A refused key is named by id when the store knew it (revoked, expired).
        callerKeyId: request.caller?.id ?? request.refusedKeyId ?? null,
        callerKeyName: request.caller?.name ?? null,
        method: request.method,
        route: request.routeOptions.url,
        targets: targetsOf(request, reply),
        status: reply.statusCode,
        outcome: outcomeOf(reply.statusCode),
      },
      'audit',
    );
    done(null, payload);
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.config?.scope && methods.some((method) => WRITE_METHODS.has(method))) addRouteHook(route, 'onSend', auditHook);
  });
}

export default fp(auditPlugin, { name: 'audit', fastify: '5.x', dependencies: ['auth'] });
