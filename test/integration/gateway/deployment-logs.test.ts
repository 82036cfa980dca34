// GET /deployments/:id/logs through the gateway, over real sockets to the emulator: the JSON list
// and its filters, the text/event-stream variant following Houston's `log` subscription (lines,
// heartbeats, the ends: caller gone, Houston gone, max duration), a slow reader's bounded buffer,
// the refusals, and no Houston key in any log line.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';

const UNKNOWN_ID = 'cunknowndeployment0000000';
const MIB = 1024 * 1024;

interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function parseEvent(block: string): SseEvent {
  const event: SseEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('id: ')) event.id = line.slice(4);
    else if (line.startsWith('data: ')) event.data = line.slice(6);
  }
  return event;
}

/**
 * A caller reading the stream event by event. `fetch` (undici) for streams that end on the
 * gateway's side; `http` (node:http, no agent) for those the caller walks away from: undici keeps
 * a spare connection open to the server after an abort, which holds up the gateway's close.
 */
async function openStream(gateway: TestGateway, path: string, options: { key?: string; client?: 'fetch' | 'http' } = {}) {
  const port = (gateway.app.server.address() as AddressInfo).port;
  const headers = { accept: 'text/event-stream', authorization: `Bearer ${options.key ?? gateway.adminKey}` };
  let status: number;
  let header: (name: string) => string | null;
  let chunks: AsyncIterator<Uint8Array | string>;
  let close: () => void;
  if (options.client === 'fetch') {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    status = response.status;
    header = (name) => response.headers.get(name);
    chunks = (response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    close = () => void response.body?.cancel();
  } else {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false });
    const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve).on('error', reject).end();
    });
    status = incoming.statusCode ?? 0;
    header = (name) => {
      const value = incoming.headers[name];
      return typeof value === 'string' ? value : null;
    };
    chunks = incoming[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    close = () => req.destroy();
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  let pending: Promise<IteratorResult<Uint8Array | string>> | null = null;
  /** The next event, or null once the stream has ended; throws past `timeoutMs`. */
  async function next(timeoutMs: number): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        return parseEvent(block);
      }
      if (ended) return null;
      pending ??= chunks.next();
      const result = await Promise.race([pending, sleep(Math.max(0, deadline - Date.now())).then(() => 'timeout' as const)]);
      if (result === 'timeout') throw new Error(`no event within ${timeoutMs} ms`);
      pending = null;
      if (result.done) ended = true;
      else buffer += typeof result.value === 'string' ? result.value : decoder.decode(result.value, { stream: true });
    }
  }
  return {
    status,
    header,
    /** Events until one matches, within `timeoutMs`; the match is last. */
    async until(match: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent[]> {
      const seen: SseEvent[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = await next(deadline - Date.now());
        if (event === null) throw new Error(`the stream ended without the event; saw ${JSON.stringify(seen)}`);
        seen.push(event);
        if (match(event)) return seen;
      }
    },
    /** True once the body has ended (within `timeoutMs`), events left unread skipped. */
    async endsWithin(timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while ((await next(deadline - Date.now())) !== null);
      return true;
    },
    close,
  };
}

const logLines: string[] = [];
const logText = () => logLines.join('');
let gw: TestGateway;
let deploymentId: string;
const path = (id = deploymentId, query = '') => `/deployments/${id}/logs${query}`;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

