// What a request costs through the gateway against what it costs without it, measured in ONE
// interleaved run (rounds of every system in turn, so a change in the machine's load touches all
// alike): the floor (a bare Fastify 5 route sending the same bytes), a cache HIT, a BYPASS
// (Cache-Control: no-cache), an uncached read (a gateway with the cache off) and the same query as
// direct GraphQL to the emulator. Then RSS at 1,000 connections and the Houston calls 1,000
// concurrent identical cold reads make. The ratios come last.
//
//   npx tsx bench/run.ts [--rounds 3] [--duration 8] [--connections 50] [--warmup 3] [--out bench/RESULTS.md] [--redis <url>]
//
// Every server runs in a process of its own, from the compiled dist/ (built first: gateways as
// `main.js start` at the default LOG_LEVEL=info, logging to /dev/null; the emulator as `main.js emulator`; Redis a private
// redis-server unless --redis names one), so CPU per request comes from each one's /proc. autocannon
// fires from child processes. See bench/README.md. Timings are recorded, never asserted.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { environment, fire, probe, ROOT, spawnEmulator, spawnGateway, warmUp, type ChildNode, type Fired, type Target } from './harness.js';
import { benchGatewaySettings } from './gateway-env.js';
import { captureDirectQuery } from './direct-query.js';
import { cpuOf, loadAverage, redisPid, rssOf, spawnFloor, spawnProxyFloor, spawnRedis, type Server } from './processes.js';
import { report, type Measured, type SystemResult } from './report.js';

/** As the Dockerfile sets them; BENCH_GATEWAY_NODE_OPTIONS replaces them (e.g. '' for V8's defaults). */
const GATEWAY_NODE_OPTIONS = process.env.BENCH_GATEWAY_NODE_OPTIONS ?? '--max-old-space-size=256';
const USAGE = 'usage: npx tsx bench/run.ts [--rounds 3] [--duration 8] [--connections 50] [--warmup 3] [--out bench/RESULTS.md] [--redis <url>]';
const options = { rounds: 3, duration: 8, connections: 50, warmup: 3, out: 'bench/RESULTS.md', redis: '' };
for (let i = 2; i < process.argv.length; i++) {
  const [flag, value] = [process.argv[i]!, process.argv[i + 1]];
  const name = flag.replace(/^--/, '') as keyof typeof options;
  if (!(name in options) || value === undefined) throw new Error(`${flag}?\n${USAGE}`);
  (options as Record<string, unknown>)[name] = typeof options[name] === 'number' ? Number(value) : value;
  i++;
}

