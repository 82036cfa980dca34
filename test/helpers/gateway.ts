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
import { dataOf, gql, uniqueLabel } from './emulator-client.js';

export interface TestGateway {
  app: FastifyInstance;
  emulator: HoustonEmulator;
  /** A caller key holding every scope, acting through the emulator's SYSTEM_ADMIN key. */
  adminKey: string;
  /** Adds a caller key with the given scopes (and optional Houston credential name). */
  keyWith(scopes: Scope[], credential?: string): string;
  /**
   * Adds a caller key acting through `houstonApiKey` (e.g. a weaker service account made in this
   * test's emulator), held by the running gateway under a fresh credential name.
   */
  keyActingAs(houstonApiKey: string, scopes?: Scope[]): string;
  /**
   * Creates a Houston service account with `role` directly in the emulator (as its admin) and
   * returns its API key: a workspace account given `workspaceId`, a deployment account given
   * `deploymentId`, else a system account.
   */
  houstonServiceAccount(role: string, owner?: { workspaceId?: string; deploymentId?: string }): Promise<string>;
  /** supertest agent bound to the running gateway. */
  http: () => supertest.Agent;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  env?: Record<string, string>;
  logger?: Parameters<typeof buildApp>[1]['logger'];
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

export async function buildTestApp(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, ...options.emulator });
  const store = createStaticKeyStore([]);
  // The gateway reads this on every request, so credentials added while it runs take effect.
  const credentials = new Map([['default', emulator.adminKey]]);
  const addKey = (scopes: readonly Scope[], credential = 'default') => {
    counter += 1;
    const key = `hgw_test_${counter}_${randomBytes(18).toString('base64url')}`;
    const record: StaticCallerKey = { key, id: `key-${counter}`, name: `test key ${counter}`, scopes, workspaces: null, credential };
    store.add(record);
    return key;
  };
  const adminKey = addKey(SCOPES);
  const config = loadConfig({ HOUSTON_URL: emulator.url, HOUSTON_TIMEOUT_MS: '1500', ...options.env });
  const app = await buildApp(config, { logger: options.logger ?? false, callerKeys: store, houstonCredentials: credentials });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    emulator,
    adminKey,
    keyWith: (scopes, credential) => addKey(scopes, credential),
    keyActingAs(houstonApiKey, scopes = [...SCOPES]) {
      const credential = `acting-as-${credentials.size}`;
      credentials.set(credential, houstonApiKey);
      return addKey(scopes, credential);
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
    async close() {
      await app.close();
      await emulator.close();
    },
  };
}
