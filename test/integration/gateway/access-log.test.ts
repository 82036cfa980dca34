// The request log: one access line per request (route template, status, duration, Houston time,
// cache outcome, caller key id, request id) in place of Fastify's two; probes and /metrics at
// debug; levels by name; and one start-up summary line that says how the gateway runs and holds
// no secret. The gateway runs with its own logger options (defaultLogger) into a captured stream.
import type { Writable } from 'node:stream';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, defaultLogger } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { dropRedisPrefix, buildTestApp, testGatewayEnv, testHoustonVersion, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

type LogLine = { level: unknown; msg?: string; reqId?: string } & Record<string, unknown>;

function capture(): { stream: Writable; lines: () => LogLine[] } {
  const raw: string[] = [];
  const stream = logSink(raw);
  return { stream, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}

/** The access lines of one response, waited for (written as the response finishes). */
async function accessLinesOf(lines: () => LogLine[], res: supertest.Response): Promise<LogLine[]> {
  const reqId = res.headers['x-request-id'];
  expect(reqId).toEqual(expect.any(String));
  const of = () => lines().filter((line) => line.reqId === reqId && line.msg === 'request completed');
  await eventually(() => expect(of().length).toBeGreaterThan(0));
  return of();
}

describe('access lines (LOG_LEVEL=debug)', () => {
  let gw: TestGateway;
  const log = capture();
  let key: { id: string; key: string };

  beforeAll(async () => {
    gw = await buildTestApp({ logger: defaultLogger({ logLevel: 'debug' }, log.stream) });
    const created = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name: 'access-log', scopes: ['deployments:read'] });
    expect(created.status, created.text).toBe(201);
    key = created.body as { id: string; key: string };
  });
  afterAll(() => gw.close());

  it('write one line per request, with the route template, Houston time, cache outcome and caller key id', async () => {
    const { deploymentId } = gw.emulator.demo!;
    const first = await gw.http().get(`/deployments/${deploymentId}?limit=5&token=not-for-logs`).set(bearer(key.key));
    expect(first.status, first.text).toBe(200);
    const lines = await accessLinesOf(log.lines, first);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      // A successful read is logged at debug (see 'at LOG_LEVEL=info' below).
      level: 'debug',
      reqId: first.headers['x-request-id'],
      method: 'GET',
      route: '/deployments/:deploymentId',
      url: `/deployments/${deploymentId}?limit=5&token=[redacted]`,
      status: 200,
      durationMs: expect.any(Number),
      houstonMs: expect.any(Number),
      houstonCalls: expect.any(Number),
      cache: 'MISS',
      callerKeyId: key.id,
    });
    expect(lines[0]!.houstonCalls as number).toBeGreaterThanOrEqual(1);
    // Fastify's own per-request lines are gone.
    expect(log.lines().filter((line) => line.reqId === first.headers['x-request-id'] && line.msg !== 'request completed')).toEqual([]);
    expect(log.lines().some((line) => line.msg === 'incoming request')).toBe(false);

    // Served from the cache: Houston was not called, so there is no Houston time.
    const second = await gw.http().get(`/deployments/${deploymentId}?limit=5&token=not-for-logs`).set(bearer(key.key));
    const [cached] = await accessLinesOf(log.lines, second);
    expect(cached).toMatchObject({ cache: 'HIT', status: 200, callerKeyId: key.id });
    expect(cached).not.toHaveProperty('houstonMs');
  });

  it('name the caller key of a refused request when the store knew it, and none when there was no key', async () => {
    const noKey = await gw.http().get('/workspaces');
    expect(noKey.status).toBe(401);
    expect((await accessLinesOf(log.lines, noKey))[0]).toMatchObject({ status: 401, route: '/workspaces', callerKeyId: null });

    const unknownRoute = await gw.http().get('/no/such/route');
    expect((await accessLinesOf(log.lines, unknownRoute))[0]).toMatchObject({ status: 404, route: null, url: '/no/such/route' });
  });

  it('write one line, marked aborted, for a request whose caller hung up before the answer', async () => {
    const requestId = `access-abandoned-${Date.now()}`;
    /** Houston calls finished so far (the metrics count them as each one ends). */
    const houstonCallsDone = async () => {
      const text = (await gw.http().get('/metrics')).text;
      const counts = text.split('\n').filter((l) => l.startsWith('houston_gateway_houston_call_duration_seconds_count{'));
      return counts.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    };
    const before = await houstonCallsDone();
    gw.emulator.faults.set({ latencyMs: 400 });
    try {
      const abandoned = gw.http().get('/workspaces').set(bearer(gw.adminKey)).set('cache-control', 'no-cache').set('x-request-id', requestId).timeout({ response: 100 });
      await expect(abandoned).rejects.toThrow(/timeout/i);
      const of = () => log.lines().filter((line) => line.reqId === requestId && line.msg?.startsWith('request '));
      await eventually(() => expect(of().length).toBeGreaterThan(0));
      // Houston answers later and the gateway finishes the request: still one line.
      gw.emulator.faults.clear();
      await eventually(async () => expect(await houstonCallsDone()).toBeGreaterThan(before), { timeout: 3_000 });
      await gw.http().get('/healthz'); // a request after it, so a late second line would have been written
      expect(of()).toHaveLength(1);
      expect(of()[0]).toMatchObject({ level: 'info', msg: 'request aborted by the client', aborted: true, route: '/workspaces', status: null });
    } finally {
      gw.emulator.faults.clear();
    }
  });

  it('write probes and /metrics at debug', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await gw.http().get(path);
      expect(res.status, path).toBe(200);
      expect((await accessLinesOf(log.lines, res))[0], path).toMatchObject({ level: 'debug', route: path, status: 200 });
    }
  });

  it('name every level by its name', () => {
    const levels = new Set(log.lines().map((line) => line.level));
    expect([...levels].every((level) => typeof level === 'string' && ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(level))).toBe(true);
    expect(levels).toContain('info');
    expect(levels).toContain('debug');
  });
});

