// The sandbox: the gateway and an embedded Houston emulator (with a demo workspace) in one
// process, and a caller key to try it with. Everything a first curl needs, nothing to configure.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { createCallerKeys } from './auth/caller-keys.js';
import { createMemoryKeyStore } from './auth/key-stores/memory.js';
import { SCOPES } from './auth/scopes.js';
import type { GatewayConfig } from './config.js';
import { createEmulator } from './emulator/index.js';
import type { HoustonEmulator } from './emulator/api.js';

export interface Sandbox {
  app: FastifyInstance;
  emulator: HoustonEmulator;
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** The caller key to send as `Authorization: Bearer <key>`. */
  apiKey: string;
  close(): Promise<void>;
}

export async function startSandbox(
  config: GatewayConfig,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<Sandbox> {
  const emulator = await createEmulator({
    port: config.emulator.port,
    ...(config.emulator.adminKey ? { adminKey: config.emulator.adminKey } : {}),
    seedDemo: true,
    ...(config.emulator.houstonVersion ? { houstonVersion: config.emulator.houstonVersion } : {}),
    introspection: config.emulator.introspection,
  });
  try {
    // Keys live in memory for the sandbox's life, made by the same code as the server's keys.
    const houstonCredentials = new Map([['default', emulator.adminKey]]);
    const callerKeys = createCallerKeys({
      store: createMemoryKeyStore(),
      secret: config.callerKeys.secret ?? randomBytes(32).toString('base64url'),
      credentialExists: (name) => houstonCredentials.has(name),
    });
    const { key: apiKey } = await callerKeys.create(
      { name: 'sandbox', scopes: [...SCOPES] },
      config.sandboxApiKey ? { key: config.sandboxApiKey } : {},
    );
    const app = await buildApp(
      { ...config, houston: { ...config.houston, url: emulator.url } },
      { ...(options.logger !== undefined ? { logger: options.logger } : {}), houstonCredentials, callerKeys },
    );
    const address = await app.listen({ port: config.port, host: config.host, backlog: config.lifecycle.listenBacklog });
    const baseUrl = address.replace('[::1]', 'localhost');
    return {
      app,
      emulator,
      baseUrl,
      apiKey,
      async close() {
        await app.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** What the sandbox prints: where it listens, the key, and a curl line that works when pasted. */
export function sandboxBanner(sandbox: Sandbox): string {
  const workspaceId = sandbox.emulator.demo?.workspaceId;
  return [
    `houston-gateway sandbox listening on ${sandbox.baseUrl}`,
    `  Houston emulator:  ${sandbox.emulator.url} (plays Houston ${sandbox.emulator.houstonVersion}; EMULATOR_HOUSTON_VERSION picks another line)`,
    `  caller API key:    ${sandbox.apiKey}`,
    `  API docs:          ${sandbox.baseUrl}/docs`,
    ...(sandbox.emulator.clusters.length
      ? [`  clusters:          ${sandbox.emulator.clusters.map((c) => `${c.name} ${c.id}`).join(', ')} (clusterId on POST /deployments)`]
      : []),
    '',
    'Try:',
    `  curl -s -H 'Authorization: Bearer ${sandbox.apiKey}' ${sandbox.baseUrl}/workspaces`,
    ...(workspaceId
      ? [`  curl -s -H 'Authorization: Bearer ${sandbox.apiKey}' ${sandbox.baseUrl}/workspaces/${workspaceId}/deployments`]
      : []),
    '',
  ].join('\n');
}
