// The transport graphql-request sends Houston calls through: a fetch over node:http(s) with a
// keep-alive agent, instead of Node's WHATWG fetch. A Houston call needs a POST of a small JSON
// body and the whole answer as text; Node's fetch builds a Request, a Response, Headers and web
// streams around that, which cost a quarter of an uncached read's CPU in the gateway (bench/
// profile.ts). Failures keep fetch's shapes, so errors.ts maps them as before: a refused or
// broken connection is a TypeError ("fetch failed"), an abort rejects with the signal's reason.
import http from 'node:http';
import https from 'node:https';

/** What graphql-request reads of a response: status, ok, a content-type look-up, the body. */
class HoustonResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };
  constructor(
    readonly status: number,
    raw: http.IncomingHttpHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      forEach: (each) => {
        for (const [name, value] of Object.entries(raw)) if (value !== undefined) each(Array.isArray(value) ? value.join(', ') : value, name);
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

/** What an aborted fetch rejects with: the signal's reason (a TimeoutError for AbortSignal.timeout). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  if (!headers) return plain;
  if (headers instanceof Headers) headers.forEach((value, name) => (plain[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) plain[name!.toLowerCase()] = value!;
  else for (const [name, value] of Object.entries(headers as Record<string, string>)) plain[name.toLowerCase()] = value;
  return plain;
}

export interface HttpFetchOptions {
  /** Connections to Houston at most, per agent; further calls wait for one. @default 256 */
  maxSockets?: number;
  /**
   * An idle connection is closed after this long: under the 5 s a Node server (the emulator, many
   * proxies) keeps one open, so a call never goes out on a connection the server is closing.
   * @default 4000
   */
  idleMs?: number;
}

/** A fetch for graphql-request (`new GraphQLClient(url, { fetch })`) over keep-alive node:http(s). */
export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, timeout: options.idleMs ?? 4_000, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : new URL(input.url);
    const secure = url.protocol === 'https:';
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const request = (secure ? https : http).request(
        url,
        { method: init.method ?? 'GET', headers: plainHeaders(init.headers), agent: secure ? agents.https : agents.http },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            settle(() => resolve(new HoustonResponse(response.statusCode ?? 0, response.headers, body) as unknown as Response));
          });
          response.on('error', (error) => settle(() => reject(new TypeError('fetch failed: socket closed mid-answer', { cause: error }))));
          response.on('aborted', () => settle(() => reject(new TypeError('fetch failed: terminated'))));
        },
      );
      const onAbort = () => {
        request.destroy();
        settle(() => reject(abortReason(signal!)));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => settle(() => reject(new TypeError('fetch failed', { cause: error }))));
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
  }
  return httpFetch;
}
