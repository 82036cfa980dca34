// The transport graphql-request sends Houston calls through: a fetch-shaped adapter over an undici
// Agent (one keep-alive Pool per origin) and its dispatch() API. A Houston call is a POST of a
// small JSON body whose whole answer is wanted as text. Node's WHATWG fetch (undici's fetch) wraps
// that in a Request, a Response, Headers and web streams, and node:http builds a ClientRequest and
// an IncomingMessage stream with per-request listeners and timers. undici's request() is lighter
// but still gives each call an AsyncResource and a Readable body. dispatch() hands the answer's
// head and chunks to a plain handler. Measured in one process making GetWorkspace calls to the
// emulator, 50 in flight, the client's CPU per call was about 165 µs with dispatch(), 205 µs with
// request() and 235 µs with node:http. In all of these, undici does the HTTP/1.1 work: llhttp
// parsing, keep-alive reuse and its bound, queueing, idle closing, header validation.
//
// Failures keep fetch's shapes, so errors.ts maps them as before:
// - a refused, reset or lost connection, or an unreadable answer, is a TypeError "fetch failed";
// - an answer cut off after its head is "fetch failed: terminated";
// - an invalid header is a plain TypeError, and nothing is sent;
// - an abort rejects with the signal's reason (a TimeoutError for a deadline).
import { Agent, type Dispatcher } from 'undici';

export interface HttpFetchOptions {
  /** Connections to Houston at most, per origin; further calls wait for one. @default 256 */
  maxSockets?: number;
  /**
   * An idle connection is closed after this long at most: under the 5 s a Node server (the
   * emulator, many proxies) keeps one open, so a call never goes out on a connection the server is
   * closing. A server's `Keep-Alive: timeout=` hint shortens it (undici closes 2 s before).
   * @default 4000
   */
  idleMs?: number;
}

type ResponseHeaders = Dispatcher.ResponseData['headers'];

/** What graphql-request reads of a response: status, ok, a content-type look-up, the body. */
class HoustonResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };
  constructor(
    readonly status: number,
    raw: ResponseHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    // undici's names are lower-cased; a repeated header is an array, joined as fetch joins it.
    const value = (name: string) => {
      const found = raw[name];
      return found === undefined ? null : Array.isArray(found) ? found.join(', ') : found;
    };
    this.headers = {
      get: (name) => value(name.toLowerCase()),
      forEach: (each) => {
        for (const name in raw) each(value(name)!, name);
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

/** The signal's reason, as an aborted fetch rejects (a TimeoutError for a deadline). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/** An undici failure in fetch's shape; `cutOff`: after the answer's head. */
function failure(error: unknown, cutOff: boolean): TypeError {
  // undici's InvalidArgumentError (e.g. a CR/LF in a header value): the request was never sent.
  if ((error as { code?: unknown } | null)?.code === 'UND_ERR_INVALID_ARG') {
    return new TypeError((error as Error).message, { cause: error });
  }
  return new TypeError(cutOff ? 'fetch failed: terminated' : 'fetch failed', { cause: error });
}

/** A plain header object for undici from whatever HeadersInit the caller gave. */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> | string[] | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) {
    const plain: Record<string, string> = {};
    headers.forEach((value, name) => (plain[name] = value));
    return plain;
  }
  if (Array.isArray(headers)) return headers.flat();
  return headers as Record<string, string>;
}

/** A fetch for graphql-request (`new GraphQLClient(url, { fetch })`) over undici's keep-alive pools. */
export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const idleMs = options.idleMs ?? 4_000;
  const agent = new Agent({
    connections: options.maxSockets ?? 256,
    // One call at a time per connection: a slow answer never holds up the calls behind it.
    pipelining: 1,
    keepAliveTimeout: idleMs,
    keepAliveMaxTimeout: idleMs,
  });

  function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : new URL(input.url);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortReason(signal));
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new TypeError(`Protocol "${url.protocol}" not supported`));
      let controller: Dispatcher.DispatchController | undefined;
      let status = 0;
      let headers: ResponseHeaders | undefined;
      const chunks: Buffer[] = [];
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      // The DeadlineSignal (attempt-deadline.ts) or an AbortSignal: undici aborts the request and
      // destroys its connection, so a late answer reaches nobody.
      const onAbort = () => {
        const reason = abortReason(signal!);
        settle(() => reject(reason));
        controller?.abort(reason);
      };
      signal?.addEventListener('abort', onAbort);
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(started) {
          controller = started;
          // Aborted while waiting for a connection.
          if (settled) started.abort(abortReason(signal!));
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          if (statusCode < 200) return; // an informational head: the answer follows
          status = statusCode;
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
          settle(() => resolve(new HoustonResponse(status, headers ?? {}, text) as unknown as Response));
        },
        onResponseError(_controller, error) {
          settle(() => reject(failure(error, headers !== undefined)));
        },
      };
      try {
        agent.dispatch(
          {
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: init.method ?? 'GET',
            headers: plainHeaders(init.headers),
            body: typeof init.body === 'string' ? init.body : null,
          },
          handler,
        );
      } catch (error) {
        settle(() => reject(failure(error, false)));
      }
    });
  }
  return httpFetch;
}
