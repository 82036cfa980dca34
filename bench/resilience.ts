// Load benchmark of the gateway's own overhead and its resilience paths, with autocannon.
//
//   npx tsx bench/resilience.ts [--duration 10] [--connections 20] [--runs 3] [--warmup 2] [--out bench/RESILIENCE.md] [--no-scale-out]
//
// The Houston emulator and the gateway (buildApp) run in this process; autocannon fires from a
// child process. Scenario c2 moves the emulator, scenario f the gateways, into child processes.
// See bench/README.md.
// Not part of `npm test`: timings are recorded, never asserted.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { createCallerKeys } from '../src/auth/caller-keys.js';
import { createRedisKeyStore } from '../src/auth/key-stores/redis.js';
import { SCOPES } from '../src/auth/scopes.js';
import { loadConfig } from '../src/config.js';
import { createEmulator } from '../src/emulator/index.js';
import type { CacheCounters } from '../src/cache/counters.js';
import {
  assertRedis,
  cpuPerRequestUs,
  childCounter,
  childMemory,
  dropPrefix,
  environment,
  fire,
  markdown,
  ownMemory,
  parseArgs,
  probe,
  processCpuMs,
  sampleCpu,
  spawnEmulator,
  spawnGateway,
  summarize,
  warmUp,
  type ChildNode,
  type CpuUse,
  type Fired,
  type ScenarioResult,
  type Target,
} from './harness.js';

