// The transport graphql-request sends Houston calls through: a fetch that writes HTTP/1.1 straight
// onto pooled keep-alive TCP (or TLS) connections. A Houston call is a POST of a small JSON body
// whose whole answer is wanted as text. Node's WHATWG fetch wraps that in a Request, a Response,
// Headers and web streams; node:http still builds a ClientRequest, an IncomingMessage stream, a
// parser and per-request socket listeners and timers. Measured in one process making GetWorkspace
// calls to the emulator, 50 in flight, node:http took about 100 µs more CPU per call than writing
// the request and reading the answer here. Failures keep fetch's shapes, so errors.ts maps them as before: a refused,
// reset or cut-off connection or an unreadable answer is a TypeError ("fetch failed"), an abort
// rejects with the signal's reason.
import net from 'node:net';
import tls from 'node:tls';
import { Http1ResponseReader, type Http1Response } from './http1-response.js';

/** What graphql-request reads of a response: status, ok, a content-type look-up, the body. */
class HoustonResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };
  constructor(
    readonly status: number,
    raw: Record<string, string>,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => raw[name.toLowerCase()] ?? null,
      forEach: (each) => {
        for (const name in raw) each(raw[name]!, name);
      },
    };
  }
  async text(): Promise<string> {
    return this.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body) as unknown;
  }
}

/** What an aborted fetch rejects with: the signal's reason (a TimeoutError for a deadline). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

// As node:http checks them: a header cannot smuggle another header or a second request.
const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Framing is the transport's own; a caller's values for these are dropped. */
const OWN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** The request head's header lines (each ending in CRLF), from whatever HeadersInit the caller gave. */
function headerLines(headers: RequestInit['headers']): string {
  let lines = '';
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    if (OWN_HEADERS.has(lower)) return;
    if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: "${name}"`);
    if (INVALID_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${lower}"]`);
    lines += `${lower}: ${value}\r\n`;
  };
  if (!headers) return lines;
  if (headers instanceof Headers) headers.forEach((value, name) => add(name, value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) add(name!, value!);
  else for (const name in headers) add(name, (headers as Record<string, string>)[name]!);
  return lines;
}

export interface HttpFetchOptions {
  /** Connections to Houston at most, per origin; further calls wait for one. @default 256 */
  maxSockets?: number;
  /**
   * An idle connection is closed after this long: under the 5 s a Node server (the emulator, many
   * proxies) keeps one open, so a call never goes out on a connection the server is closing.
   * @default 4000
   */
  idleMs?: number;
}

/** One call on a connection, or waiting for one. */
interface Exchange {
  head: string;
  body: string | undefined;
  signal: AbortSignal | undefined;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
  onAbort: (() => void) | undefined;
  connection: Connection | undefined;
  settled: boolean;
}

interface Connection {
  socket: net.Socket;
  origin: Origin;
  exchange: Exchange | undefined;
  reader: Http1ResponseReader | undefined;
}

interface Origin {
  host: string;
  port: number;
  secure: boolean;
  /** The Host header's value. */
  authority: string;
  idle: Connection[];
  open: number;
  waiting: Exchange[];
}

