// What a request looks like in a log line. A URL is caller input: a caller key sent as `?api_key=`,
// `?access_token=`, `?key=` or `?token=` (refused with 401, but still in the URL), an e-mail
// address from `GET /users?email=`, free text from `?search=`. So a logged URL keeps its path and
// only the query parameters known to be safe; every other parameter is written as `name=[redacted]`
// when its name is one the gateway knows, else as a bare `[redacted]` (a name is caller input
// too). Path segments holding an e-mail address or a caller key (`hgw_…`) read `[redacted]`.
// Error lines get the same care: Node's raw request bytes are dropped and e-mail addresses in
// messages are masked.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

export const LOG_CENSOR = '[redacted]';

/** Query parameters whose values may appear in a log line: ids, enums, numbers, opaque cursors. */
export const SAFE_QUERY_PARAMS: ReadonlySet<string> = new Set(['limit', 'cursor', 'hard', 'component', 'since', 'airflowVersion', 'clusterId']);

/** Parameter names the gateway knows whose values never appear (their names do). */
const KNOWN_SECRET_PARAMS: ReadonlySet<string> = new Set(['email', 'search', 'api_key', 'apiKey', 'access_token', 'key', 'token']);

const EMAIL = /[^\s"'<>()[\]\\/,;:@]+@[^\s"'<>()[\]\\/,;:@]+/g;
const ENCODED_AT = /%40/i;
const CALLER_KEY_PREFIX = 'hgw_';

function safeSegment(segment: string): string {
  return segment.includes('@') || ENCODED_AT.test(segment) || segment.startsWith(CALLER_KEY_PREFIX) ? LOG_CENSOR : segment;
}

/** The URL as a log line may show it: the path, and only the safe query parameters' values. */
export function loggableUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const mark = url.indexOf('?');
  const path = (mark === -1 ? url : url.slice(0, mark)).split('/').map(safeSegment).join('/');
  if (mark === -1) return path;
  const parts: string[] = [];
  for (const [name, value] of new URLSearchParams(url.slice(mark + 1))) {
    if (SAFE_QUERY_PARAMS.has(name)) parts.push(`${name}=${encodeURIComponent(value)}`);
    else if (KNOWN_SECRET_PARAMS.has(name)) parts.push(`${name}=${LOG_CENSOR}`);
    else parts.push(LOG_CENSOR);
  }
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
}

/** An id taken from the request (path parameters, body fields) as a log line may show it. */
export function loggableId(value: string): string {
  return safeSegment(value) === LOG_CENSOR ? LOG_CENSOR : value;
}

function maskEmails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, LOG_CENSOR);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskEmails(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = maskEmails(item, depth + 1);
  return out;
}

/** Fastify's request serializer (method, url, host, remote address), with the URL made loggable. */
function req(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    version: String(request.headers?.['accept-version'] ?? '') || undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function res(reply: Pick<FastifyReply, 'statusCode'>) {
  return { statusCode: reply.statusCode };
}

/** pino's error serializer, without Node's raw request bytes (`rawPacket`) and with e-mails masked. */
function err(error: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  delete serialized.rawPacket;
  return maskEmails(serialized) as { type: string; message: string; stack: string };
}

/** The serializers every gateway logger uses (see defaultLogger in app.ts). */
export const LOG_SERIALIZERS = { req, res, err };