const started = performance.now();
// The servers run the compiled dist/ as production does (no tsx loader thread in their CPU or RSS).
console.error('[bench] npm run build');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
process.env.BENCH_BUILT = '1';
const log = (message: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const stops: (() => Promise<void>)[] = [];
const loadBefore = loadAverage();

try {
  let redisUrl = options.redis;
  if (!redisUrl) {
    const redis: Server = await spawnRedis();
    stops.push(() => redis.stop());
    redisUrl = redis.url;
  }
  const env = await environment(redisUrl);
  const pids: Record<string, number> = { redis: await redisPid(redisUrl) };

  const houstonKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const emulator: ChildNode = await spawnEmulator(houstonKey);
  stops.push(() => emulator.stop());
  pids.emulator = emulator.pid;
  log('capturing the query the gateway sends for GET /workspaces/{id}');
  const direct = await captureDirectQuery(emulator.url, houstonKey);

  const settings = benchGatewaySettings({ url: emulator.url, key: houstonKey }, redisUrl);
  // The image's heap bounds (Dockerfile), so RSS is what a deployment of it would show.
  const gatewayEnv = { ...settings.env, NODE_OPTIONS: GATEWAY_NODE_OPTIONS };
  // The default log level: what production pays.
  // A third gateway on V8's own heap sizing: what the image's heap bounds cost in CPU, and save in RSS.
  const [gateway, uncachedGateway, v8Gateway] = await Promise.all([
    spawnGateway(gatewayEnv, 'info'),
    spawnGateway({ ...gatewayEnv, CACHE_ENABLED: 'false' }, 'info'),
    spawnGateway({ ...gatewayEnv, NODE_OPTIONS: '' }, 'info'),
  ]);
  stops.push(() => gateway.stop(), () => uncachedGateway.stop(), () => v8Gateway.stop());
  pids.gateway = gateway.pid;
  pids.uncached = uncachedGateway.pid;
  pids.v8gateway = v8Gateway.pid;

  const auth = await settings.authorization();

  const read = (base: string) => `${base}/workspaces/${encodeURIComponent(direct.workspaceId)}`;
  const hit: Target = { url: read(gateway.url), headers: auth };
  await probe(hit);
  const sample = await probe(hit);
  if (sample.status !== 200 || sample.headers.get('x-cache') !== 'HIT') throw new Error(`expected a HIT, got ${sample.status} ${sample.headers.get('x-cache')}`);
  const body = JSON.stringify(sample.body);
  const floor = await spawnFloor(body);
  stops.push(() => floor.stop());
  pids.floor = floor.pid;
  const proxy = await spawnProxyFloor({ url: direct.target.url, key: houstonKey, body: String(direct.target.body) });
  stops.push(() => proxy.stop());
  pids.proxy = proxy.pid;

  const systems: { id: string; title: string; target: Target; server: string; also: string[]; expect: (p: Awaited<ReturnType<typeof probe>>) => string | null }[] = [
    { id: 'floor', title: 'floor: bare Fastify 5 route, same bytes', target: { url: floor.url, headers: {} }, server: 'floor', also: [], expect: (p) => (p.status === 200 ? null : `status ${p.status}`) },
    { id: 'hit', title: 'gateway, cache HIT', target: hit, server: 'gateway', also: ['redis'], expect: (p) => (p.headers.get('x-cache') === 'HIT' ? null : `x-cache ${p.headers.get('x-cache')}`) },
    { id: 'hit-v8', title: 'gateway, cache HIT, V8 default heap sizing', target: { url: read(v8Gateway.url), headers: auth }, server: 'v8gateway', also: ['redis'], expect: (p) => (p.headers.get('x-cache') === 'HIT' ? null : `x-cache ${p.headers.get('x-cache')}`) },
    { id: 'bypass', title: 'gateway, BYPASS (no-cache)', target: { url: hit.url, headers: { ...auth, 'cache-control': 'no-cache' } }, server: 'gateway', also: ['emulator', 'redis'], expect: (p) => (p.headers.get('x-cache') === 'BYPASS' ? null : `x-cache ${p.headers.get('x-cache')}`) },
    { id: 'uncached', title: 'gateway with the cache off', target: { url: read(uncachedGateway.url), headers: auth }, server: 'uncached', also: ['emulator', 'redis'], expect: (p) => (p.status === 200 ? null : `status ${p.status}`) },
    { id: 'proxy', title: 'proxy floor: bare Fastify 5 route + undici to the emulator', target: { url: proxy.url, headers: {} }, server: 'proxy', also: ['emulator'], expect: (p) => (p.status === 200 ? null : `status ${p.status}`) },
    { id: 'direct', title: 'direct GraphQL to the emulator', target: direct.target, server: 'emulator', also: [], expect: (p) => ((p.body as { data?: unknown }).data ? null : JSON.stringify(p.body)) },
  ];
  for (const system of systems) {
    const answer = await probe(system.target);
    const wrong = system.expect(answer);
    if (wrong) throw new Error(`${system.id}: ${wrong}`);
    if (system.id !== 'direct' && JSON.stringify(answer.body) !== body) throw new Error(`${system.id} answers other bytes than the HIT`);
  }

  log(`warm-up: ${options.warmup} s each`);
  for (const system of systems) await warmUp(system.target, options.warmup, options.connections);

  const measured = new Map<string, Measured[]>(systems.map((system) => [system.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Rotated each round, so no system always runs right after the same one.
    const order = [...systems.slice(round % systems.length), ...systems.slice(0, round % systems.length)];
    for (const system of order) {
      const before = cpuOf(pids);
      const wallBefore = performance.now();
      const fired: Fired = await fire(system.target, options.duration, options.connections);
      const wallMs = performance.now() - wallBefore;
      const after = cpuOf(pids);
      const cpuMs = Object.fromEntries(Object.keys(pids).map((name) => [name, (after[name] ?? NaN) - (before[name] ?? NaN)]));
      measured.get(system.id)!.push({ fired, cpuMs, wallMs });
      log(`round ${round + 1}: ${system.id} ${Math.round(fired.result.requests.average)} req/s, ${system.server} ${((cpuMs[system.server]! * 1000) / fired.result.requests.total).toFixed(0)} µs/req`);
      // Requests cut off at the end of a run still finish in the servers; let them, before the next.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const results: SystemResult[] = systems.map((system) => ({ id: system.id, title: system.title, server: system.server, also: system.also, runs: measured.get(system.id)! }));

  log('RSS at 1,000 connections (cache HITs)');
  const thousandConnections = async (pid: number, target: Target) => {
    const idle = rssOf(pid);
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, rssOf(pid) ?? 0)), 100);
    const run = await fire(target, 6, 1000);
    clearInterval(poll);
    return { idle, peak, after: rssOf(pid), run };
  };
  const memory = await thousandConnections(gateway.pid, hit);
  const v8Memory = await thousandConnections(v8Gateway.pid, systems.find((system) => system.id === 'hit-v8')!.target);

  log('1,000 concurrent identical cold reads');
  const created = await probe({ url: `${gateway.url}/workspaces`, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ label: `bench-cold-${randomBytes(3).toString('hex')}` }) });
  const coldId = (created.body as { id?: string }).id;
  if (created.status !== 201 || !coldId) throw new Error(`could not create a workspace: ${created.status} ${JSON.stringify(created.body)}`);
  const houstonBefore = await houstonCalls(gateway.url);
  const cold = await fire({ url: `${gateway.url}/workspaces/${coldId}`, headers: auth }, 30, 1000, { amount: 1000 });
  const houstonAfter = await houstonCalls(gateway.url);

  const markdownText = report({
    env,
    options,
    load: { before: loadBefore, after: loadAverage() },
    results,
    body,
    direct: direct.description,
    memory,
    v8Memory,
    cold: { run: cold, houstonCalls: houstonAfter - houstonBefore },
    wallSeconds: (performance.now() - started) / 1000,
    nodeOptions: GATEWAY_NODE_OPTIONS,
  });
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdownText);
  console.log(markdownText);
  log(`wrote ${out}`);
} finally {
  await Promise.allSettled(stops.reverse().map((stop) => stop()));
}

/** Houston calls the gateway has made so far: the sum of its call-duration histogram's counts. */
async function houstonCalls(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('houston_gateway_houston_call_duration_seconds_count{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
