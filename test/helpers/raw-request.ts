// One HTTP/1.1 request sent as given: the path verbatim (no URL normalisation of `..` or `%2e`),
// repeated headers as repeated lines, a body with Content-Length or chunked. For fuzzing, where
// supertest's URL handling would tidy away the very input under test.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Answer } from './openapi-oracle.js';

export interface RawRequest {
  method: string;
  /** Request target, sent byte for byte (characters past U+00FF are not allowed by Node). */
  path: string;
  /** In order; a name given twice is sent as two header lines. */
  headers: [string, string][];
  body: Buffer | undefined;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

export function rawClient(server: Server): { send(req: RawRequest): Promise<Answer>; close(): void } {
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (req: RawRequest, retried = false): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of req.headers) {
        const present = headers[name];
        headers[name] = present === undefined ? value : [...([] as string[]).concat(present), value];
      }
      if (req.body && !req.chunked) headers['content-length'] = String(req.body.length);
      let answered = false;
      const outgoing = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      // The gateway may answer (413, 431) and close before the whole request is written.
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (answered) return;
        // A kept-alive socket the server closed just as it was reused (Node's documented race,
        // `request.reusedSocket`): once more on a new connection. A reset there still fails.
        if (outgoing.reusedSocket && !retried && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          resolve(send(req, true));
          return;
        }
        reject(error);
      });
      outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`no answer in 10 s to ${req.method} ${req.path.slice(0, 200)}`)));
      if (req.body && req.chunked) {
        // Several chunks, so the limit is found while reading, not from a Content-Length.
        for (let at = 0; at < req.body.length; at += 256 * 1024) outgoing.write(req.body.subarray(at, at + 256 * 1024));
        outgoing.end();
      } else {
        outgoing.end(req.body);
      }
    });
  return { send: (req) => send(req), close: () => agent.destroy() };
}
