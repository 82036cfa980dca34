// The GraphQL request the gateway sends Houston for GET /workspaces/{id}, as the direct-GraphQL
// system of bench/run.ts sends it: captured once from a throwaway in-process emulator and gateway
// (the emulator records every call), then aimed at the bench's own emulator and its demo workspace.
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.js';
import { createCallerKeys } from '../src/auth/caller-keys.js';
import { createMemoryKeyStore } from '../src/auth/key-stores/memory.js';
import { SCOPES } from '../src/auth/scopes.js';
import { loadConfig } from '../src/config.js';
import { createEmulator } from '../src/emulator/index.js';
import type { Target } from './harness.js';

export interface DirectQuery {
  /** The bench emulator's demo workspace. */
  workspaceId: string;
  target: Target;
  description: string;
}

export async function captureDirectQuery(emulatorUrl: string, houstonKey: string): Promise<DirectQuery> {
  const listed = await fetch(emulatorUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: houstonKey },
    body: JSON.stringify({ query: '{ sysWorkspaces { id label } }' }),
  });
  const workspaces = ((await listed.json()) as { data?: { sysWorkspaces?: { id: string; label: string }[] } }).data?.sysWorkspaces ?? [];
  const workspaceId = workspaces.find((w) => w.label === 'demo')?.id;
  if (!workspaceId) throw new Error('the bench emulator has no demo workspace');

  const local = await createEmulator({ port: 0, seedDemo: true });
  const secret = randomBytes(32).toString('base64url');
  const callerKeys = createCallerKeys({ store: createMemoryKeyStore(), secret });
  const key = (await callerKeys.create({ name: 'capture', scopes: [...SCOPES] })).key;
  const app = await buildApp(loadConfig({ HOUSTON_URL: local.url, CALLER_KEY_SECRET: secret }), {
    logger: false,
    redis: null,
    callerKeys,
    houstonCredentials: new Map([['default', local.adminKey]]),
  });
  try {
    const url = `/workspaces/${local.demo!.workspaceId}`;
    const headers = { authorization: `Bearer ${key}`, 'cache-control': 'no-cache' };
    // The first read also learns the schema; the second is the read alone.
    if ((await app.inject({ url, headers })).statusCode !== 200) throw new Error('the capturing gateway could not read its workspace');
    local.calls.reset();
    if ((await app.inject({ url, headers })).statusCode !== 200) throw new Error('the capturing gateway could not read its workspace');
    const calls = local.calls.all;
    if (calls.length !== 1) throw new Error(`expected one Houston call per read, saw ${calls.length}`);
    const { query, variables } = calls[0]!;
    const body = JSON.stringify({ query, variables: JSON.parse(JSON.stringify(variables ?? {}).replaceAll(local.demo!.workspaceId, workspaceId)) as unknown });
    return {
      workspaceId,
      target: { url: emulatorUrl, method: 'POST', headers: { 'content-type': 'application/json', authorization: houstonKey }, body },
      description: `${calls[0]!.rootFields.join(', ')}: ${body.length} bytes of request body`,
    };
  } finally {
    await app.close();
    await local.close();
  }
}
