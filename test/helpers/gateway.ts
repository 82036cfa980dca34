// buildTestApp: the gateway built by buildApp against a real emulator on port 0, with caller keys
// of chosen scopes. Requests go over real sockets (supertest); Houston calls are real HTTP.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createCallerKeys, type CallerKeys, type NewCallerKey } from '../../src/auth/caller-keys.js';
import { createRedisKeyStore } from '../../src/auth/key-stores/redis.js';
import { SCOPES, type Scope } from '../../src/auth/scopes.js';
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import type { EmulatorOptions, HoustonEmulator } from '../../src/emulator/api.js';
import { createEmulator } from '../../src/emulator/index.js';
import { dataOf, gql, uniqueLabel } from './emulator-client.js';
import { deleteKeysUnder } from './redis-server.js';

export interface TestGateway {
  app: FastifyInstance;
  emulator: HoustonEmulator;
  /** A caller key holding every scope, acting through the emulator's SYSTEM_ADMIN key. */
  adminKey: string;
  /**
   * Creates a caller key with the given scopes in the gateway's Redis store. Other key fields may
   * be given; the credential is not checked, so a test can name one the gateway lacks.
   */
  keyWith(scopes: Scope[], fields?: Omit<NewCallerKey, 'name' | 'scopes'>): Promise<string>;
  /**
   * Creates a caller key acting through `houstonApiKey` (e.g. a weaker service account made in this
   * test's emulator), held by the running gateway under a fresh credential name.
   */
  keyActingAs(houstonApiKey: string, scopes?: Scope[]): Promise<string>;
  /** The configuration the gateway was built with (its Redis key prefix is unique to it). */
  config: GatewayConfig;
  /** The Houston credentials the gateway holds, by name; tests may add to it. */
  credentials: Map<string, string>;
  /**
   * Creates a Houston service account with `role` directly in the emulator (as its admin) and
   * returns its API key: a workspace account given `workspaceId`, a deployment account given
   * `deploymentId`, else a system account.
   */
  houstonServiceAccount(role: string, owner?: { workspaceId?: string; deploymentId?: string }): Promise<string>;
  /** supertest agent bound to the running gateway. */
  http: () => supertest.Agent;
  /** supertest agent bound to the gateway's ops listener (set OPS_PORT: '0' in `env`); throws without one. */
  ops: () => supertest.Agent;
  /**
   * Starts another gateway instance with the same configuration (same Redis prefix, caller-key
   * secret, emulator and credentials), as a second replica would run. Closed by `close()`.
   */
  anotherInstance(options?: { logger?: TestGatewayOptions['logger'] }): Promise<{ app: FastifyInstance; http: () => supertest.Agent }>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  env?: Record<string, string>;
  logger?: NonNullable<Parameters<typeof buildApp>[1]>['logger'];
  /** Tracing the gateway (and its other instances) share, e.g. with an in-memory exporter; by default the configuration decides (off). */
  tracing?: NonNullable<Parameters<typeof buildApp>[1]>['tracing'];
  /** Listen on this port rather than a free one the OS picks: for a test that must name it before the app is built (PUBLIC_URL). */
  port?: number;
}

/**
 * The environment of a test gateway: the suite's Redis under a key prefix of its own (so tests
 * never see each other's keys or counters) and a fresh caller-key secret.
 */
export function testGatewayEnv(houstonUrl: string): Record<string, string> {
  return {
    HOUSTON_URL: houstonUrl,
    HOUSTON_TIMEOUT_MS: '1500',
    // Suites that fail Houston on purpose, route after route, expect each failure as it is, not
    // the circuit breaker's 503: tests of the breaker set their own threshold.
    HOUSTON_BREAKER_FAILURES: '1000',
    // A test worker's event loop stalls for a second or more while other suites import and compile
    // (seen: a run of 503 GW_OVERLOADED in unrelated suites); the shedding tests set their own bounds.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: `hgw-test-${randomBytes(6).toString('hex')}:`,
    CALLER_KEY_SECRET: randomBytes(32).toString('base64url'),
  };
}

/** Deletes every Redis key under a test gateway's prefix. */
export async function dropRedisPrefix(config: GatewayConfig): Promise<void> {
  if (!config.redis.url) return;
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await deleteKeysUnder(redis, config.redis.keyPrefix);
  } finally {
    redis.disconnect();
  }
}

/** Caller keys on a gateway's own store, without the gateway's credential check. */
function testCallerKeys(app: FastifyInstance, config: GatewayConfig): CallerKeys {
  if (!app.redis || !config.callerKeys.secret) throw new Error('test gateways keep caller keys in Redis');
  return createCallerKeys({ store: createRedisKeyStore(app.redis, config.redis.keyPrefix), secret: config.callerKeys.secret });
}

