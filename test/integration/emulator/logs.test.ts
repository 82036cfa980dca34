// Deployment logs in the emulator: the `logs` query and its filters, and the `log` subscription over
// WebSocket in the legacy graphql-ws protocol the official client speaks (FACTS §1.3, §3.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectForbidden, gql, PERMISSION_DENIED } from '../../helpers/emulator-client.js';
import { createDeployment, createWorkspace, startEmulator, workspaceKey, type Deployment } from './seed.js';

const GET_LOGS = `query GetLogs($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
  logs(deploymentUuid: $deploymentId, component: $component, timestamp: $timestamp, search: $search) {
    id createdAt: timestamp log: message component level } }`;

/** The official client's subscription document (houston/websocket.go). */
const SUBSCRIBE_LOGS = `subscription log($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
  log(deploymentUuid: $deploymentId, component: $component, timestamp: $timestamp, search: $search) {
    id createdAt: timestamp log: message } }`;

interface LogLine {
  id: string;
  createdAt: string;
  log: string;
  component: string;
  level: string;
}

interface Frame {
  type: string;
  id?: string;
  payload?: { data?: { log?: { id: string; createdAt: string; log: string } }; message?: string; errors?: { message: string }[] };
}

/** A raw WebSocket client that queues the frames it receives. */
interface SocketClient {
  socket: WebSocket;
  send(message: unknown): void;
  /** The next frame not yet taken (ka frames skipped unless asked for). */
  next(options?: { keepAlive?: boolean }): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
}

function wsUrl(emulator: HoustonEmulator, path = '/ws'): string {
  return emulator.url.replace(/^http/, 'ws').replace(/\/v1$/, path);
}