async function createDeployment(gateway: TestGateway): Promise<string> {
  const created = await gateway.http().post('/deployments').set(bearer(gateway.adminKey))
    .send({ workspaceId: gateway.emulator.demo!.workspaceId, label: uniqueLabel('logs'), executor: 'LocalExecutor' });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

beforeAll(async () => {
  const stream = logSink(logLines);
  gw = await buildTestApp({
    env: { LOGS_HEARTBEAT_SECONDS: '1' },
    logger: { level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream },
  });
  deploymentId = await createDeployment(gw);
});

afterAll(async () => {
  await gw?.close();
});

describe('GET /deployments/:deploymentId/logs as JSON', () => {
  let lines: { id: string; timestamp: string }[];

  beforeAll(() => {
    const base = Date.now() - 60_000;
    const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
    lines = [
      gw.emulator.logs.emit({ deploymentId, component: 'scheduler', message: 'scheduler started', timestamp: at(1) }),
      gw.emulator.logs.emit({ deploymentId, component: 'worker', message: 'task failed', level: 'ERROR', timestamp: at(2) }),
      gw.emulator.logs.emit({ deploymentId, component: 'scheduler', message: 'task queued', timestamp: at(3) }),
    ];
  });

  it('answers the lines oldest first, never cached', async () => {
    const res = await gw.http().get(path()).set(bearer(gw.adminKey));
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-cache']).toBeUndefined();
    expect(res.body).toEqual([
      { id: lines[0]!.id, timestamp: lines[0]!.timestamp, component: 'scheduler', level: 'INFO', message: 'scheduler started' },
      { id: lines[1]!.id, timestamp: lines[1]!.timestamp, component: 'worker', level: 'ERROR', message: 'task failed' },
      { id: lines[2]!.id, timestamp: lines[2]!.timestamp, component: 'scheduler', level: 'INFO', message: 'task queued' },
    ]);
  });

  it('pages the list like every list: limit, cursor and a Link to the next page', async () => {
    const first = await gw.http().get(path(deploymentId, '?limit=2')).set(bearer(gw.adminKey));
    expect((first.body as { id: string }[]).map((line) => line.id)).toEqual([lines[0]!.id, lines[1]!.id]);
    const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers.link))?.[1];
    expect(next).toBeDefined();
    const second = await gw.http().get(next!).set(bearer(gw.adminKey));
    expect((second.body as { id: string }[]).map((line) => line.id)).toEqual([lines[2]!.id]);
    expect(second.headers.link).toBeUndefined();
  });

  it('filters by component, since and search, sent to Houston as variables', async () => {
    const messages = async (query: string) =>
      ((await gw.http().get(path(deploymentId, query)).set(bearer(gw.adminKey))).body as { message: string }[]).map((line) => line.message);
    expect(await messages('?component=scheduler')).toEqual(['scheduler started', 'task queued']);
    expect(await messages(`?since=${encodeURIComponent(lines[1]!.timestamp)}`)).toEqual(['task failed', 'task queued']);
    expect(await messages('?search=task&component=scheduler')).toEqual(['task queued']);
    const call = gw.emulator.calls.all.filter((c) => c.operationName === 'GetDeploymentLogs').at(-1);
    expect(call?.variables).toEqual({ deploymentUuid: deploymentId, component: 'scheduler', search: 'task' });
  });

  it('answers [] for a deployment without lines, and 404 for an unknown one', async () => {
    const quiet = await createDeployment(gw);
    const res = await gw.http().get(path(quiet)).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expectProblem(await gw.http().get(path(UNKNOWN_ID)).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it.each([
    ['an unknown component', '?component=dag-processor', 'querystring/component'],
    ['a since that is not ISO 8601', '?since=yesterday', 'querystring/since'],
    ['a since without a time zone', '?since=2026-01-01T00:00:00', 'querystring/since'],
  ])('answers 400 for %s', async (_what, query, field) => {
    const res = await gw.http().get(path(deploymentId, query)).set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(JSON.stringify(res.body.errors)).toContain(field.split('/')[1]);
  });

  it('answers 403 to a key without deployments:logs, before Houston is called', async () => {
    const key = await gw.keyWith(['deployments:read']);
    const before = gw.emulator.calls.count();
    expectProblem(await gw.http().get(path()).set(bearer(key)), 403, 'GW_AUTH_SCOPE');
    expectProblem(await gw.http().get(path()).set(bearer(key)).set('accept', 'text/event-stream'), 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it("answers 404 (as for an unknown deployment) to a key whose allow-list leaves out the deployment's workspace", async () => {
    const key = await gw.keyWith(['deployments:logs'], { workspaces: ['cotherworkspace000000000000'] });
    expectProblem(await gw.http().get(path()).set(bearer(key)), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await gw.http().get(path()).set(bearer(key)).set('accept', 'text/event-stream'), 404, 'GW_UPSTREAM_NOT_FOUND');
    const allowed = await gw.keyWith(['deployments:logs'], { workspaces: [gw.emulator.demo!.workspaceId] });
    expect((await gw.http().get(path()).set(bearer(allowed))).status).toBe(200);
  });
});

describe('GET /deployments/:deploymentId/logs as Server-Sent Events', () => {
  it('sends the lines the filters select, then a line Houston emits, as id/data events', async () => {
    const since = new Date().toISOString();
    const old = gw.emulator.logs.emit({ deploymentId, component: 'webserver', message: 'before the stream', timestamp: since });
    const stream = await openStream(gw, path(deploymentId, `?component=webserver&since=${encodeURIComponent(since)}`));
    try {
      expect(stream.status).toBe(200);
      expect(stream.header('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.header('cache-control')).toBe('no-store');
      expect(stream.header('x-request-id')).toBeTruthy();
      const [first] = await stream.until((event) => event.id !== undefined);
      expect(first).toMatchObject({ id: old.id });
      expect(JSON.parse(first!.data!)).toEqual({ id: old.id, timestamp: old.timestamp, component: 'webserver', level: 'INFO', message: 'before the stream' });

      await until(() => gw.emulator.logs.openSubscriptions() === 1, 'the Houston subscription');
      gw.emulator.logs.emit({ deploymentId, component: 'scheduler', message: 'another component: not sent' });
      const emitted = gw.emulator.logs.emit({ deploymentId, component: 'webserver', message: 'live line', level: 'WARNING' });
      const seen = await stream.until((event) => event.id !== undefined);
      expect(seen.at(-1)).toMatchObject({ id: emitted.id });
      expect(JSON.parse(seen.at(-1)!.data!)).toEqual({ id: emitted.id, timestamp: emitted.timestamp, component: 'webserver', level: 'WARNING', message: 'live line' });
    } finally {
      stream.close();
    }
    await until(() => gw.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
  });

  it('sends a heartbeat comment every LOGS_HEARTBEAT_SECONDS', async () => {
    const stream = await openStream(gw, path());
    try {
      await stream.until((event) => event.comment === 'heartbeat');
    } finally {
      stream.close();
    }
  });

  it('closes the Houston subscription when the caller goes away', async () => {
    const stream = await openStream(gw, path());
    await until(() => gw.emulator.logs.openSubscriptions() === 1, 'the Houston subscription');
    stream.close();
    await until(() => gw.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
    await until(() => logText().includes('"reason":"caller-disconnected"'), 'the log line');
  });

  it('answers HEAD with the headers of the list, opening no subscription', async () => {
    const res = await gw.http().head(path()).set(bearer(gw.adminKey)).set('accept', 'text/event-stream');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(gw.emulator.logs.openSubscriptions()).toBe(0);
  });

  it('answers 404 problem+json for an unknown deployment and releases the subscription it opened', async () => {
    const res = await gw.http().get(path(UNKNOWN_ID)).set(bearer(gw.adminKey)).set('accept', 'text/event-stream');
    expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
    await until(() => gw.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
  });

  it("answers 403 problem+json when Houston refuses the caller's credential", async () => {
    const outsider = await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: await otherWorkspace(gw) });
    const key = await gw.keyActingAs(outsider, ['deployments:logs']);
    const res = await gw.http().get(path()).set(bearer(key)).set('accept', 'text/event-stream');
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
    expect(res.text).not.toContain(outsider);
    await until(() => gw.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
  });

  it('keeps what it buffers for a reader that stops reading bounded, drops lines, and says how many once it reads again', async () => {
    const quiet = await createDeployment(gw);
    let response: ServerResponse | undefined;
    const capture = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith(path(quiet))) response = res;
    };
    gw.app.server.on('request', capture);
    const port = (gw.app.server.address() as AddressInfo).port;
    const req = httpRequest({ host: '127.0.0.1', port, path: path(quiet), headers: { accept: 'text/event-stream', ...bearer(gw.adminKey) } });
    try {
      const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve).on('error', reject).end();
      });
      incoming.pause(); // the reader stops reading: Node stops taking bytes off the socket
      expect(incoming.statusCode).toBe(200);
      await until(() => gw.emulator.logs.openSubscriptions() === 1, 'the Houston subscription');

      // Lines of 16 KiB until the kernel's buffers and then the gateway's bound are full.
      const filler = 'x'.repeat(16 * 1024);
      let emitted = 0;
      let mostBuffered = 0;
      while (!logText().includes('dropping lines') && emitted < 4_000) {
        for (let index = 0; index < 16; index += 1) gw.emulator.logs.emit({ deploymentId: quiet, component: 'worker', message: `${emitted++} ${filler}` });
        await sleep(10);
        mostBuffered = Math.max(mostBuffered, response?.writableLength ?? 0);
      }
      expect(logText()).toContain('dropping lines');
      for (let index = 0; index < 64; index += 1) gw.emulator.logs.emit({ deploymentId: quiet, component: 'worker', message: `more ${filler}` });
      await sleep(200);
      mostBuffered = Math.max(mostBuffered, response?.writableLength ?? 0);
      // The bound (1 MiB) plus at most one line's event.
      expect(mostBuffered).toBeGreaterThan(0);
      expect(mostBuffered).toBeLessThanOrEqual(MIB + 2 * filler.length);

      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        text += chunk;
      });
      incoming.resume();
      await until(() => /event: dropped\ndata: \{"count":\d+\}/.test(text), 'the dropped event');
      const count = Number(/event: dropped\ndata: \{"count":(\d+)\}/.exec(text)![1]);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(emitted + 64);

      // Caught up: lines flow again.
      gw.emulator.logs.emit({ deploymentId: quiet, component: 'worker', message: 'after catching up' });
      await until(() => text.includes('after catching up'), 'a line after catching up');
    } finally {
      gw.app.server.off('request', capture);
      req.destroy();
    }
    await until(() => gw.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
  });
});

async function otherWorkspace(gateway: TestGateway): Promise<string> {
  const res = await gateway.http().post('/workspaces').set(bearer(gateway.adminKey)).send({ label: uniqueLabel('elsewhere') });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe('how a stream ends', () => {
  it('sends event: end when Houston closes, then ends the body', async () => {
    const local = await buildTestApp();
    try {
      const id = await createDeployment(local);
      const stream = await openStream(local, path(id), { client: 'fetch' });
      await until(() => local.emulator.logs.openSubscriptions() === 1, 'the Houston subscription');
      await local.emulator.stop();
      const seen = await stream.until((event) => event.event === 'end');
      expect(JSON.parse(seen.at(-1)!.data!)).toEqual({ reason: 'houston-closed' });
      expect(await stream.endsWithin(10_000)).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('sends event: end after LOGS_STREAM_MAX_SECONDS and closes the Houston subscription', async () => {
    const local = await buildTestApp({ env: { LOGS_STREAM_MAX_SECONDS: '1' } });
    try {
      const stream = await openStream(local, path(local.emulator.demo!.deploymentId), { client: 'fetch' });
      const seen = await stream.until((event) => event.event === 'end');
      expect(JSON.parse(seen.at(-1)!.data!)).toEqual({ reason: 'max-duration' });
      // The demo deployment's seeded lines came first.
      expect(seen.filter((event) => event.id !== undefined).length).toBeGreaterThan(0);
      expect(await stream.endsWithin(10_000)).toBe(true);
      await until(() => local.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
    } finally {
      await local.close();
    }
  });

  it('ends open streams with event: end when the gateway shuts down', async () => {
    const local = await buildTestApp();
    try {
      const stream = await openStream(local, path(local.emulator.demo!.deploymentId), { client: 'fetch' });
      await until(() => local.emulator.logs.openSubscriptions() === 1, 'the Houston subscription');
      const closing = local.app.close();
      const seen = await stream.until((event) => event.event === 'end');
      expect(JSON.parse(seen.at(-1)!.data!)).toEqual({ reason: 'shutdown' });
      await closing;
      await until(() => local.emulator.logs.openSubscriptions() === 0, 'the release of the subscription');
    } finally {
      await local.close();
    }
  });
});

describe('secrets', () => {
  it('the Houston key and the caller key appear in no log line', () => {
    expect(logText()).toContain('log stream ended');
    expect(logText()).not.toContain(gw.emulator.adminKey);
    expect(logText()).not.toContain(gw.adminKey);
  });
});