/** A fetch for graphql-request (`new GraphQLClient(url, { fetch })`) over pooled keep-alive HTTP/1.1. */
export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const maxSockets = options.maxSockets ?? 256;
  const idleMs = options.idleMs ?? 4_000;
  const origins = new Map<string, Origin>();

  function originOf(url: URL): Origin {
    const key = `${url.protocol}//${url.host}`;
    let origin = origins.get(key);
    if (!origin) {
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') throw new TypeError(`Protocol "${url.protocol}" not supported`);
      origin = {
        host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port ? Number(url.port) : secure ? 443 : 80,
        secure,
        authority: url.host,
        idle: [],
        open: 0,
        waiting: [],
      };
      origins.set(key, origin);
    }
    return origin;
  }

  function settle(exchange: Exchange, outcome: () => void): void {
    if (exchange.settled) return;
    exchange.settled = true;
    if (exchange.onAbort) exchange.signal!.removeEventListener('abort', exchange.onAbort);
    outcome();
  }

  function fail(connection: Connection, error: unknown): void {
    const exchange = connection.exchange;
    connection.exchange = undefined;
    if (!exchange) return;
    // After the head, the answer was cut off; before it, the request was refused or lost.
    const cutOff = connection.reader?.headRead === true;
    settle(exchange, () => exchange.reject(cutOff ? new TypeError('fetch failed: terminated', { cause: error }) : new TypeError('fetch failed', { cause: error })));
  }

  function connect(origin: Origin): Connection {
    const socket = origin.secure
      ? tls.connect({ host: origin.host, port: origin.port, servername: net.isIP(origin.host) ? undefined : origin.host, ALPNProtocols: ['http/1.1'] })
      : net.connect({ host: origin.host, port: origin.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1_000);
    // Refreshed by every read and write: fires only after idleMs without traffic.
    socket.setTimeout(idleMs);
    const connection: Connection = { socket, origin, exchange: undefined, reader: undefined };
    origin.open += 1;
    socket.on('data', (chunk: Buffer) => {
      const reader = connection.reader;
      // Bytes nobody asked for: the connection is out of step with its requests.
      if (!reader || !connection.exchange) return void socket.destroy();
      let response: Http1Response | null;
      try {
        response = reader.push(chunk);
      } catch (error) {
        fail(connection, error);
        return void socket.destroy();
      }
      if (response) complete(connection, response);
    });
    socket.on('end', () => {
      const reader = connection.reader;
      if (reader && connection.exchange) {
        try {
          complete(connection, { ...reader.end(), reusable: false });
        } catch (error) {
          fail(connection, error);
        }
      }
      socket.destroy();
    });
    socket.on('timeout', () => {
      if (!connection.exchange) socket.destroy();
    });
    // Always listened to: an idle connection's reset must not become an uncaught 'error'.
    socket.on('error', (error) => fail(connection, error));
    socket.on('close', () => {
      fail(connection, new Error('socket hang up'));
      origin.open -= 1;
      const at = origin.idle.indexOf(connection);
      if (at >= 0) origin.idle.splice(at, 1);
      // A slot is free: the first caller waiting gets a new connection.
      const next = nextWaiting(origin);
      if (next) start(connect(origin), next);
    });
    return connection;
  }

  function nextWaiting(origin: Origin): Exchange | undefined {
    let next = origin.waiting.shift();
    while (next?.settled) next = origin.waiting.shift();
    return next;
  }

  function start(connection: Connection, exchange: Exchange): void {
    connection.exchange = exchange;
    connection.reader = new Http1ResponseReader();
    exchange.connection = connection;
    const { socket } = connection;
    // One write of head and body (a single segment for a small call).
    socket.cork();
    socket.write(exchange.head, 'latin1');
    if (exchange.body) socket.write(exchange.body, 'utf8');
    socket.uncork();
  }

  function complete(connection: Connection, response: Http1Response): void {
    const exchange = connection.exchange!;
    connection.exchange = undefined;
    connection.reader = undefined;
    const { origin, socket } = connection;
    if (response.reusable && !socket.destroyed) {
      const next = nextWaiting(origin);
      if (next) start(connection, next);
      else origin.idle.push(connection);
    } else {
      socket.destroy();
    }
    const text = response.body.toString('utf8');
    settle(exchange, () => exchange.resolve(new HoustonResponse(response.status, response.headers, text) as unknown as Response));
  }

  function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : new URL(input.url);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortReason(signal));
      const origin = originOf(url);
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? init.body : undefined;
      const length = body === undefined ? (method === 'POST' || method === 'PUT' || method === 'PATCH' ? 'content-length: 0\r\n' : '') : `content-length: ${Buffer.byteLength(body)}\r\n`;
      const head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${origin.authority}\r\n${headerLines(init.headers)}${length}\r\n`;
      const exchange: Exchange = { head, body, signal, resolve, reject, onAbort: undefined, connection: undefined, settled: false };
      if (signal) {
        exchange.onAbort = () => {
          settle(exchange, () => reject(abortReason(signal)));
          // An answer may still come on that connection, to nobody: it cannot be reused.
          const connection = exchange.connection;
          if (connection?.exchange === exchange) {
            connection.exchange = undefined;
            connection.socket.destroy();
          }
        };
        signal.addEventListener('abort', exchange.onAbort, { once: true });
      }
      let idle = origin.idle.pop();
      while (idle?.socket.destroyed) idle = origin.idle.pop();
      if (idle) start(idle, exchange);
      else if (origin.open < maxSockets) start(connect(origin), exchange);
      else origin.waiting.push(exchange);
    });
  }
  return httpFetch;
}