async function connect(emulator: HoustonEmulator, protocols: string[] = ['graphql-ws'], path?: string): Promise<SocketClient> {
  const socket = new WebSocket(wsUrl(emulator, path), protocols);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    send: (message) => socket.send(JSON.stringify(message)),
    async next({ keepAlive = false } = {}) {
      for (;;) {
        const index = frames.findIndex((frame) => keepAlive || frame.type !== 'ka');
        if (index >= 0) return frames.splice(index, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    closed,
  };
}

/** Connected, acknowledged and subscribed (as the official client does: no id on `start`). */
async function subscribed(emulator: HoustonEmulator, authorization: string | undefined, variables: Record<string, unknown>): Promise<SocketClient> {
  const client = await connect(emulator);
  client.send({ type: 'connection_init', payload: authorization === undefined ? {} : { authorization } });
  expect(await client.next()).toEqual({ type: 'connection_ack' });
  client.send({ type: 'start', payload: { query: SUBSCRIBE_LOGS, variables } });
  return client;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let emulator: HoustonEmulator;
let deployment: Deployment;
let otherWorkspaceViewer: string;

beforeAll(async () => {
  emulator = await startEmulator({ seedDemo: true });
  const workspace = await createWorkspace(emulator);
  deployment = await createDeployment(emulator, workspace.id);
  otherWorkspaceViewer = (await workspaceKey(emulator, (await createWorkspace(emulator)).id, 'WORKSPACE_VIEWER')).apiKey;
});

afterAll(async () => {
  await emulator?.close();
});

describe('the logs query', () => {
  it('answers the lines emitted for the deployment, oldest first, filtered by component, timestamp and search', async () => {
    const base = Date.now() - 60_000;
    const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
    emulator.logs.emit({ deploymentId: deployment.id, component: 'scheduler', message: 'late scheduler line', timestamp: at(30) });
    emulator.logs.emit({ deploymentId: deployment.id, component: 'scheduler', message: 'early scheduler line', timestamp: at(10) });
    emulator.logs.emit({ deploymentId: deployment.id, component: 'worker', message: 'worker line', timestamp: at(20), level: 'ERROR' });

    const all = dataOf(await gql(emulator, emulator.adminKey, GET_LOGS, { deploymentId: deployment.id })).logs as LogLine[];
    expect(all.map((line) => line.log)).toEqual(['early scheduler line', 'worker line', 'late scheduler line']);
    expect(all[1]).toMatchObject({ component: 'worker', level: 'ERROR', createdAt: at(20) });

    const logs = async (variables: Record<string, unknown>) =>
      (dataOf(await gql(emulator, emulator.adminKey, GET_LOGS, { deploymentId: deployment.id, ...variables })).logs as LogLine[]).map((line) => line.log);
    expect(await logs({ component: 'scheduler' })).toEqual(['early scheduler line', 'late scheduler line']);
    expect(await logs({ timestamp: at(20) })).toEqual(['worker line', 'late scheduler line']);
    expect(await logs({ search: 'scheduler line', timestamp: at(11) })).toEqual(['late scheduler line']);
    // What the official client sends when no filter is given (FACTS §3.3).
    expect(await logs({ component: '', search: '' })).toHaveLength(3);
  });

  it('has a few lines per component for the demo deployment', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_LOGS, { deploymentId: emulator.demo!.deploymentId, component: 'webserver' }));
    const lines = data.logs as LogLine[];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.component === 'webserver')).toBe(true);
  });

  it('answers [] for an unknown deployment to a caller with rights, and the permission error to one without', async () => {
    expect(dataOf(await gql(emulator, emulator.adminKey, GET_LOGS, { deploymentId: 'cunknowndeployment0000000' })).logs).toEqual([]);
    expectForbidden(await gql(emulator, otherWorkspaceViewer, GET_LOGS, { deploymentId: deployment.id }), 'logs');
    expectForbidden(await gql(emulator, otherWorkspaceViewer, GET_LOGS, { deploymentId: 'cunknowndeployment0000000' }), 'logs');
  });

  it('keeps the newest 10,000 lines of a deployment', async () => {
    const { id } = await createDeployment(emulator, (await createWorkspace(emulator)).id);
    for (let index = 0; index < 10_005; index += 1) emulator.logs.emit({ deploymentId: id, component: 'worker', message: `line ${index}` });
    const lines = dataOf(await gql(emulator, emulator.adminKey, GET_LOGS, { deploymentId: id })).logs as LogLine[];
    expect(lines).toHaveLength(10_000);
    expect(lines[0]!.log).toBe('line 5');
  });

  it('refuses an emit for an unknown deployment', () => {
    expect(() => emulator.logs.emit({ deploymentId: 'nope', component: 'worker', message: 'x' })).toThrow(/no deployment/);
  });
});