describe('at LOG_LEVEL=info', () => {
  let gw: TestGateway;
  const log = capture();
  beforeAll(async () => {
    gw = await buildTestApp({ logger: defaultLogger({ logLevel: 'info' }, log.stream) });
  });
  afterAll(() => gw.close());

  it('probes, /metrics and successful reads leave no line; refusals, errors and writes do', async () => {
    const quiet = [
      await gw.http().get('/healthz'),
      await gw.http().get('/readyz'),
      await gw.http().get('/metrics'),
      await gw.http().get('/workspaces').set(bearer(gw.adminKey)),
      await gw.http().get('/workspaces').set(bearer(gw.adminKey)),
    ];
    expect(quiet.map((res) => res.headers['x-cache'])).toEqual([undefined, undefined, undefined, 'MISS', 'HIT']);
    const refused = await gw.http().get('/workspaces');
    const missing = await gw.http().get('/workspaces/no-such-workspace').set(bearer(gw.adminKey));
    const write = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: 'access-log at info' });
    expect([refused.status, missing.status, write.status]).toEqual([401, 404, 201]);
    // Written after the quiet requests' lines would have been.
    for (const res of [refused, missing, write]) expect((await accessLinesOf(log.lines, res))[0]).toMatchObject({ level: 'info', status: res.status });
    for (const res of quiet) {
      expect(res.status).toBe(200);
      expect(log.lines().filter((line) => line.reqId === res.headers['x-request-id'])).toEqual([]);
    }
  });
});

describe('the start-up summary', () => {
  const HOUSTON_KEY = 'houston-env-key-4c1b9e77d0';
  const REDIS_PASSWORD = 'redis-pass-8f2e61a4';
  const URL_SECRET = 'url-signature-5a0c93';
  const PORTAL = 'https://portal.example.com';

  it('says where the gateway listens and what it uses, and holds no secret', async () => {
    const emulator = await createEmulator({ port: 0, seedDemo: false, houstonVersion: testHoustonVersion() });
    // The suite's Redis takes no password; ioredis goes on without one when Redis asks for none.
    const redisUrl = new URL(inject('redisUrl'));
    redisUrl.password = REDIS_PASSWORD;
    const config = loadConfig({
      ...testGatewayEnv(`${emulator.url}?signature=${URL_SECRET}`),
      REDIS_URL: redisUrl.toString(),
      HOUSTON_API_KEY: HOUSTON_KEY,
      CORS_ORIGINS: PORTAL,
      OPS_PORT: '0',
      CACHE_ENABLED: 'false',
    });
    const log = capture();
    const app = await buildApp(config, { logger: defaultLogger({ logLevel: 'info' }, log.stream), houstonCredentials: new Map([['default', emulator.adminKey]]) });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      await eventually(() => expect(log.lines().some((line) => line.msg === 'houston-gateway started')).toBe(true));
      const summaries = log.lines().filter((line) => line.msg === 'houston-gateway started');
      expect(summaries).toHaveLength(1);
      const summary = summaries[0]!;
      const ops = app.opsServer!.address() as { port: number };
      expect(summary).toMatchObject({
        level: 'info',
        startup: {
          listen: [address],
          ops: { listen: `http://127.0.0.1:${ops.port}`, routes: ['metrics'] },
          houston: { url: emulator.url },
          stores: { redis: expect.stringMatching(/^server redis:\/\/127\.0\.0\.1:\d+$/), callerKeys: 'redis', cache: 'off' },
          cache: 'off',
          limits: { rateLimit: { max: config.rateLimit.max, windowSeconds: config.rateLimit.windowSeconds } },
          metrics: 'ops listener',
          cors: { origins: [PORTAL] },
        },
      });
      const text = JSON.stringify(summary);
      for (const secret of [HOUSTON_KEY, emulator.adminKey, config.callerKeys.secret!, REDIS_PASSWORD, URL_SECRET]) {
        expect(text).not.toContain(secret);
      }
      // Nor does any other line of the start-up.
      const all = log.lines().map((line) => JSON.stringify(line)).join('\n');
      for (const secret of [HOUSTON_KEY, emulator.adminKey, config.callerKeys.secret!, REDIS_PASSWORD]) expect(all).not.toContain(secret);
    } finally {
      await app.close();
      await emulator.close();
      await dropRedisPrefix(config);
    }
  });
});
