// The ops listener (OPS_PORT): a second HTTP server on its own port, feeding the same Fastify app,
// so /metrics (and, by OPS_ROUTES, the docs and /admin/keys) can be kept off the public port while
// sharing every plugin, decorator and counter with it. Probes answer on both ports.
//
// Why one app and two servers rather than two apps: the moved routes need the whole gateway
// (metrics read the cache counters and the Houston client; /admin/keys needs auth, rate limits and
// the audit line). Each request the ops server accepts is marked, and a router constraint
// (`listener`) decides which routes match it: a moved route is registered for `ops` only, every
// other route for `public` only, probes for both. A request for a route on the other port
// therefore finds no route at all and gets the gateway's 404 problem+json before any hook runs.
// The mark is set by the server that accepted the request, so it does not depend on ports,
// addresses or headers a client could choose.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { OpsRouteGroup } from '../config.js';
import { clientErrorHandler } from './problem-details.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ops listener's server (OPS_PORT); null when there is none. */
    opsServer: Server | null;
  }
}

export interface OpsListenerOptions {
  /** The ops listener; undefined: none (nothing changes, `app.opsServer` is null). */
  listener: OpsListenerSettings | undefined;
}

export interface OpsListenerSettings {
  port: number;
  host: string;
  /** Route groups served on the ops listener instead of the public one. */
  routes: readonly OpsRouteGroup[];
}

type Listener = 'ops' | 'public';

/** Which group a route belongs to, by its URL template. */
export function routeGroupOf(url: string): OpsRouteGroup | 'probe' | 'api' {
  if (url === '/healthz' || url === '/readyz') return 'probe';
  if (url === '/metrics') return 'metrics';
  if (url === '/openapi.json' || url === '/docs' || url.startsWith('/docs/')) return 'docs';
  if (url === '/admin' || url.startsWith('/admin/')) return 'admin';
  return 'api';
}

/** Requests accepted by an ops server (any app's: the mark only says which socket it came in on). */
const opsRequests = new WeakSet<IncomingMessage>();

const listenerConstraint = {
  name: 'listener',
  storage() {
    const handlers = new Map<string, unknown>();
    return {
      get: (value: string) => (handlers.get(value) ?? null) as never,
      set: (value: string, handler: unknown) => {
        handlers.set(value, handler);
      },
    };
  },
  deriveConstraint: (request: IncomingMessage): Listener => (opsRequests.has(request) ? 'ops' : 'public'),
  validate(value: unknown) {
    if (value !== 'ops' && value !== 'public') throw new Error('listener constraint: ops or public');
  },
};

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function opsListener(app: FastifyInstance, { listener: options }: OpsListenerOptions) {
  if (!options) {
    app.decorate('opsServer', null);
    return;
  }
  const moved = new Set<string>(options.routes);
  app.addConstraintStrategy(listenerConstraint);
  app.addHook('onRoute', (route: RouteOptions) => {
    const group = routeGroupOf(route.url);
    if (group === 'probe') return;
    const listener: Listener = moved.has(group) ? 'ops' : 'public';
    route.constraints = { ...route.constraints, listener };
  });

  const server = createServer((request, response) => {
    opsRequests.add(request);
    app.routing(request, response);
  });
  // The public server's limits and its problem+json answer to unparsable requests, here too.
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  server.headersTimeout = app.server.headersTimeout;
  server.requestTimeout = app.server.requestTimeout;
  server.on('clientError', clientErrorHandler.bind(app));
  app.decorate('opsServer', server);

  // Bound in onReady, before the public port: a taken ops port fails `listen` (and start-up)
  // instead of being logged and forgotten, as an onListen hook's error would be.
  app.addHook('onReady', async () => {
    try {
      await listen(server, options.port, options.host);
    } catch (error) {
      throw new Error(`the ops listener cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, { cause: error });
    }
    const { address, port } = server.address() as AddressInfo;
    app.log.info({ ops: { address, port, routes: options.routes } }, 'ops listener ready');
  });
  // Stops accepting with the public server; in-flight scrapes finish, idle keep-alives close.
  app.addHook('onClose', async () => {
    if (!server.listening) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

export default fp(opsListener, { name: 'ops-listener', fastify: '5.x' });
