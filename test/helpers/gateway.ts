// buildTestApp: the gateway built by buildApp against a real emulator on port 0, with caller keys
// of chosen scopes. Requests go over real sockets (supertest); Houston calls are real HTTP.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { buildApp } from '../../src/app.js';
import { createStaticKeyStore, type StaticCallerKey } from '../../src/auth/caller.js';
import { SCOPES, type Scope } from '../../src/auth/scopes.js';
import { loadConfig } from '../../src/config.js';
import type { EmulatorOptions, HoustonEmulator } from '../../src/emulator/api.js';
import { createEmulator } from '../../src/emulator/index.js';

export interface TestGateway {
  app: FastifyInstance;
  emulator: HoustonEmulator;
  /** A caller key holding every scope, acting through the emulator's SYSTEM_ADMIN key. */
  adminKey: string;
  /** Adds a caller key with the given scopes (and optional Houston credential name). */
  keyWith(scopes: Scope[], credential?: string): string;
  /** supertest agent bound to the running gateway. */
  http: () => supertest.Agent;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  /** Extra Houston credentials by name (`default` is the emulator's admin key). */
  credentials?: Record<string, string>;
  env?: Record<string, string>;
  logger?: Parameters<typeof buildApp>[1]['logger'];
}

let counter = 0;

export async function buildTestApp(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, ...options.emulator });
  const store = createStaticKeyStore([]);
  const addKey = (scopes: readonly Scope[], credential = 'default') => {
    counter += 1;
    const key = `hgw_test_${counter}_${randomBytes(18).toString('base64url')}`;
    const record: StaticCallerKey = { key, id: `key-${counter}`, name: `test key ${counter}`, scopes, workspaces: null, credential };
    store.add(record);
    return key;
  };
  const adminKey = addKey(SCOPES);
  const config = loadConfig({ HOUSTON_URL: emulator.url, HOUSTON_TIMEOUT_MS: '1500', ...options.env });
  const app = await buildApp(config, {
    logger: options.logger ?? false,
    callerKeys: store,
    houstonCredentials: new Map([['default', emulator.adminKey], ...Object.entries(options.credentials ?? {})]),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    emulator,
    adminKey,
    keyWith: (scopes, credential) => addKey(scopes, credential),
    http: () => supertest.agent(app.server),
    async close() {
      await app.close();
      await emulator.close();
    },
  };
}
