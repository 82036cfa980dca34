// The security headers are read once from @fastify/helmet (protection.ts) instead of being built
// by it on every request. What that skips must not matter: each answer — a read, a refusal, a
// route that does not exist — carries exactly the headers @fastify/helmet itself sets.
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

let gw: TestGateway;
/** What @fastify/helmet, registered as the gateway configures it, puts on a response. */
let reference: Record<string, unknown>;

beforeAll(async () => {
  gw = await buildTestApp();
  const plain = Fastify({ logger: false });
  await plain.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: { policy: 'same-origin' } });
  plain.get('/', async () => ({}));
  const res = await plain.inject('/');
  await plain.close();
  reference = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name)));
  expect(Object.keys(reference).length).toBeGreaterThan(5);
});

afterAll(async () => {
  await gw?.close();
});

describe('security headers', () => {
  it('are the ones @fastify/helmet sets, on reads, refusals and unknown routes alike', async () => {
    const answers = [
      await gw.http().get('/workspaces').set(bearer(gw.adminKey)),
      await gw.http().get('/workspaces'),
      await gw.http().get('/no/such/route'),
      await gw.http().get('/healthz'),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 404, 200]);
    for (const res of answers) expect(res.headers).toMatchObject(reference);
  });
});
