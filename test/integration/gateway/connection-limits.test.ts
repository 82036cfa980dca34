// MAX_CONNECTIONS: past the bound a new connection is closed on arrival (so a load balancer moves on
// to another replica), while the connections already open keep being served.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';

let gw: TestGateway;
const sockets: Socket[] = [];

beforeAll(async () => {
  gw = await buildTestApp({ env: { MAX_CONNECTIONS: '2' } });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await gw?.close();
});

/** Opens a connection, sends GET /healthz, and resolves with what came back before the socket closed. */
function probe(port: number): Promise<{ answer: string; closed: boolean; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\n')) resolve({ answer, closed: false, socket });
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ answer, closed: true, socket }));
    socket.write('GET /healthz HTTP/1.1\r\nHost: gw\r\nConnection: keep-alive\r\n\r\n');
  });
}

describe('MAX_CONNECTIONS', () => {
  it('closes a connection past the bound, and keeps serving those already open', async () => {
    const address = gw.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const first = await probe(port);
    const second = await probe(port);
    expect(first.answer).toMatch(/^HTTP\/1\.1 200/);
    expect(second.answer).toMatch(/^HTTP\/1\.1 200/);
    const third = await probe(port);
    expect(third.closed).toBe(true);
    expect(third.answer).toBe('');
    // The open ones still answer.
    const again = await new Promise<string>((resolve) => {
      first.socket.once('data', (chunk) => resolve(chunk.toString()));
      first.socket.write('GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n');
    });
    expect(again).toMatch(/^HTTP\/1\.1 200/);
  });
});
