// The Houston transport (src/houston/http-fetch.ts, graphql-request's fetch over an undici Agent)
// over real sockets: against the emulator, and against small local servers that answer as proxies
// in front of Houston may (chunked, closing, cut off, garbage). Each test shows a behaviour the
// gateway relies on — keep-alive reuse and its bound, framing, idle closing, header checks, aborts —
// and that failures keep the fetch shapes errors.ts maps.
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { GraphQLClient } from 'graphql-request';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineSignal } from '../../src/houston/attempt-deadline.js';
import { toHoustonError } from '../../src/houston/errors.js';
import { createHttpFetch } from '../../src/houston/http-fetch.js';
import type { HoustonEmulator } from '../../src/emulator/api.js';
import { createEmulator } from '../../src/emulator/index.js';

let emulator: HoustonEmulator;
const servers: net.Server[] = [];

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, seedDemo: true });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    (server as http.Server).closeAllConnections?.();
    server.close();
  }
});

/** A server on a free port, counting the connections it accepted and those still open. */
async function serve<T extends net.Server>(server: T): Promise<{ url: string; accepted: () => number; open: () => number; closed: Promise<void>[] }> {
  let accepted = 0;
  let open = 0;
  const closed: Promise<void>[] = [];
  server.on('connection', (socket: net.Socket) => {
    accepted += 1;
    open += 1;
    closed.push(once(socket, 'close').then(() => void (open -= 1)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, accepted: () => accepted, open: () => open, closed };
}

const QUERY = '{ appConfig { version } }';
/**
 * With one call per connection (pipelining 1), undici hands a connection back to its pool one
 * event-loop turn after the answer (a server that said keep-alive may still close it), so a call
 * made at once goes out on another connection. Tests about reuse wait that turn.
 */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const post = (body = JSON.stringify({ query: QUERY })) => ({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });

describe('against the emulator, through graphql-request', () => {
  it('answers calls one after another, with the headers graphql-request built', async () => {
    const fetch = createHttpFetch();
    const client = new GraphQLClient(emulator.url, { fetch, excludeOperationName: true, errorPolicy: 'none' });
    const workspaceUuid = emulator.demo!.workspaceId;
    const document = 'query GetWorkspace($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { id label } }';
    emulator.calls.reset();
    for (let i = 0; i < 3; i++) {
      const data = await client.request<{ workspace: { id: string; label: string } }>({ document, variables: { workspaceUuid }, requestHeaders: { authorization: emulator.adminKey, 'x-request-id': `transport-${i}` } });
      expect(data.workspace).toEqual({ id: workspaceUuid, label: 'demo' });
    }
    const calls = emulator.calls.all;
    expect(calls.map((call) => call.headers['x-request-id'])).toEqual(['transport-0', 'transport-1', 'transport-2']);
    // The request graphql-request built, as sent: its headers, the Host, the exact body length.
    expect(calls[0]!.headers).toMatchObject({ host: new URL(emulator.url).host, 'content-type': 'application/json', authorization: '[redacted]' });
    expect(Number(calls[0]!.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify({ query: document, variables: { workspaceUuid } })));
  });

  it('maps a GraphQL error answer as before (a ClientError with Houston\'s errors)', async () => {
    const client = new GraphQLClient(emulator.url, { fetch: createHttpFetch(), excludeOperationName: true, errorPolicy: 'none' });
    const error = await client.request({ document: '{ nope }' }).catch((e: unknown) => e);
    expect(toHoustonError(error, 'Nope').kind).toBe('unsupported');
  });
});

describe('keep-alive', () => {
  it('reuses connections, never opens more than maxSockets, and queues the rest', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve(
      http.createServer((request, response) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        request.resume();
        request.on('end', () =>
          setTimeout(() => {
            inFlight -= 1;
            response.setHeader('content-type', 'application/json').end('{"data":{}}');
          }, 20),
        );
      }),
    );
    const fetch = createHttpFetch({ maxSockets: 2 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(server.url, post()).then((r) => r.text())));
    expect(answers).toEqual(Array(8).fill('{"data":{}}'));
    expect(server.accepted()).toBe(2);
    expect(most).toBe(2);
  });

  it('closes a connection idle for idleMs', async () => {
    const server = await serve(http.createServer((_request, response) => response.end('{}')));
    const fetch = createHttpFetch({ idleMs: 50 });
    await (await fetch(server.url, post())).text();
    // The server sees the gateway's side close it (its own keep-alive timeout is 5 s).
    await server.closed[0];
    expect(server.open()).toBe(0);
    await (await fetch(server.url, post())).text();
    expect(server.accepted()).toBe(2);
  });

  it('opens a new connection after an answer with Connection: close, or one framed by the end of the connection', async () => {
    let n = 0;
    const server = await serve(
      http.createServer((_request, response) => {
        n += 1;
        if (n === 1) response.setHeader('connection', 'close');
        else response.useChunkedEncodingByDefault = false; // neither length nor chunks: the end of the connection frames it
        response.write('{"data":');
        response.end(`${n}}`);
      }),
    );
    const fetch = createHttpFetch();
    expect(await (await fetch(server.url, post())).text()).toBe('{"data":1}');
    await nextTurn();
    expect(await (await fetch(server.url, post())).text()).toBe('{"data":2}');
    await nextTurn();
    expect(await (await fetch(server.url, post())).text()).toBe('{"data":3}');
    expect(server.accepted()).toBe(3);
  });

  it('reads a chunked answer and keeps its connection', async () => {
    const server = await serve(
      http.createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.write('{"data":');
        setTimeout(() => response.end('{"label":"Données"}}'), 5);
      }),
    );
    const fetch = createHttpFetch();
    for (let i = 0; i < 2; i++) {
      await nextTurn();
      const answer = await fetch(server.url, post());
      expect(answer.status).toBe(200);
      expect(answer.headers.get('Content-Type')).toBe('application/json');
      expect(await answer.json()).toEqual({ data: { label: 'Données' } });
    }
    expect(server.accepted()).toBe(1);
  });

  it('sends a UTF-8 body with its length in bytes', async () => {
    let received = '';
    const server = await serve(
      http.createServer((request, response) => {
        request.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
        request.on('end', () => response.end('{}'));
      }),
    );
    const body = JSON.stringify({ query: QUERY, variables: { label: 'Équipe données ✓' } });
    await (await createHttpFetch()(server.url, post(body))).text();
    expect(received).toBe(body);
  });
});

