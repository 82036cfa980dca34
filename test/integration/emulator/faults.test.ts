// The programmatic surface tests use (src/emulator/api.ts): fault injection, stop/start, and the call log.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { dataOf, gql, uniqueLabel } from '../../helpers/emulator-client.js';
import { APP_CONFIG_VERSION, CREATE_WORKSPACE, GET_WORKSPACE, LIST_WORKSPACES } from './documents.js';
import { HOUSTON_0X, createWorkspace, startEmulator } from './seed.js';

let emulator: HoustonEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterEach(() => {
  emulator.faults.clear();
});

afterAll(async () => {
  await emulator.close();
});

/** Creates a workspace as the admin; `signal` lets the caller hang up. */
async function createWith(label: string, signal?: AbortSignal): Promise<void> {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: emulator.adminKey },
    body: JSON.stringify({ query: CREATE_WORKSPACE, variables: { label, description: 'fault test' } }),
    ...(signal ? { signal } : {}),
  });
  expect(response.status).toBe(200);
  await response.text();
}

async function workspacesLabelled(label: string): Promise<number> {
  const data = dataOf(await gql(emulator, emulator.adminKey, LIST_WORKSPACES));
  return (data.workspaces as { label: string }[]).filter((workspace) => workspace.label === label).length;
}

function post(query: string): Promise<Response> {
  return fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: emulator.adminKey },
    body: JSON.stringify({ query, variables: null }),
  });
}

describe('faults', () => {
  it('delays every answer by at least latencyMs', async () => {
    emulator.faults.set({ latencyMs: 300 });
    const started = performance.now();
    const result = await gql(emulator, null, APP_CONFIG_VERSION);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(result.body.data?.appConfig.version).toBe(HOUSTON_0X);
  });

  it('drops a request whose client hung up during latencyMs: it never runs', async () => {
    const label = uniqueLabel('dropped');
    emulator.faults.set({ latencyMs: 400 });
    await expect(createWith(label, AbortSignal.timeout(100))).rejects.toThrow();
    await sleep(500);
    emulator.faults.clear();
    expect(await workspacesLabelled(label)).toBe(0);
  });

  it('runs a request before answerDelayMs: a write takes effect even when its client gives up', async () => {
    const label = uniqueLabel('late');
    emulator.faults.set({ answerDelayMs: 400 });
    await expect(createWith(label, AbortSignal.timeout(100))).rejects.toThrow();
    emulator.faults.clear();
    expect(await workspacesLabelled(label)).toBe(1);
    emulator.faults.set({ answerDelayMs: 300 });
    const started = performance.now();
    await createWith(uniqueLabel('late'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('answers with failStatus when every request is set to fail', async () => {
    emulator.faults.set({ failureRate: 1, failStatus: 503 });
    const response = await post(APP_CONFIG_VERSION);
    expect(response.status).toBe(503);
  });

  it('answers 502 by default when failing', async () => {
    emulator.faults.set({ failureRate: 1 });
    expect((await post(APP_CONFIG_VERSION)).status).toBe(502);
  });

  it('drops the connection without an answer when closeSocket is on', async () => {
    emulator.faults.set({ closeSocket: true });
    await expect(post(APP_CONFIG_VERSION)).rejects.toThrow();
  });

  it('answers 200 with a body that is not JSON when malformedBody is on', async () => {
    emulator.faults.set({ malformedBody: true });
    const response = await post(APP_CONFIG_VERSION);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('reports the current settings and serves normally again after clear()', async () => {
    emulator.faults.set({ failureRate: 1, failStatus: 504 });
    expect(emulator.faults.current).toMatchObject({ failureRate: 1, failStatus: 504 });
    emulator.faults.clear();
    expect(emulator.faults.current.failureRate ?? 0).toBe(0);
    const result = await gql(emulator, null, APP_CONFIG_VERSION);
    expect(result.status).toBe(200);
    expect(result.body.data?.appConfig.version).toBe(HOUSTON_0X);
  });
});

describe('stop and start', () => {
  it('refuses connections while stopped and keeps the data across a restart on the same port', async () => {
    const workspace = await createWorkspace(emulator);
    const { port, url } = emulator;
    await emulator.stop();
    await expect(post(APP_CONFIG_VERSION)).rejects.toThrow();
    await emulator.start();
    expect(emulator.port).toBe(port);
    expect(emulator.url).toBe(url);
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: workspace.id }));
    expect(data.workspace).toMatchObject({ id: workspace.id, label: workspace.label });
  });
});

describe('call log', () => {
  it('counts calls per root field and in total', async () => {
    emulator.calls.reset();
    await createWorkspace(emulator);
    await createWorkspace(emulator);
    await gql(emulator, emulator.adminKey, LIST_WORKSPACES);
    expect(emulator.calls.count('createWorkspace')).toBe(2);
    expect(emulator.calls.count('workspaces')).toBe(1);
    expect(emulator.calls.count('deleteWorkspace')).toBe(0);
    expect(emulator.calls.count()).toBe(3);
  });

  it('records the root fields, query, variables and headers, with the authorization redacted', async () => {
    emulator.calls.reset();
    const variables = { label: 'recorded', description: 'kept' };
    await gql(emulator, emulator.adminKey, CREATE_WORKSPACE, variables, { headers: { 'x-request-id': 'trace-1' } });
    const [call] = emulator.calls.all;
    expect(emulator.calls.all).toHaveLength(1);
    expect(call?.rootFields).toEqual(['createWorkspace']);
    expect(call?.query).toBe(CREATE_WORKSPACE);
    expect(call?.variables).toEqual(variables);
    expect(call?.headers.authorization).toBe('[redacted]');
    expect(call?.headers['x-request-id']).toBe('trace-1');
    expect(JSON.stringify(emulator.calls.all)).not.toContain(emulator.adminKey);
  });

  it('forgets every call on reset()', async () => {
    await gql(emulator, null, APP_CONFIG_VERSION);
    emulator.calls.reset();
    expect(emulator.calls.count()).toBe(0);
    expect(emulator.calls.all).toEqual([]);
  });
});
