// OpenTelemetry tracing over real sockets, a real emulator and real Redis; only the exporter is in
// memory. Off (no OTEL_* set), the gateway loads and registers nothing of OpenTelemetry; on, a
// caller's traceparent makes one trace: the caller's span → the request span → `houston <operation>`
// → the HTTP attempt whose traceparent the emulator records; Redis round trips are children of the
// request span; no span holds a caller key, a Houston key, an e-mail address or a Redis key.
import { randomBytes, randomUUID } from 'node:crypto';
import { channel, tracingChannel } from 'node:diagnostics_channel';
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tracing } from '../../../src/tracing/index.js';
import { startTracing } from '../../../src/tracing/start.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { eventually } from '../../helpers/eventually.js';

/** A caller's span, as its W3C traceparent header carries it (sampled). */
function callerSpan() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** Whether anything of the tracing machinery is hooked into this process. */
function hooked() {
  return {
    httpClient: channel('undici:request:create').hasSubscribers,
    redis: tracingChannel('ioredis:command').hasSubscribers || tracingChannel('ioredis:batch').hasSubscribers,
    // The API's no-op defaults: a span that records nothing, a propagator that writes no header.
    recordingSpans: trace.getTracer('probe').startSpan('probe').isRecording(),
    propagatedHeaders: propagation.fields(),
  };
}

const NOTHING_HOOKED = { httpClient: false, redis: false, recordingSpans: false, propagatedHeaders: [] };

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const isHttpAttempt = (span: ReadableSpan) => span.kind === SpanKind.CLIENT && span.attributes['http.request.method'] !== undefined;
const isRedis = (span: ReadableSpan) => span.attributes['db.system.name'] === 'redis';

describe('with no OTEL_* variable set', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await buildTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers no plugin, request decorator, channel subscriber or SDK', () => {
    expect(t.config.tracing.enabled).toBe(false);
    expect(t.app.hasPlugin('@fastify/otel')).toBe(false);
    expect(t.app.hasPlugin('server-spans')).toBe(false);
    expect(t.app.hasRequestDecorator('opentelemetry')).toBe(false);
    expect(hooked()).toEqual(NOTHING_HOOKED);
  });

  it("sends Houston no trace context, even when the caller sends one", async () => {
    const caller = callerSpan();
    t.emulator.calls.reset();
    await t.http().get(`/workspaces/${t.emulator.demo!.workspaceId}/users`).set(bearer(t.adminKey)).set('traceparent', caller.traceparent).expect(200);
    expect(t.emulator.calls.count()).toBeGreaterThan(0);
    expect(t.emulator.calls.all.map((call) => call.headers.traceparent)).toEqual(t.emulator.calls.all.map(() => undefined));
    expect(hooked()).toEqual(NOTHING_HOOKED);
  });
});