describe('the log subscription over WebSocket', () => {
  it('acknowledges, keeps alive and sends each new matching line as a data frame with id "1"', async () => {
    const client = await subscribed(emulator, emulator.adminKey, { deploymentId: deployment.id, component: 'worker', search: 'needle' });
    try {
      await until(() => emulator.logs.openSubscriptions() === 1, 'the subscription');
      emulator.logs.emit({ deploymentId: deployment.id, component: 'scheduler', message: 'needle in another component' });
      emulator.logs.emit({ deploymentId: deployment.id, component: 'worker', message: 'no match here' });
      const { id, timestamp } = emulator.logs.emit({ deploymentId: deployment.id, component: 'worker', message: 'a needle line' });
      expect(await client.next()).toEqual({ type: 'data', id: '1', payload: { data: { log: { id, createdAt: timestamp, log: 'a needle line' } } } });
    } finally {
      client.socket.close();
    }
  });

  it('sends a ka frame right after the ack', async () => {
    const client = await connect(emulator);
    try {
      client.send({ type: 'connection_init', payload: { authorization: emulator.adminKey } });
      expect(await client.next({ keepAlive: true })).toEqual({ type: 'connection_ack' });
      expect(await client.next({ keepAlive: true })).toEqual({ type: 'ka' });
    } finally {
      client.socket.close();
    }
  });

  it('takes the key with a Bearer prefix and a start with its own id; stop answers complete and releases it', async () => {
    const client = await connect(emulator);
    try {
      client.send({ type: 'connection_init', payload: { authorization: `Bearer ${emulator.adminKey}` } });
      expect(await client.next()).toEqual({ type: 'connection_ack' });
      client.send({ id: 'seven', type: 'start', payload: { query: SUBSCRIBE_LOGS, variables: { deploymentId: deployment.id } } });
      await until(() => emulator.logs.openSubscriptions() === 1, 'the subscription');
      emulator.logs.emit({ deploymentId: deployment.id, component: 'triggerer', message: 'to seven' });
      expect(await client.next()).toMatchObject({ type: 'data', id: 'seven', payload: { data: { log: { log: 'to seven' } } } });
      client.send({ id: 'seven', type: 'stop' });
      expect(await client.next()).toEqual({ type: 'complete', id: 'seven' });
      expect(emulator.logs.openSubscriptions()).toBe(0);
    } finally {
      client.socket.close();
    }
  });

  it('releases the subscription when the client closes its socket', async () => {
    const client = await subscribed(emulator, emulator.adminKey, { deploymentId: deployment.id });
    await until(() => emulator.logs.openSubscriptions() === 1, 'the subscription');
    client.socket.close();
    await until(() => emulator.logs.openSubscriptions() === 0, 'the release');
  });

  it('closes every socket (1001) and releases its subscriptions on stop(), and serves again after start()', async () => {
    const local = await startEmulator({ seedDemo: true });
    try {
      const client = await subscribed(local, local.adminKey, { deploymentId: local.demo!.deploymentId });
      await until(() => local.logs.openSubscriptions() === 1, 'the subscription');
      await local.stop();
      expect((await client.closed).code).toBe(1001);
      expect(local.logs.openSubscriptions()).toBe(0);
      await local.start();
      const again = await subscribed(local, local.adminKey, { deploymentId: local.demo!.deploymentId });
      await until(() => local.logs.openSubscriptions() === 1, 'the new subscription');
      again.socket.close();
    } finally {
      await local.close();
    }
  });

  it.each([
    ['no credential', undefined],
    ['an unknown key', 'not-a-key-houston-knows-000000000'],
  ])('refuses a subscription with %s with an error frame holding the permission message', async (_what, authorization) => {
    const client = await subscribed(emulator, authorization, { deploymentId: deployment.id });
    try {
      expect(await client.next()).toEqual({ type: 'error', id: '1', payload: { message: PERMISSION_DENIED } });
      expect(emulator.logs.openSubscriptions()).toBe(0);
    } finally {
      client.socket.close();
    }
  });

  it('refuses a caller without rights on the deployment, even an unknown one', async () => {
    for (const deploymentId of [deployment.id, 'cunknowndeployment0000000']) {
      const client = await subscribed(emulator, otherWorkspaceViewer, { deploymentId });
      try {
        expect(await client.next()).toEqual({ type: 'error', id: '1', payload: { message: PERMISSION_DENIED } });
      } finally {
        client.socket.close();
      }
    }
  });

  it("answers a document the line's schema refuses with graphql-js's errors and complete", async () => {
    const client = await connect(emulator);
    try {
      client.send({ type: 'connection_init', payload: { authorization: emulator.adminKey } });
      await client.next();
      client.send({ type: 'start', payload: { query: 'subscription { log(deploymentUuid: "x") { nope } }' } });
      const frame = await client.next();
      expect(frame).toMatchObject({ type: 'data', id: '1' });
      expect(frame.payload?.errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
      expect(await client.next()).toEqual({ type: 'complete', id: '1' });
    } finally {
      client.socket.close();
    }
  });

  it('closes a connection without the graphql-ws sub-protocol (1002) and refuses other paths', async () => {
    const client = await connect(emulator, []);
    expect((await client.closed).code).toBe(1002);
    await expect(connect(emulator, ['graphql-ws'], '/v1')).rejects.toThrow(/404/);
  });

  it('still refuses a subscription sent over HTTP', async () => {
    const result = await gql(emulator, emulator.adminKey, SUBSCRIBE_LOGS, { deploymentId: deployment.id });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/WebSocket at \/ws/);
  });
});