const options = parseArgs(process.argv.slice(2));
const started = performance.now();
const log = (message: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

await assertRedis(options.redisUrl);
const env = await environment(options.redisUrl);

const emulator = await createEmulator({ port: 0, seedDemo: true, deployingMs: 50, houstonVersion: '0.37.7' });
const demo = emulator.demo!;
const credentials = new Map([['default', emulator.adminKey]]);
const prefix = `hgw-bench-${randomBytes(6).toString('hex')}:`;
const secret = randomBytes(32).toString('base64url');

/** The environment every gateway of this run shares: one Redis prefix, one caller-key secret. */
const gatewayEnv: Record<string, string> = {
  HOUSTON_URL: emulator.url,
  REDIS_URL: options.redisUrl,
  REDIS_KEY_PREFIX: prefix,
  CALLER_KEY_SECRET: secret,
  // Every request carries the same caller key: the limiter still runs (one Redis round trip per
  // request, as in production) but never refuses.
  RATE_LIMIT_MAX: '1000000000',
  // Load shedding would turn the saturation this bench creates on purpose into 503s.
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
};

/** The harness's own Redis connection, for Redis's CPU counters. */
const monitor = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
const apps = new Set<FastifyInstance>();
/** Child processes this run started (gateways, the c2 emulator); stopped by cleanUp(). */
const children: ChildNode[] = [];

async function startGateway(extra: Record<string, string> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(loadConfig({ ...gatewayEnv, ...extra }), { logger: false, houstonCredentials: credentials });
  apps.add(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * autocannon ends a run by destroying its sockets, and requests then in flight still run to their
 * end in the gateway. app.close() does not wait for them (their sockets are gone) and quits Redis
 * under them, so the bench lets them finish first.
 */
const drain = () => new Promise((resolve) => setTimeout(resolve, 500));

async function closeGateway(app: FastifyInstance): Promise<void> {
  apps.delete(app);
  await drain();
  await app.close();
}

let cleanedUp = false;
async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  await Promise.allSettled(children.map((child) => child.stop()));
  await Promise.allSettled([...apps].map((app) => closeGateway(app)));
  await emulator.close().catch(() => undefined);
  monitor.disconnect();
  const deleted = await dropPrefix(options.redisUrl, prefix).catch(() => -1);
  log(deleted >= 0 ? `dropped ${deleted} Redis keys under ${prefix}` : `could not drop Redis keys under ${prefix}`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Houston calls in the emulator's log, by root field, e.g. "workspace 1,189". */
function houstonCallsText(): string {
  const byField = new Map<string, number>();
  for (const call of emulator.calls.all) for (const field of call.rootFields) byField.set(field, (byField.get(field) ?? 0) + 1);
  const total = emulator.calls.count();
  const fields = [...byField].sort(([, x], [, y]) => y - x).map(([field, n]) => `${field} ${n.toLocaleString('en-US')}`);
  return `${total.toLocaleString('en-US')}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

const counterDelta = (before: CacheCounters, after: CacheCounters) =>
  (Object.keys(after) as (keyof CacheCounters)[])
    .filter((name) => after[name] !== before[name])
    .map((name) => `${name} +${after[name] - before[name]}`)
    .join(', ') || 'no change';

const results: ScenarioResult[] = [];

/** One measured run: the load runs fired at once, and the CPU they cost. */
interface Measured {
  fired: Fired[];
  cpu: CpuUse;
  /** CPU % of a core of the child emulator, when there is one. */
  emulatorCpu: number | null;
}

const totalRps = (m: Measured) => m.fired.reduce((total, run) => total + run.result.requests.average, 0);

/**
 * `options.runs` measured runs, one after another; the run with the median req/s stands for the
 * scenario (for an even count, the upper of the two middle ones), and every run's req/s is kept.
 */
async function repeated(targets: readonly Target[], gateways: { inProcess: true } | { pids: number[] }, emulatorChild?: ChildNode) {
  const all: Measured[] = [];
  for (let i = 0; i < options.runs; i++) {
    const cpu = await sampleCpu(monitor, gateways);
    const emulatorBefore = emulatorChild ? processCpuMs(emulatorChild.pid) : null;
    const wallBefore = performance.now();
    const fired = await Promise.all(targets.map((target) => fire(target, options.duration, options.connections)));
    const emulatorAfter = emulatorChild ? processCpuMs(emulatorChild.pid) : null;
    const wallMs = performance.now() - wallBefore;
    const cpuUse = await cpu.stop(fired.reduce((total, run) => total + run.cpuMs, 0));
    const emulatorCpu = emulatorBefore === null || emulatorAfter === null ? null : ((emulatorAfter - emulatorBefore) / wallMs) * 100;
    all.push({ fired, cpu: cpuUse, emulatorCpu });
    await drain();
  }
  const median = [...all].sort((x, y) => totalRps(x) - totalRps(y))[Math.floor(all.length / 2)]!;
  return { median, allRps: all.map(totalRps) };
}

const runsText = () => (options.runs === 1 ? 'the run' : `the ${options.runs} runs`);

/** Warm-up, then the measured runs with cache counters and Houston calls counted around them. */
async function measure(
  app: FastifyInstance,
  base: { id: string; title: string },
  target: Target,
  checks: string[],
  /** The emulator runs in this child process instead of in-process. */
  emulatorChild?: ChildNode,
): Promise<ScenarioResult> {
  log(`${base.id}. ${base.title}: ${options.warmup} s warm-up, ${options.runs} × ${options.duration} s measured`);
  await warmUp(target, options.warmup, options.connections);
  emulator.calls.reset(); // the emulator's call log grows with every Houston call; count these runs only
  const countersBefore = { ...app.cache.counters };
  const { median, allRps } = await repeated([target], { inProcess: true }, emulatorChild);
  const houstonCalls = houstonCallsText();
  emulator.calls.reset();
  checks.push(`cache counters during ${runsText()}: ${counterDelta(countersBefore, app.cache.counters)}`);
  if (!emulatorChild) checks.push(`Houston (in-process emulator) calls during ${runsText()}: ${houstonCalls}`);
  else if (median.emulatorCpu !== null) checks.push(`emulator child process CPU during the median run: ${median.emulatorCpu.toFixed(0)} % of a core`);
  const summary = summarize({ ...base, where: 'in-process', memory: [ownMemory()], cpu: median.cpu, checks, allRps }, median.fired);
  results.push(summary);
  log(`${base.id}. ${allRps.map((rps) => Math.round(rps)).join(', ')} req/s; median run p50 ${summary.p50} ms, p99 ${summary.p99} ms`);
  return summary;
}

try {
  const gateway = await startGateway();
  const keys = createCallerKeys({ store: createRedisKeyStore(gateway.app.redis!, prefix), secret });
  const key = (await keys.create({ name: 'bench', scopes: [...SCOPES] })).key;
  const auth = { authorization: `Bearer ${key}` };
  const workspaceUrl = (base: string) => `${base}/workspaces/${encodeURIComponent(demo.workspaceId)}`;

  // a. The floor: Fastify, its hooks (request id, helmet, metrics, under-pressure), no auth.
  {
    const target: Target = { url: `${gateway.url}/healthz`, headers: auth };
    const sample = await probe(target);
    await measure(gateway.app, { id: 'a', title: 'GET /healthz (floor)' }, target, [`sample: ${sample.status}`]);
  }

  // b. Cache HIT: auth (caller key, trusted for 1 s between Redis look-ups), rate limit (Redis),
  // cache read (Redis), no Houston.
  {
    const target: Target = { url: workspaceUrl(gateway.url), headers: auth };
    const first = await probe(target);
    const second = await probe(target);
    const cache = second.headers.get('x-cache');
    if (second.status !== 200 || cache !== 'HIT') throw new Error(`b: expected 200 HIT after warming, got ${second.status} ${cache}`);
    await measure(gateway.app, { id: 'b', title: 'GET /workspaces/{id}, cache HIT' }, target, [
      `warming request: ${first.status} x-cache ${first.headers.get('x-cache')}`,
      `sample: ${second.status} x-cache ${cache}`,
    ]);
  }

  // c. BYPASS: the same plus a GraphQL round trip to the (in-process) emulator on every request.
  {
    const target: Target = { url: workspaceUrl(gateway.url), headers: { ...auth, 'cache-control': 'no-cache' } };
    const sample = await probe(target);
    const cache = sample.headers.get('x-cache');
    if (sample.status !== 200 || cache !== 'BYPASS') throw new Error(`c: expected 200 BYPASS, got ${sample.status} ${cache}`);
    await measure(gateway.app, { id: 'c', title: 'GET /workspaces/{id}, no-cache (BYPASS → Houston)' }, target, [`sample: ${sample.status} x-cache ${cache}`]);
  }

  // c2. The same, with the emulator in a child process of its own: the gateway's main thread
  // then does only the gateway's work, and the emulator's share of c shows by difference.
  {
    const houstonKey = `bench-admin-${randomBytes(16).toString('hex')}`;
    const houston = await spawnEmulator(houstonKey);
    children.push(houston);
    credentials.set('bench-child-emulator', houstonKey);
    const answer = await probe({
      url: houston.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: houstonKey },
      body: JSON.stringify({ query: '{ sysWorkspaces { id label } }' }),
    });
    const workspaces = (answer.body as { data?: { sysWorkspaces?: { id: string; label: string }[] } }).data?.sysWorkspaces ?? [];
    const workspaceId = workspaces.find((w) => w.label === 'demo')?.id;
    if (!workspaceId) throw new Error(`c2: the child emulator has no demo workspace: ${JSON.stringify(answer.body)}`);
    const split = await startGateway({ HOUSTON_URL: houston.url });
    const childKey = (await keys.create({ name: 'bench (child emulator)', scopes: [...SCOPES], credential: 'bench-child-emulator' })).key;
    const target: Target = {
      url: `${split.url}/workspaces/${encodeURIComponent(workspaceId)}`,
      headers: { authorization: `Bearer ${childKey}`, 'cache-control': 'no-cache' },
    };
    const sample = await probe(target);
    const cache = sample.headers.get('x-cache');
    if (sample.status !== 200 || cache !== 'BYPASS') throw new Error(`c2: expected 200 BYPASS, got ${sample.status} ${cache}: ${JSON.stringify(sample.body)}`);
    await measure(split.app, { id: 'c2', title: 'same as c, emulator in a child process' }, target, [`sample: ${sample.status} x-cache ${cache}`], houston);
    await closeGateway(split.app);
    await houston.stop();
    children.splice(children.indexOf(houston), 1);
  }

  // d. Idempotent replay: one keyed POST /deployments creates, every repeat is replayed from Redis.
  {
    const label = `bench-${randomBytes(4).toString('hex')}`;
    const target: Target = {
      url: `${gateway.url}/deployments`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-${randomBytes(8).toString('hex')}` },
      body: JSON.stringify({ workspaceId: demo.workspaceId, label, executor: 'CeleryExecutor', runtimeVersion: '9.1.0' }),
    };
    const created = await probe(target);
    if (created.status !== 201) throw new Error(`d: the first keyed POST should create (201), got ${created.status}: ${JSON.stringify(created.body)}`);
    const replay = await probe(target);
    const replayed = replay.headers.get('idempotent-replayed');
    if (replay.status !== 201 || replayed !== 'true') throw new Error(`d: expected a 201 replay, got ${replay.status} idempotent-replayed ${replayed}`);
    await measure(gateway.app, { id: 'd', title: 'POST /deployments, Idempotency-Key replay' }, target, [
      `first request: ${created.status}, Location ${created.headers.get('location')}`,
      `sample: ${replay.status} idempotent-replayed ${replayed}`,
    ]);
  }
  await closeGateway(gateway.app);

  // e. Houston sick, breaker open: how fast the gateway refuses. Its own instance, so the
  // breaker threshold (3) and a cooldown longer than the run (no trial call meanwhile) apply.
  {
    const sick = await startGateway({ HOUSTON_BREAKER_FAILURES: '3', HOUSTON_BREAKER_COOLDOWN_SECONDS: '3600' });
    const target: Target = { url: workspaceUrl(sick.url), headers: { ...auth, 'cache-control': 'no-cache' } };
    emulator.faults.set({ failureRate: 1 });
    const tripping: string[] = [];
    let sample = await probe(target);
    for (let i = 0; i < 10 && (sample.body as { code?: string }).code !== 'GW_UPSTREAM_CIRCUIT_OPEN'; i++) {
      tripping.push(`${sample.status} ${(sample.body as { code?: string }).code}`);
      sample = await probe(target);
    }
    const code = (sample.body as { code?: string }).code;
    if (sample.status !== 503 || code !== 'GW_UPSTREAM_CIRCUIT_OPEN') throw new Error(`e: the breaker did not open: ${sample.status} ${code}`);
    await measure(sick.app, { id: 'e', title: 'GET /workspaces/{id}, no-cache, breaker open (503)' }, target, [
      `requests that tripped the breaker: ${tripping.join(', ')} (a failing read is tried up to 3 times, each failure counts)`,
      `sample: ${sample.status} ${code}, retry-after ${sample.headers.get('retry-after')}`,
      `breaker state after the run: ${sick.app.houston.breakerState()}`,
    ]);
    emulator.faults.clear();
    await closeGateway(sick.app);
  }

  // f. Scale-out on one Redis: gateway child processes sharing prefix and secret (so the key and
  // the cached entry are shared). One process alone first, then three at once.
  if (!options.skipScaleOut) {
    log('f. starting three gateway child processes');
    const childEnv = { ...gatewayEnv, HOUSTON_API_KEY: emulator.adminKey };
    children.push(...(await Promise.all([0, 1, 2].map(() => spawnGateway(childEnv)))));
    const targets = children.map((child): Target => ({ url: workspaceUrl(child.url), headers: auth }));
    const samples = await Promise.all(targets.map(async (target) => (await probe(target), await probe(target))));
    const sampleText = samples.map((s) => `${s.status} ${s.headers.get('x-cache')}`).join(', ');
    if (samples.some((s) => s.status !== 200 || s.headers.get('x-cache') !== 'HIT')) throw new Error(`f: expected HITs, got ${sampleText}`);
    const hits = () => Promise.all(children.map((child) => childCounter(child, 'houston_gateway_cache_events_total', 'event="hit"')));

    for (const count of [1, 3]) {
      const id = count === 1 ? 'f1' : 'f3';
      const title = count === 1 ? 'GET /workspaces/{id} HIT, 1 gateway process' : 'GET /workspaces/{id} HIT, 3 gateway processes at once';
      log(`${id}. ${title}: ${options.warmup} s warm-up, ${options.runs} × ${options.duration} s measured`);
      const used = targets.slice(0, count);
      await Promise.all(used.map((target) => warmUp(target, options.warmup, options.connections)));
      emulator.calls.reset();
      const hitsBefore = await hits();
      const { median, allRps } = await repeated(used, { pids: children.slice(0, count).map((child) => child.pid) });
      const hitsAfter = await hits();
      const memory = await Promise.all(children.slice(0, count).map((child) => childMemory(child)));
      const summary = summarize(
        {
          id,
          title,
          where: count === 1 ? '1 child process' : '3 child processes',
          memory,
          cpu: median.cpu,
          allRps,
          checks: [
            `samples: ${sampleText}`,
            `cache hits per process during ${runsText()}: ${hitsAfter.slice(0, count).map((n, i) => (n - hitsBefore[i]!).toLocaleString('en-US')).join(' / ')}`,
            `Houston (emulator) calls during ${runsText()}: ${houstonCallsText()}`,
            `per process req/s in the median run: ${median.fired.map((r) => Math.round(r.result.requests.average).toLocaleString('en-US')).join(' / ')}`,
          ],
        },
        median.fired,
      );
      results.push(summary);
      log(`${id}. ${allRps.map((rps) => Math.round(rps)).join(', ')} req/s in total; median run worst p99 ${summary.p99} ms`);
    }
  }
} finally {
  await cleanUp();
}

const byId = new Map(results.map((r) => [r.id, r]));
const ratios: string[] = [];
const [a, b, c, c2, d, e, f1, f3] = ['a', 'b', 'c', 'c2', 'd', 'e', 'f1', 'f3'].map((id) => byId.get(id));
const x = (n: number) => `${n.toFixed(1)}×`;
const us = (r: ScenarioResult) => cpuPerRequestUs(r)?.toFixed(0) ?? '?';
const usOf = (r: ScenarioResult) => cpuPerRequestUs(r) ?? NaN;
const rps = (r: ScenarioResult) => Math.round(r.requestsPerSecond).toLocaleString('en-US');
if (a && b) {
  ratios.push(
    `HIT vs floor: /healthz costs ${us(a)} µs of gateway CPU per request, a cache HIT ${us(b)} µs; the caller-key check, the rate limit and the cache read (two Redis round trips) add ${(usOf(b) - usOf(a)).toFixed(0)} µs. Throughput ${rps(a)} vs ${rps(b)} req/s (${x(a.requestsPerSecond / b.requestsPerSecond)}).`,
  );
}
if (b && c && c2) {
  ratios.push(
    `HIT vs BYPASS: a HIT serves ${x(b.requestsPerSecond / c.requestsPerSecond)} the req/s of a Houston read with the emulator in-process (c) and ${x(b.requestsPerSecond / c2.requestsPerSecond)} with it in its own process (c2). Per request the gateway alone spends ${us(c2)} µs on a BYPASS against ${us(b)} µs on a HIT: a Houston call costs it about ${(usOf(c2) - usOf(b)).toFixed(0)} µs of CPU (${x(usOf(c2) / usOf(b))} a HIT), before any Houston latency.`,
  );
  ratios.push(`Emulator's share of c: gateway + emulator ${us(c)} µs per request in one process (c) against ${us(c2)} µs for the gateway alone (c2).`);
}
if (b && d) ratios.push(`Replay vs HIT: an Idempotency-Key replay costs ${us(d)} µs against ${us(b)} µs for a HIT (${rps(d)} vs ${rps(b)} req/s), with no Houston call.`);
if (b && e) {
  ratios.push(
    `Breaker open vs HIT: a refusal costs ${us(e)} µs against ${us(b)} µs for a HIT (${rps(e)} vs ${rps(b)} req/s), p99 ${e.p99} ms under saturating load, with no Houston call.`,
  );
}
if (f1 && f3) {
  ratios.push(
    `Scale-out: 3 processes serve ${x(f3.requestsPerSecond / f1.requestsPerSecond)} the req/s of 1 process (${rps(f3)} vs ${rps(f1)}), at ${us(f3)} vs ${us(f1)} µs of CPU per request, on ${env.cpuCount} CPUs shared with Redis and three load generators.`,
  );
}

const wallSeconds = (performance.now() - started) / 1000;
const report = markdown({ env, options, results, ratios, wallSeconds });
const out = resolve(options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
console.log(report);
log(`wrote ${out} (${wallSeconds.toFixed(0)} s in all)`);