describe('with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let t: TestGateway;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'houston-gateway', exporter });
    // A near-cache trust bound longer than a loaded machine's pause between a MISS and the HIT after it.
    t = await buildTestApp({ tracing, env: { CACHE_NEAR_TRUST_MS: '60000' } });
  });

  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
  });

  beforeEach(() => {
    exporter.reset();
    t.emulator.calls.reset();
  });

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const newWorkspace = async () => {
    const res = await t.http().post('/workspaces').set(bearer(t.adminKey)).send({ label: `traced-${randomUUID().slice(0, 8)}` }).expect(201);
    return (res.body as { id: string }).id;
  };

  /** The spans of the caller's trace, once its HTTP attempts to Houston have ended too. */
  const traceWithHoustonCalls = (traceId: string) =>
    eventually(() => {
      const spans = spansOf(traceId);
      expect(spans.filter(isHttpAttempt).length).toBeGreaterThan(0);
      return spans;
    });

  it("makes one trace of the caller's span, the request, its Houston call and the HTTP attempt Houston receives", async () => {
    const workspaceId = await newWorkspace();
    exporter.reset();
    t.emulator.calls.reset();
    const caller = callerSpan();
    await t.http().get(`/workspaces/${workspaceId}`).set(bearer(t.adminKey)).set('traceparent', caller.traceparent).expect(200);

    const spans = await traceWithHoustonCalls(caller.traceId);
    const [request, ...otherServerSpans] = spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(otherServerSpans).toEqual([]);
    expect(request!.name).toBe('GET /workspaces/:workspaceId');
    expect(parentOf(request!)).toBe(caller.spanId);
    expect(request!.attributes).toMatchObject({ 'http.route': '/workspaces/:workspaceId', 'http.response.status_code': 200 });

    const houston = spans.filter((span) => span.name.startsWith('houston '));
    expect(houston.map((span) => span.name)).toContain('houston GetWorkspace');
    for (const span of houston) expect(parentOf(span)).toBe(idOf(request!));
    const attempts = spans.filter(isHttpAttempt);
    for (const attempt of attempts) expect(houston.map(idOf)).toContain(parentOf(attempt));

    // What Houston saw: the same trace, with the HTTP attempt as the parent, for every call.
    const calls = t.emulator.calls.all;
    expect(calls.map((call) => call.operationName)).toContain('GetWorkspace');
    for (const call of calls) {
      expect(traceIdOf(call.headers.traceparent)).toBe(caller.traceId);
      expect(attempts.map(idOf)).toContain(call.headers.traceparent!.split('-')[2]);
      expect(houston.map((span) => span.name)).toContain(`houston ${call.operationName}`);
    }
  });

  it("shows a read's Redis round trips under its request span; a HIT from the near cache has none, and no Houston call", async () => {
    const workspaceId = await newWorkspace();
    const missCaller = callerSpan();
    await t.http().get(`/workspaces/${workspaceId}`).set(bearer(t.adminKey)).set('traceparent', missCaller.traceparent).expect(200);
    const missSpans = await traceWithHoustonCalls(missCaller.traceId);
    const missRequest = missSpans.find((span) => span.kind === SpanKind.SERVER)!;
    const redis = missSpans.filter(isRedis);
    expect(redis.length).toBeGreaterThan(0);
    // The cache look-up (the entry and its generations) and the entry stored.
    expect(redis.map((span) => span.name)).toEqual(expect.arrayContaining(['GET', 'HMGET', 'SET']));
    for (const span of redis) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(span)).toBe(idOf(missRequest));
    }

    t.emulator.calls.reset();
    const caller = callerSpan();
    const hit = await t.http().get(`/workspaces/${workspaceId}`).set(bearer(t.adminKey)).set('traceparent', caller.traceparent).expect(200);
    expect(hit.headers['x-cache']).toBe('HIT');
    const spans = spansOf(caller.traceId);
    expect(spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(1);
    expect(spans.filter(isRedis).map((span) => span.name)).not.toContain('GET');
    expect(spans.filter((span) => span.name.startsWith('houston '))).toEqual([]);
    expect(t.emulator.calls.count()).toBe(0);
  });

  it("keeps the request's trace past the body of a keyed write: its Houston call and Redis claims are in it", async () => {
    const caller = callerSpan();
    await t
      .http()
      .post('/workspaces')
      .set(bearer(t.adminKey))
      .set('traceparent', caller.traceparent)
      .set('idempotency-key', randomUUID())
      .type('json')
      // Padded past one socket read (64 KiB), so the body arrives in several chunks.
      .send(`{"label": "keyed-${randomUUID().slice(0, 8)}"${' '.repeat(200_000)}}`)
      .expect(201);

    const spans = await traceWithHoustonCalls(caller.traceId);
    const request = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(request.name).toBe('POST /workspaces');
    const create = spans.find((span) => span.name === 'houston CreateWorkspace');
    expect(create && parentOf(create)).toBe(idOf(request));
    // The claim is taken after the body is read (preValidation) and completed as the answer goes (onSend).
    expect(spans.filter(isRedis).length).toBeGreaterThan(2);
    expect(traceIdOf(t.emulator.calls.all.find((call) => call.operationName === 'CreateWorkspace')?.headers.traceparent)).toBe(caller.traceId);
  });

  it('puts no caller key, Houston key, e-mail address or Redis key in any span, and leaves a 4xx unmarked', async () => {
    const email = `traced.${randomUUID().slice(0, 8)}@example.com`;
    const workspaceId = t.emulator.demo!.workspaceId;
    await t.http().post(`/workspaces/${workspaceId}/users`).set(bearer(t.adminKey)).send({ email, bypassInvite: true }).expect(201);
    await t.http().get('/users').query({ email }).set(bearer(t.adminKey)).expect(200);
    await t.http().get('/users').query({ email }).set(bearer(t.adminKey)).expect(200);
    await t.http().get(`/workspaces/${workspaceId}/users/${encodeURIComponent(email)}`).set(bearer(t.adminKey));
    await t.http().get('/workspaces').query({ api_key: t.adminKey }).expect(401);
    await t.http().post(`/workspaces/${workspaceId}/users`).set(bearer(t.adminKey)).send({ email: `not an address ${email}` }).expect(400);

    const spans = await eventually(() => {
      const finished = exporter.getFinishedSpans();
      expect(finished.filter((span) => span.name.startsWith('houston ')).length).toBeGreaterThanOrEqual(2);
      return finished;
    });
    // Every request was traced, the refused ones too: the search below has something to search.
    expect(spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(6);
    const recorded = JSON.stringify(
      spans.map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events, links: span.links })),
    );
    // Redis keys too (every one starts with the prefix): they hold client addresses and credential digests.
    for (const secret of [t.adminKey, t.emulator.adminKey, email, encodeURIComponent(email), t.config.redis.keyPrefix]) {
      expect(recorded).not.toContain(secret);
    }

    for (const span of spans.filter((candidate) => candidate.kind === SpanKind.SERVER)) {
      const status = span.attributes['http.response.status_code'] as number;
      if (status < 500) expect(span.status, `${span.name} ${status}`).toEqual({ code: SpanStatusCode.UNSET });
    }
    expect(spans.map((span) => span.attributes['http.response.status_code'])).toEqual(expect.arrayContaining([401, 400]));
  });
});

describe('tracing turned on by the configuration', () => {
  it('is started by the gateway, and shut down with it, leaving nothing hooked', async () => {
    // An OTLP endpoint turns tracing on; nothing is exported (no request is made), so none listens.
    const t = await buildTestApp({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' } });
    try {
      expect(t.config.tracing.enabled).toBe(true);
      expect(t.app.hasPlugin('server-spans')).toBe(true);
      expect(hooked()).toMatchObject({ httpClient: true, redis: true, recordingSpans: true, propagatedHeaders: expect.arrayContaining(['traceparent']) });
    } finally {
      await t.close();
    }
    expect(hooked()).toEqual(NOTHING_HOOKED);
  });
});
