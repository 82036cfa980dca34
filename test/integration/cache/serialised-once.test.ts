// A cached answer is serialised once, at the MISS, through the route's response schema, and a HIT
// sends those bytes as they are. What a HIT skips (parsing, the schema, serialising) must not be
// needed: the schema filtered the stored body already, and an answer that fails its schema is
// never stored. A test route on the real gateway (buildApp, real Redis) controls what the handler
// returns.
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../../src/app.js';
import { createCallerKeys } from '../../../src/auth/caller-keys.js';
import { createRedisKeyStore } from '../../../src/auth/key-stores/redis.js';
import { loadConfig, type GatewayConfig } from '../../../src/config.js';
import { createEmulator } from '../../../src/emulator/index.js';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dropRedisPrefix, testGatewayEnv, testHoustonVersion } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

let emulator: HoustonEmulator;
let config: GatewayConfig;
let app: FastifyInstance;
let key: string;
/** What the test route's handler answers next. */
let answer: unknown;
let handled = 0;

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, seedDemo: false, houstonVersion: testHoustonVersion() });
  config = loadConfig(testGatewayEnv(emulator.url));
  app = await buildApp(config, { logger: false, houstonCredentials: new Map([['default', emulator.adminKey]]) });
  app.get(
    '/test/gauges/:id',
    {
      schema: { params: z.object({ id: z.string() }), response: { 200: z.object({ id: z.string(), value: z.number() }) } },
      config: { scope: 'workspaces:read', cache: { tags: () => ['test:gauges'] } },
    },
    async () => {
      handled += 1;
      return answer;
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const keys = createCallerKeys({ store: createRedisKeyStore(app.redis!, config.redis.keyPrefix), secret: config.callerKeys.secret! });
  key = (await keys.create({ name: 'serialised-once', scopes: ['workspaces:read'] })).key;
});

afterAll(async () => {
  await app?.close();
  await emulator?.close();
  if (config) await dropRedisPrefix(config);
});

const get = (id: string) => supertest(app.server).get(`/test/gauges/${id}`).set(bearer(key));

describe('a cached answer', () => {
  it('is stored as the response schema serialised it, and a HIT sends exactly those bytes as JSON', async () => {
    answer = { id: 'g1', value: 42, internal: 'the schema drops this' };
    const miss = await get('g1');
    expect(miss.status).toBe(200);
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(miss.text).toBe('{"id":"g1","value":42}');

    const hit = await get('g1');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    // Not serialised again: a string payload sent through the serializer would arrive quoted.
    expect(hit.text).toBe(miss.text);
    expect(hit.headers.etag).toBe(miss.headers.etag);
    expect(hit.headers['content-length']).toBe(String(Buffer.byteLength(miss.text)));
  });

  it('is never stored when it fails its schema: the next read asks the handler again', async () => {
    answer = { id: 'g2', value: 'not a number' };
    const failed = await get('g2');
    expect(failed.status).toBe(500);
    const before = handled;

    answer = { id: 'g2', value: 7 };
    const next = await get('g2');
    expect(next.status).toBe(200);
    expect(next.headers['x-cache']).toBe('MISS');
    expect(next.body).toEqual({ id: 'g2', value: 7 });
    expect(handled).toBe(before + 1);
    expect((await get('g2')).headers['x-cache']).toBe('HIT');
  });

  it('answers HEAD from the same entry, with no body', async () => {
    answer = { id: 'g3', value: 3 };
    expect((await get('g3')).headers['x-cache']).toBe('MISS');
    const head = await supertest(app.server).head('/test/gauges/g3').set(bearer(key));
    expect(head.status).toBe(200);
    expect(head.headers['x-cache']).toBe('HIT');
    expect(head.text ?? '').toBe('');
  });
});
