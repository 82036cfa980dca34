// The sandbox: the gateway and an embedded Houston emulator (with a demo workspace) in one
// process, and a caller key to try it with. Everything a first curl needs, nothing to configure.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { createStaticKeyStore } from './auth/caller.js';
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

export function newCallerKey(): string {
  return `hgw_${randomBytes(24).toString('base64url')}`;
}

export async function startSandbox(
  config: GatewayConfig,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<Sandbox> {
  const emulator = await createEmulator({
    port: config.emulator.port,
    ...(config.emulator.adminKey ? { adminKey: config.emulator.adminKey } : {}),
    seedDemo: true,
  });
  const apiKey = config.sandboxApiKey ?? newCallerKey();
  try {
    const app = await buildApp(
      { ...config, houston: { ...config.houston, url: emulator.url } },
      {
        ...(options.logger !== undefined ? { logger: options.logger } : {}),
        houstonCredentials: new Map([['default', emulator.adminKey]]),
        callerKeys: createStaticKeyStore([
          { key: apiKey, id: 'sandbox', name: 'sandbox', scopes: [...SCOPES], workspaces: null, credential: 'default' },
        ]),
      },
    );
    const address = await app.listen({ port: config.port, host: config.host });
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
    `  Houston emulator:  ${sandbox.emulator.url}`,
    `  caller API key:    ${sandbox.apiKey}`,
    `  API docs:          ${sandbox.baseUrl}/docs`,
    '',
    'Try:',
    `  curl -s -H 'Authorization: Bearer ${sandbox.apiKey}' ${sandbox.baseUrl}/workspaces`,
    ...(workspaceId
      ? [`  curl -s -H 'Authorization: Bearer ${sandbox.apiKey}' ${sandbox.baseUrl}/workspaces/${workspaceId}/deployments`]
      : []),
    '',
  ].join('\n');
}