describe('failures keep the shapes errors.ts maps', () => {
  it('a refused connection is a TypeError "fetch failed": unavailable', async () => {
    const server = await serve(net.createServer());
    const url = server.url;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const error = await createHttpFetch()(url, post()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(toHoustonError(error, 'Op').kind).toBe('unavailable');
  });

  it('a connection dropped before the answer, or in the middle of it, is unavailable', async () => {
    const server = await serve(
      net.createServer((socket) => {
        socket.once('data', () => {
          if (server.accepted() === 1) socket.destroy();
          else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"data":');
        });
      }),
    );
    const fetch = createHttpFetch();
    const before = await fetch(server.url, post()).catch((e: unknown) => e);
    expect(before).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    const midway = await fetch(server.url, post()).catch((e: unknown) => e);
    expect(midway).toMatchObject({ name: 'TypeError', message: 'fetch failed: terminated' });
    for (const error of [before, midway]) expect(toHoustonError(error, 'Op').kind).toBe('unavailable');
  });

  it('an answer that is not HTTP fails the call and its connection', async () => {
    const server = await serve(net.createServer((socket) => socket.once('data', () => socket.write('<html>upstream hiccup</html>\r\n\r\n'))));
    const error = await createHttpFetch()(server.url, post()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    await server.closed[0];
  });

  it('refuses a header value that would smuggle another header, sending nothing', async () => {
    const server = await serve(http.createServer((_request, response) => response.end('{}')));
    const error = await createHttpFetch()(server.url, { ...post(), headers: { authorization: 'key\r\nx-admin: yes' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(server.accepted()).toBe(0);
  });

  it('an abort while waiting for a connection rejects with its reason, and the call is never sent', async () => {
    const answer: http.ServerResponse[] = [];
    const server = await serve(http.createServer((_request, response) => answer.push(response)));
    const fetch = createHttpFetch({ maxSockets: 1 });
    const first = fetch(server.url, post());
    while (answer.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const deadline = new DeadlineSignal();
    const queued = fetch(server.url, { ...post(), signal: deadline as unknown as AbortSignal }).catch((e: unknown) => e);
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    deadline.abort(reason);
    expect(await queued).toBe(reason);
    answer[0]!.end('{"data":1}');
    expect(await (await first).text()).toBe('{"data":1}');
    await nextTurn();
    const third = fetch(server.url, post());
    while (answer.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    answer[1]!.end('{"data":3}');
    expect(await (await third).text()).toBe('{"data":3}');
    // The aborted call never reached the server. (undici closes the connection it would have gone
    // out on, as for any abort, so the third call gets a new one.)
    await nextTurn();
    expect(answer).toHaveLength(2);
  });

  it.each([
    ['the gateway\'s deadline signal', () => new DeadlineSignal()],
    ['an AbortController\'s signal', () => new AbortController()],
  ])('an abort through %s rejects with its reason and closes the connection, whose late answer reaches nobody', async (_what, make) => {
    const answer: http.ServerResponse[] = [];
    const server = await serve(http.createServer((_request, response) => answer.push(response)));
    const fetch = createHttpFetch();
    const aborter = make();
    const signal = (aborter instanceof AbortController ? aborter.signal : aborter) as AbortSignal;
    const call = fetch(server.url, { ...post(), signal }).catch((e: unknown) => e);
    while (answer.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    aborter.abort(reason);
    expect(await call).toBe(reason);
    expect(toHoustonError(reason, 'Op').kind).toBe('timeout');
    await server.closed[0];
    // The next call gets a connection of its own.
    answer[0]!.end('{}');
    const next = fetch(server.url, post());
    while (answer.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    answer[1]!.end('{"data":2}');
    expect(await (await next).text()).toBe('{"data":2}');
    expect(answer[1]!.req.socket).not.toBe(answer[0]!.req.socket);
    // Only the two calls reached the server. (undici also opens a spare connection after the
    // abort, to drop the aborted call from its queue; it sends nothing on it.)
    await nextTurn();
    expect(answer).toHaveLength(2);
  });
});