const CREATE_SERVICE_ACCOUNT = {
  workspace: `mutation ($workspaceUuid: Uuid!, $label: String!, $role: Role!) {
    account: createWorkspaceServiceAccount(workspaceUuid: $workspaceUuid, label: $label, role: $role) { apiKey } }`,
  deployment: `mutation ($deploymentUuid: Uuid!, $label: String!, $role: Role!) {
    account: createDeploymentServiceAccount(deploymentUuid: $deploymentUuid, label: $label, role: $role) { apiKey } }`,
  system: `mutation ($label: String!, $role: Role!) {
    account: createSystemServiceAccount(label: $label, role: $role) { apiKey } }`,
};

let counter = 0;

/**
 * Learns Houston's schema before the suite runs. Introspection is the largest Houston answer, and
 * under a busy machine it can outlast the tests' short HOUSTON_TIMEOUT_MS: asked again (a few
 * times) rather than failing the whole file.
 */
async function learnSchema(app: FastifyInstance, credential: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await app.houston.selection({ credential });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

/**
 * The Houston line a suite's emulator plays unless it asks for one: the vitest project's (the line
 * matrix, vitest.config.ts), else 0.37.7.
 */
export function testHoustonVersion(): string {
  return inject('houstonVersion') ?? '0.37.7';
}

export async function buildTestApp(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: testHoustonVersion(), ...options.emulator });
  // The gateway reads this on every request, so credentials added while it runs take effect.
  const credentials = new Map([['default', emulator.adminKey]]);
  // Where deployments need a cluster, suites that are not about choosing one get a default.
  const cluster = emulator.clusters[0] ? { HOUSTON_DEFAULT_CLUSTER_ID: emulator.clusters[0].id } : {};
  const env: NodeJS.ProcessEnv = { ...testGatewayEnv(emulator.url), ...cluster, ...options.env };
  // A suite that brings its own Cluster or Sentinel uses it instead of the suite's Redis.
  if (options.env?.REDIS_CLUSTER_NODES || options.env?.REDIS_SENTINELS) delete env.REDIS_URL;
  const config = loadConfig(env);
  // Left out, the gateway decides from its configuration, as in production (off: no OTEL_* set).
  const tracing = options.tracing !== undefined ? { tracing: options.tracing } : {};
  const app = await buildApp(config, { logger: options.logger ?? false, houstonCredentials: credentials, ...tracing });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  // Learned before the suite runs, so the faults a test switches on never meet the detection.
  await learnSchema(app, emulator.adminKey);
  const keys = testCallerKeys(app, config);
  const addKey = async (scopes: readonly Scope[], fields: Omit<NewCallerKey, 'name' | 'scopes'> = {}) => {
    counter += 1;
    return (await keys.create({ name: `test key ${counter}`, scopes: [...scopes], ...fields })).key;
  };
  const adminKey = await addKey(SCOPES);
  const others: FastifyInstance[] = [];
  return {
    app,
    emulator,
    adminKey,
    config,
    credentials,
    keyWith: (scopes, fields) => addKey(scopes, fields),
    keyActingAs(houstonApiKey, scopes = [...SCOPES]) {
      const credential = `acting-as-${credentials.size}`;
      credentials.set(credential, houstonApiKey);
      return addKey(scopes, { credential });
    },
    async houstonServiceAccount(role, { workspaceId, deploymentId } = {}) {
      if (workspaceId !== undefined && deploymentId !== undefined) throw new Error('give a workspaceId or a deploymentId, not both');
      const label = uniqueLabel(`as-${role.toLowerCase()}`);
      const [query, variables] = workspaceId !== undefined
        ? [CREATE_SERVICE_ACCOUNT.workspace, { workspaceUuid: workspaceId, label, role }]
        : deploymentId !== undefined
          ? [CREATE_SERVICE_ACCOUNT.deployment, { deploymentUuid: deploymentId, label, role }]
          : [CREATE_SERVICE_ACCOUNT.system, { label, role }];
      return (dataOf(await gql(emulator, emulator.adminKey, query, variables)).account as { apiKey: string }).apiKey;
    },
    http: () => supertest.agent(app.server),
    ops: () => {
      // buildApp's ops listener is bound by app.listen above, on OPS_PORT (0: a free port).
      if (!app.opsServer?.listening) throw new Error('this test gateway has no ops listener (OPS_PORT)');
      return supertest.agent(app.opsServer);
    },
    async anotherInstance({ logger } = {}) {
      const other = await buildApp(config, { logger: logger ?? false, houstonCredentials: credentials, ...tracing });
      others.push(other);
      await other.listen({ port: 0, host: '127.0.0.1' });
      await learnSchema(other, emulator.adminKey);
      return { app: other, http: () => supertest.agent(other.server) };
    },
    async close() {
      await Promise.all(others.map((other) => other.close()));
      await app.close();
      await emulator.close();
      await dropRedisPrefix(config);
    },
  };
}
