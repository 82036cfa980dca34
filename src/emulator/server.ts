// The emulator's HTTP face: POST /v1 (and POST /) for GraphQL, GET /healthz. Each request that
// carries a parsable document is recorded, then faults apply, then it executes.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { resolvePrincipal } from './auth.js';
import { recordableHeaders, rootFieldsOf, type CallRecorder } from './call-log.js';
import type { EmulatorConfig } from './context.js';
import { settleDeployment } from './deployment-state.js';
import type { Faults } from './faults.js';
import { executeRequest, formatError, isParsed, parseRequest, type GraphQLHttpResult } from './graphql-http.js';
import type { HoustonLine } from './schema/index.js';
import type { Store } from './store.js';

export interface ServerDeps {
  /** The schema of `line`. */
  schema: GraphQLSchema;
  store: Store;
  config: EmulatorConfig;
  line: HoustonLine;
  /** False refuses __schema and __type as Apollo Server does with introspection off. */
  introspection: boolean;
  faults: Faults;
  calls: CallRecorder;
  logger: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(reply: FastifyReply, result: GraphQLHttpResult): FastifyReply {
  return reply.code(result.status).type('application/json; charset=utf-8').send(JSON.stringify(result.body));
}

/** Applies the configured fault; true when the request has been answered (or dropped). */
async function injectFault(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const latency = deps.faults.current.latencyMs ?? 0;
  if (latency > 0) await sleep(latency);
  switch (deps.faults.decide()) {
    case 'closeSocket':
      reply.hijack();
      request.raw.socket.destroy();
      return true;
    case 'fail': {
      const status = deps.faults.current.failStatus ?? 502;
      await reply.code(status).type('text/plain; charset=utf-8').send(`Houston emulator: injected ${status} failure\n`);
      return true;
    }
    case 'malformedBody':
      await reply.code(200).type('application/json; charset=utf-8').send('{"data": {"appConfig": <html>upstream hiccup');
      return true;
    case 'none':
      return false;
  }
}

async function handleGraphQL(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = parseRequest(request.body);
  if (isParsed(parsed)) {
    deps.calls.record({
      rootFields: rootFieldsOf(parsed.document, parsed.operation),
      operationName: parsed.operationName ?? parsed.operation?.name?.value ?? null,
      query: parsed.query,
      variables: parsed.variables,
      headers: recordableHeaders(request.headers),
    });
  }
  if (await injectFault(deps, request, reply)) return reply;
  if (reply.raw.destroyed) return reply;
  if (!isParsed(parsed)) return send(reply, parsed);
  const now = new Date();
  for (const deployment of deps.store.deployments.values()) settleDeployment(deployment, now, deps.config.deployingMs);
  const principal = resolvePrincipal(deps.store, request.headers.authorization, now);
  const context = { store: deps.store, config: deps.config, line: deps.line, principal, now };
  const result = await executeRequest(deps.schema, parsed, context, { introspection: deps.introspection });
  const answerDelay = deps.faults.current.answerDelayMs ?? 0;
  if (answerDelay > 0) await sleep(answerDelay);
  if (reply.raw.destroyed) return reply;
  return send(reply, result);
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    // Closing must drop keep-alive and in-flight sockets, so a stopped emulator refuses at once.
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
  });
  // Requests that never reach GraphQL (bad JSON, wrong content type) still get a GraphQL-shaped 4xx.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    return send(reply, { status, body: { errors: [formatError(new GraphQLError(error.message), code)] } });
  });
  app.get('/healthz', () => ({ status: 'ok' }));
  app.post('/v1', (request, reply) => handleGraphQL(deps, request, reply));
  app.post('/', (request, reply) => handleGraphQL(deps, request, reply));
  return app;
}
