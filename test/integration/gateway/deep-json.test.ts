// Deeply nested JSON bodies (issue 14): a body nested far beyond any route's schema is refused 400
// GW_REQUEST_INVALID as it is parsed, with or without an Idempotency-Key, so nothing that walks the
// body before validation (the idempotency fingerprint) can overflow the stack into a 500.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { MAX_JSON_DEPTH } from '../../../src/plugins/json-body.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';

const lines: string[] = [];
let gw: TestGateway;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

beforeAll(async () => {
  const stream = logSink(lines);
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false' }, logger: { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream } });
});
afterAll(() => gw?.close());

const routes = [
  { name: 'POST /workspaces', send: () => gw.http().post('/workspaces') },
  { name: 'PUT /deployments/{id}/environment-variables', send: () => gw.http().put(`/deployments/${gw.emulator.demo!.deploymentId}/environment-variables`) },
];
const bodies = [
  { name: '[', make: nestedArrays },
  { name: '{"a":', make: nestedObjects },
];

describe('a deeply nested JSON body', () => {
  for (const route of routes) {
    for (const body of bodies) {
      for (const levels of [5_000, 50_000]) {
        for (const keyed of [true, false]) {
          it(`${route.name}, ${levels} levels of ${body.name}, ${keyed ? 'with' : 'without'} Idempotency-Key: 400`, async () => {
            const from = lines.length;
            const req = route.send().set(bearer(gw.adminKey)).set('content-type', 'application/json');
            if (keyed) void req.set('idempotency-key', randomUUID());
            const res = await req.send(body.make(levels));
            expectProblem(res, 400, 'GW_REQUEST_INVALID');
            expect(res.body.detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
            expect(res.headers['x-request-id']).toEqual(expect.any(String));
            const log = lines.slice(from).join('');
            expect(log).toContain('"status":400');
            expect(log).not.toMatch(/"status(Code)?":5\d\d|GW_INTERNAL|RangeError|Maximum call stack|"stack"|\n\s+at /);
          });
        }
      }
    }
  }

  it('is taken up to the bound, deeper is refused (the schema answers the body within it)', async () => {
    const put = (text: string) =>
      gw.http().put(`/deployments/${gw.emulator.demo!.deploymentId}/environment-variables`)
        .set(bearer(gw.adminKey)).set('content-type', 'application/json').set('idempotency-key', randomUUID()).send(text);
    const within = await put(`{"environmentVariables":${nestedArrays(MAX_JSON_DEPTH - 1)}}`);
    expectProblem(within, 400, 'GW_REQUEST_INVALID');
    expect(within.body.detail).not.toContain('deeper than');
    const beyond = await put(`{"environmentVariables":${nestedArrays(MAX_JSON_DEPTH)}}`);
    expectProblem(beyond, 400, 'GW_REQUEST_INVALID');
    expect(beyond.body.detail).toContain('deeper than');
    // Brackets inside strings are text, not nesting.
    const label = `deep-${randomUUID().slice(0, 8)}`;
    const text = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).set('content-type', 'application/json')
      .send(JSON.stringify({ label, description: '['.repeat(MAX_JSON_DEPTH + 10) }));
    expect(text.status, text.text).toBe(201);
  });
});

describe('a normal keyed write', () => {
  it('still runs once and replays', async () => {
    const key = randomUUID();
    const path = `/deployments/${gw.emulator.demo!.deploymentId}/environment-variables`;
    const body = { environmentVariables: [{ key: 'DEPTH_CHECK', value: 'on', isSecret: false }] };
    const first = await gw.http().put(path).set(bearer(gw.adminKey)).set('idempotency-key', key).send(body);
    expect(first.status, first.text).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await gw.http().put(path).set(bearer(gw.adminKey)).set('idempotency-key', key).send(body);
    expect(replay.status, replay.text).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
