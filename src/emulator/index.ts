// createEmulator: an in-memory Houston GraphQL server on a real socket, playing one Houston line
// (schema/lines/; `houstonVersion`, default the newest).
//
// Behaviour worth knowing (details in errors.ts and permissions.ts):
// - Auth: `authorization: <key>` or `Bearer <key>`, a service-account key or a user token from
//   createToken/createUser. A missing, unknown or expired credential is anonymous; every field
//   except appConfig, authConfig, createToken and createUser then answers Houston's permission
//   error (FORBIDDEN), as Houston's @auth directive does when it finds no user.
// - Permission is checked before existence: a caller without rights gets FORBIDDEN for an unknown
//   id; a caller with rights gets null (queries) or "The requested resource was not found" (mutations).
// - Workspace labels are unique platform-wide (case-insensitive); deployment labels per workspace.
// - Service-account keys appear only in the create result; lists and deletes answer apiKey null.
// - Deployment status is DEPLOYING for `deployingMs` after a create or update, then HEALTHY;
//   requested Airflow/Runtime upgrades take effect when that window ends. No timers are used.
// - From 1.0 there are clusters (two by default) and a new deployment needs one (clusters.ts).
// - Deployment logs are lines emitted through `logs.emit`; the `log` subscription is served over
//   WebSocket at /ws in the legacy graphql-ws protocol (log-socket.ts).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { EmulatorOptions, HoustonEmulator } from './api.js';
import { CallRecorder } from './call-log.js';
import { DEFAULT_CLUSTER_NAMES, seedClusters } from './clusters.js';
import type { EmulatorConfig } from './context.js';
import { Faults } from './faults.js';
import { newAdminKey } from './ids.js';
import { serveLogSockets, type LogSockets } from './log-socket.js';
import { emulatorLogs } from './logs.js';
import { houstonLine, houstonSchema, NEWEST_HOUSTON_VERSION } from './schema/index.js';
import { createSeeder, seedAdmin, seedDemo } from './seed.js';
import { buildServer } from './server.js';
import { Store } from './store.js';

export { HOUSTON_LINES, NEWEST_HOUSTON_VERSION, houstonLine, houstonSchema, houstonSdl, parseHoustonVersion } from './schema/index.js';
export type * from './api.js';

const DEFAULTS = { port: 8871, host: '127.0.0.1', baseDomain: 'local.houston.test', deployingMs: 1000 };

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<HoustonEmulator> {
  const houstonVersion = options.houstonVersion ?? options.platformVersion ?? NEWEST_HOUSTON_VERSION;
  const line = houstonLine(houstonVersion);
  const config: EmulatorConfig = {
    reportedVersion: options.reportedVersion ?? houstonVersion,
    baseDomain: options.baseDomain ?? DEFAULTS.baseDomain,
    deployingMs: options.deployingMs ?? DEFAULTS.deployingMs,
  };
  const host = options.host ?? DEFAULTS.host;
  const store = new Store();
  const adminKey = options.adminKey ?? newAdminKey();
  const now = new Date();
  seedAdmin(store, adminKey, now);
  const clusterNames = line.features.clusters ? (options.clusters ?? DEFAULT_CLUSTER_NAMES) : [];
  const clusters = seedClusters(store, clusterNames, config.baseDomain, now).map(({ id, name }) => ({ id, name }));
  const demo = options.seedDemo ? seedDemo(store, config, line, now) : null;
  const faults = new Faults();
  const calls = new CallRecorder();
  const deps = {
    schema: houstonSchema(houstonVersion),
    store,
    config,
    line,
    introspection: options.introspection ?? true,
    faults,
    calls,
    logger: options.logger ?? false,
  };

  let port = options.port ?? DEFAULTS.port;
  let app: FastifyInstance | null = null;
  let sockets: LogSockets | null = null;
  let closed = false;

  async function start(): Promise<void> {
    if (closed) throw new Error('this emulator was closed; create a new one');
    if (app) return;
    const next = buildServer(deps);
    const nextSockets = serveLogSockets(next.server, deps);
    await next.listen({ port, host });
    port = (next.server.address() as AddressInfo).port; // keeps the port chosen for port 0 across restarts
    app = next;
    sockets = nextSockets;
  }

  async function stop(): Promise<void> {
    const current = app;
    const currentSockets = sockets;
    app = null;
    sockets = null;
    // Upgraded sockets are no longer the HTTP server's to drop: closed first, with their subscriptions.
    if (currentSockets) await currentSockets.close();
    if (current) await current.close();
  }

  await start();
  return {
    get url() {
      return `http://${urlHost(host)}:${port}/v1`;
    },
    get port() {
      return port;
    },
    adminKey,
    houstonVersion,
    line,
    clusters,
    demo,
    faults,
    calls,
    seed: createSeeder(store, line),
    logs: emulatorLogs(store),
    start,
    stop,
    async close() {
      closed = true;
      await stop();
    },
  };
}
