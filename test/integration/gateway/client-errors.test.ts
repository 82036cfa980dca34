// Requests Node's HTTP parser refuses (issue 14) never become Fastify requests; they are still
// answered as problem+json — a whole HTTP/1.1 response written to the socket, which is then closed —
// with a code, a fresh request id and nothing of the raw request echoed or logged. Sent over raw
// sockets, since no HTTP client will send them.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { logSink } from '../../helpers/log-sink.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Sent in every malformed request: it must appear in no answer and no log line. */
const MARKER = 'raw-marker-5e1d07';

const lines: string[] = [];
let gw: TestGateway;

beforeAll(async () => {
  const stream = logSink(lines);
  gw = await buildTestApp({ logger: { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream } });
});
afterAll(() => gw?.close());

interface RawResponse {
  raw: string;
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` to the gateway's socket and reads until the gateway closes it. */
function sendRaw(request: string | Buffer): Promise<RawResponse> {
  const { port } = gw.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(request));
    socket.setTimeout(5_000, () => socket.destroy(new Error('the gateway did not close the connection')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The gateway may close while the rest of a large request is still being written.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const end = raw.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no complete response: ${JSON.stringify(raw)}`));
      const [statusLine = '', ...headerLines] = raw.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ raw, statusLine, status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(end + 4) });
    });
  });
}

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

const CASES: { name: string; request: () => string; status: number; code: string }[] = [
  { name: 'a NUL byte in a header value', request: () => head(['GET /workspaces HTTP/1.1', 'Host: gw', `X-Note: ${MARKER}\0tail`]), status: 400, code: 'GW_REQUEST_UNPARSABLE' },
  { name: 'a bare CR in a header value', request: () => head(['GET /workspaces HTTP/1.1', 'Host: gw', `X-Note: ${MARKER}\rtail`]), status: 400, code: 'GW_REQUEST_UNPARSABLE' },
  { name: 'a bare LF ending a header line', request: () => `GET /workspaces HTTP/1.1\r\nHost: gw\r\nX-Note: ${MARKER}\nX-Other: 1\r\n\r\n`, status: 400, code: 'GW_REQUEST_UNPARSABLE' },
  { name: 'a lowercase method', request: () => head([`get /workspaces?m=${MARKER} HTTP/1.1`, 'Host: gw']), status: 400, code: 'GW_REQUEST_UNPARSABLE' },
  {
    name: 'Content-Length together with Transfer-Encoding',
    request: () => head(['POST /workspaces HTTP/1.1', 'Host: gw', 'Content-Type: application/json', 'Content-Length: 5', 'Transfer-Encoding: chunked', `X-Note: ${MARKER}`]) + '0\r\n\r\n',
    status: 400,
    code: 'GW_REQUEST_UNPARSABLE',
  },
  {
    name: 'an over-long header',
    request: () => head(['GET /workspaces HTTP/1.1', 'Host: gw', `X-Big: ${MARKER}${'a'.repeat(40_000)}`]),
    status: 431,
    code: 'GW_REQUEST_HEADER_TOO_LARGE',
  },
];

describe('a request the HTTP parser refuses', () => {
  for (const { name, request, status, code } of CASES) {
    it(`${name}: ${status} ${code} as problem+json, and the connection closed`, async () => {
      const from = lines.length;
      const res = await sendRaw(request());
      expect(res.statusLine, res.raw).toMatch(new RegExp(`^HTTP/1\\.1 ${status} \\S`));
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      expect(problem).toMatchObject({
        status,
        code,
        title: expect.any(String),
        type: expect.stringMatching(/^urn:houston-gateway:problem:/),
        requestId: res.headers['x-request-id'],
      });
      expect(res.raw).not.toContain(MARKER);

      const log = lines.slice(from).join('');
      const logged = lines.slice(from).filter((line) => line.includes('request refused by the HTTP parser'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ level: 30, reqId: res.headers['x-request-id'], code, status });
      expect(log).not.toContain(MARKER);
      expect(log).not.toContain('rawPacket');
    });
  }

  it('does not take a request id from the refused request', async () => {
    const res = await sendRaw(head(['get /workspaces HTTP/1.1', 'Host: gw', 'X-Request-Id: caller-chosen-id']));
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('leaves well-formed requests on the same server alone', async () => {
    const res = await sendRaw(head(['GET /healthz HTTP/1.1', 'Host: gw', 'Connection: close']));
    expect(res.status, res.raw).toBe(200);
  });
});
