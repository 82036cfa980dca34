// Helpers for bench/run.ts: the load generator (autocannon in a child process), small HTTP
// probes, memory readings, gateway child processes for the scale-out scenario, Redis clean-up and
// the Markdown report. Nothing here is imported by src/ or test/.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type autocannon from 'autocannon';
import { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Child processes alive (load generators, gateways, emulator), killed should this process exit first. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// Command line

export interface BenchOptions {
  /** Seconds each measured run lasts. */
  duration: number;
  /** Concurrent connections autocannon keeps open (per target). */
  connections: number;
  /** Seconds of discarded load before each scenario's measured runs. */
  warmup: number;
  /** Measured runs per scenario; the median one is reported. */
  runs: number;
  /** Markdown report path, relative to the working directory. */
  out: string;
  /** Skip scenario f (gateway child processes). */
  skipScaleOut: boolean;
  redisUrl: string;
}

const USAGE = `usage: npx tsx bench/resilience.ts [--duration 10] [--connections 20] [--warmup 2] [--runs 3] [--out bench/RESULTS.md] [--no-scale-out] [--redis redis://127.0.0.1:6379]`;

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    duration: 10,
    connections: 20,
    warmup: 2,
    runs: 3,
    out: 'bench/RESILIENCE.md',
    skipScaleOut: false,
    redisUrl: 'redis://127.0.0.1:6379',
  };
  const positive = (name: string, raw: string | undefined, allowZero = false): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${name} needs a ${allowZero ? 'non-negative' : 'positive'} integer\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--duration':
      case '-d':
        options.duration = positive('--duration', value());
        break;
      case '--connections':
      case '-c':
        options.connections = positive('--connections', value());
        break;
      case '--runs':
        options.runs = positive('--runs', value());
        break;
      case '--warmup':
        options.warmup = positive('--warmup', value(), true);
        break;
      case '--out':
      case '-o': {
        const out = value();
        if (!out) throw new Error(`--out needs a path\n${USAGE}`);
        options.out = out;
        break;
      }
      case '--no-scale-out':
        options.skipScaleOut = true;
        break;
      case '--redis': {
        const url = value();
        if (!url) throw new Error(`--redis needs a URL\n${USAGE}`);
        options.redisUrl = url;
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Load generation

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** What one load run gives back: autocannon's result and the load generator's own CPU time. */
export interface Fired {
  result: autocannon.Result;
  /** CPU milliseconds the autocannon process spent during the run. */
  cpuMs: number;
}

/**
 * Runs in the load generator child (CommonJS, resolved from the repository's node_modules): one
 * programmatic autocannon run, then its result and its own CPU time as JSON on stdout.
 */
const LOAD_GENERATOR = `
const autocannon = require('autocannon');
const options = JSON.parse(process.env.BENCH_AUTOCANNON_OPTIONS);
const cpuBefore = process.cpuUsage();
autocannon(options).then(
  (result) => {
    const cpu = process.cpuUsage(cpuBefore);
    process.stdout.write(JSON.stringify({ result, cpuMs: (cpu.user + cpu.system) / 1000 }));
  },
  (error) => {
    process.stderr.write(String((error && error.stack) || error));
    process.exit(1);
  },
);
`;

/**
 * One autocannon run against `target`, from a child process: the load generator gets its own
 * process (its own event loop and GC, and on a 2-core box mostly its own core) instead of sharing
 * the gateway's, and the gateway's CPU time can be read apart from the load generator's.
 */
export async function fire(target: Target, seconds: number, connections: number, extra: { amount?: number } = {}): Promise<Fired> {
  const options = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body }),
    connections,
    duration: seconds,
    // When given, autocannon sends this many requests in all and ignores the duration.
    ...(extra.amount === undefined ? {} : { amount: extra.amount }),
  };
  const child = spawn(process.execPath, ['-e', LOAD_GENERATOR], {
    cwd: ROOT,
    env: { ...process.env, BENCH_AUTOCANNON_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  children.delete(child);
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as Fired;
}

/** A short discarded run, so JIT, connection pools and caches are warm before measuring. */
export async function warmUp(target: Target, seconds: number, connections: number): Promise<void> {
  if (seconds > 0) await fire(target, seconds, connections);
}

export interface Probe {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One request from this thread, to check what a scenario really exercises. */
export async function probe(target: Target): Promise<Probe> {
  const response = await fetch(target.url, {
    method: target.method ?? 'GET',
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, headers: response.headers, body };
}

// ---------------------------------------------------------------------------------------------
// Results

export interface Memory {
  rssBytes: number;
  /** As found right after the run: live objects plus garbage not yet collected. */
  heapUsedBytes: number | null;
  /** After a full GC (in-process only): what the run left alive. */
  heapAfterGcBytes?: number;
}

/** V8's gc(), exposed at run time so the bench needs no node flag. */
const forceGc = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** This process's memory: RSS and heapUsed as found, then heapUsed after a full GC. */
export function ownMemory(): Memory {
  const usage = process.memoryUsage();
  forceGc();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapAfterGcBytes: process.memoryUsage().heapUsed };
}

// ---------------------------------------------------------------------------------------------
// CPU

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU milliseconds of a process from /proc; null where there is no /proc. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

async function redisCpuMs(redis: Redis): Promise<number | null> {
  try {
    const info = await redis.info('cpu');
    const user = /used_cpu_user:([\d.]+)/.exec(info)?.[1];
    const sys = /used_cpu_sys:([\d.]+)/.exec(info)?.[1];
    return user === undefined || sys === undefined ? null : (Number(user) + Number(sys)) * 1000;
  } catch {
    return null;
  }
}

/**
 * CPU use during a run, in % of one core: each gateway (in-process: this whole process, which runs
 * the gateway and the emulator, with V8's GC threads; else each child process), the load
 * generator (the autocannon processes together) and Redis (its own INFO cpu).
 */
export interface CpuUse {
  gateways: (number | null)[];
  loadGenerator: number | null;
  redis: number | null;
}

export interface CpuSampler {
  /** `loadGeneratorMs`: the CPU time the autocannon processes reported for the run. */
  stop(loadGeneratorMs: number): Promise<CpuUse>;
}

export async function sampleCpu(redis: Redis, gateways: { inProcess: true } | { pids: number[] }): Promise<CpuSampler> {
  const own = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const gatewayCpu = () => ('inProcess' in gateways ? [own()] : gateways.pids.map((pid) => procCpuMs(pid)));
  const redisStart = await redisCpuMs(redis);
  const gatewaysStart = gatewayCpu();
  const wallStart = performance.now();
  return {
    async stop(loadGeneratorMs) {
      const gatewaysEnd = gatewayCpu();
      const wallMs = performance.now() - wallStart;
      const redisEnd = await redisCpuMs(redis);
      const pct = (start: number | null | undefined, end: number | null | undefined) =>
        start === null || start === undefined || end === null || end === undefined ? null : ((end - start) / wallMs) * 100;
      return {
        gateways: gatewaysEnd.map((end, i) => pct(gatewaysStart[i], end)),
        loadGenerator: (loadGeneratorMs / wallMs) * 100,
        redis: pct(redisStart, redisEnd),
      };
    },
  };
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** Where the gateway ran, e.g. "in-process" or "3 child processes". */
  where: string;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  totalRequests: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Total req/s of every measured run, in the order they ran; the others are the median run's. */
  allRps: number[];
  /** Measured seconds (autocannon's own reading). */
  durationSeconds: number;
  memory: Memory[];
  cpu: CpuUse;
  /** What the probes and counters showed: the scenario measured what it claims to. */
  checks: string[];
}

export function statusCounts(result: autocannon.Result): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) counts[code] = stat.count ?? 0;
  return counts;
}

/** Sums concurrent runs against several targets into one line: req/s add up, latencies are the worst run's. */
export function summarize(
  base: Pick<ScenarioResult, 'id' | 'title' | 'where' | 'memory' | 'cpu' | 'checks' | 'allRps'>,
  runs: readonly Fired[],
): ScenarioResult {
  const results = runs.map((run) => run.result);
  const statusCodes: Record<string, number> = {};
  for (const result of results) {
    for (const [code, count] of Object.entries(statusCounts(result))) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const sum = (pick: (r: autocannon.Result) => number) => results.reduce((total, r) => total + pick(r), 0);
  const max = (pick: (r: autocannon.Result) => number) => Math.max(...results.map(pick));
  return {
    ...base,
    durationSeconds: max((r) => r.duration),
    requestsPerSecond: sum((r) => r.requests.average),
    p50: max((r) => r.latency.p50),
    p97_5: max((r) => r.latency.p97_5),
    p99: max((r) => r.latency.p99),
    totalRequests: sum((r) => r.requests.total),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

// ---------------------------------------------------------------------------------------------
// Environment

export interface Environment {
  date: string;
  node: string;
  cpuModel: string;
  cpuCount: number;
  totalMemory: string;
  platform: string;
  commit: string | null;
  redisVersion: string | null;
}

/** HEAD's commit read from .git without running git; null when it cannot be read. */
export function gitCommit(root = ROOT): string | null {
  try {
    // A worktree's .git is a file naming the real git directory: ask git itself first.
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^[0-9a-f]{40}$/.test(head)) return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // no git: read .git below
  }
  try {
    const gitDir = `${root}.git`;
    const head = readFileSync(`${gitDir}/HEAD`, 'utf8').trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    if (existsSync(`${gitDir}/${ref}`)) return readFileSync(`${gitDir}/${ref}`, 'utf8').trim();
    const packed = readFileSync(`${gitDir}/packed-refs`, 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(' ')[0]! : null;
  } catch {
    return null;
  }
}

export async function environment(redisUrl: string): Promise<Environment> {
  const cpus = os.cpus();
  let redisVersion: string | null = null;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? null;
  } catch {
    // reported as unknown
  } finally {
    redis.disconnect();
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: gitCommit(),
    redisVersion,
  };
}

// ---------------------------------------------------------------------------------------------
// Redis

/** Fails early, with a useful message, when nothing answers at `redisUrl`. */
export async function assertRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`no Redis at ${redisUrl} (${(error as Error).message}); start one, e.g. \`redis-server --daemonize yes\`, or pass --redis`, { cause: error });
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN + DEL); returns how many. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// Gateway and emulator child processes (scenarios f and c2)

/** The gateway's own variables (src/config.ts): the bench sets them, the shell must not. */
const GATEWAY_VARIABLE =
  /^(PORT|HOST|LOG_LEVEL|HOUSTON_.*|REDIS_.*|CACHE_.*|RATE_LIMIT_.*|IDEMPOTENCY_.*|SHUTDOWN_.*|PRESSURE_.*|METRICS_ENABLED|API_KEYS_FILE|CALLER_KEY_SECRET|SANDBOX_.*|EMULATOR_.*|BODY_LIMIT_BYTES)$/;

/** Loaded into each child first: should this harness die without stopping it, the child stops itself. */
const ORPHAN_WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM'); }, 250).unref();",
)}`;

export interface ChildNode {
  /** Gateway: http://127.0.0.1:<port>; emulator: its GraphQL endpoint, http://127.0.0.1:<port>/v1. */
  url: string;
  pid: number;
  stderr: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `node --import tsx src/main.ts <command>` with `env`, resolved once `ready(url)` says so. */
async function spawnMain(
  what: string,
  command: 'start' | 'emulator',
  env: Record<string, string>,
  url: string,
  ready: (url: string) => Promise<boolean>,
  readyTimeoutMs = 30_000,
): Promise<ChildNode> {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!GATEWAY_VARIABLE.test(name)) inherited[name] = value;
  // BENCH_BUILT=1: the compiled dist/ (npm run build), as production runs it; else the sources through tsx.
  const entry = process.env.BENCH_BUILT === '1' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  // BENCH_NODE_ARGS: node flags that NODE_OPTIONS does not take (e.g. V8's --single-threaded-gc).
  const { BENCH_NODE_ARGS: nodeArgs = '', ...childEnv } = env;
  const child = spawn(process.execPath, [...nodeArgs.split(' ').filter(Boolean), '--import', ORPHAN_WATCHDOG, ...entry, command], {
    cwd: ROOT,
    env: { ...inherited, ...childEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} child exited with ${child.exitCode} before answering:\n${stderr.join('')}`);
    try {
      if (await ready(url)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > readyTimeoutMs) {
      await stop();
      throw new Error(`${what} child did not answer within ${readyTimeoutMs} ms:\n${stderr.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid!, stderr, stop };
}

/**
 * `node --import tsx src/main.ts start`, as `npm run dev` would run it (tsx compiles on start;
 * the steady state afterwards is plain V8). LOG_LEVEL=warn: the production default `info` logs
 * two lines per request, which would measure pino and a pipe rather than the gateway.
 */
export async function spawnGateway(env: Record<string, string>, logLevel = 'warn'): Promise<ChildNode> {
  const port = await freePort();
  return spawnMain('gateway', 'start', { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: logLevel }, `http://127.0.0.1:${port}`, async (url) => (await fetch(`${url}/healthz`)).ok);
}

/** The Houston emulator alone in a child process (`src/main.ts emulator`, demo seeded, no logging). */
export async function spawnEmulator(adminKey: string): Promise<ChildNode> {
  const port = await freePort();
  return spawnMain(
    'emulator',
    'emulator',
    { EMULATOR_PORT: String(port), HOST: '127.0.0.1', EMULATOR_ADMIN_KEY: adminKey, EMULATOR_DEMO: 'true', LOG_LEVEL: 'silent' },
    `http://127.0.0.1:${port}/v1`,
    async (url) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ appConfig { version } }"}' })).ok,
  );
}

/** A process's CPU milliseconds so far (Linux /proc); null elsewhere. */
export const processCpuMs = procCpuMs;

/** A child's resident set size (Linux /proc) and heapUsed (its Prometheus metrics). */
export async function childMemory(child: ChildNode): Promise<Memory> {
  let rssBytes = 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    rssBytes = kb ? Number(kb) * 1024 : 0;
  } catch {
    // not Linux
  }
  let heapUsedBytes: number | null = null;
  try {
    const metrics = await (await fetch(`${child.url}/metrics`)).text();
    const value = /^houston_gateway_nodejs_heap_size_used_bytes\s+(\S+)$/m.exec(metrics)?.[1];
    heapUsedBytes = value === undefined ? null : Number(value);
  } catch {
    // metrics off or unreachable
  }
  return { rssBytes, heapUsedBytes };
}

/** A counter from a child's /metrics, e.g. cache events with `event="hit"`. */
export async function childCounter(child: ChildNode, metric: string, labels: string): Promise<number> {
  const text = await (await fetch(`${child.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

// ---------------------------------------------------------------------------------------------
// Report

/** autocannon records latencies in whole milliseconds: 0 means under 1 ms. */
const ms = (value: number) => (!Number.isFinite(value) ? '–' : value === 0 ? '<1' : String(Math.round(value)));
const mb = (bytes: number | null) => (bytes === null ? '?' : (bytes / 2 ** 20).toFixed(0));

function statusText(codes: Record<string, number>): string {
  const entries = Object.entries(codes).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '–' : entries.map(([code, count]) => `${code}: ${count}`).join(', ');
}

function memoryText(memory: readonly Memory[]): [string, string] {
  if (memory.length === 0) return ['?', '?'];
  const heap = (m: Memory) => (m.heapAfterGcBytes === undefined ? mb(m.heapUsedBytes) : `${mb(m.heapUsedBytes)} → ${mb(m.heapAfterGcBytes)}`);
  return [memory.map((m) => mb(m.rssBytes)).join(' / '), memory.map(heap).join(' / ')];
}

const pct = (value: number | null) => (value === null ? '?' : value.toFixed(0));

function cpuText(cpu: CpuUse): string {
  return `${cpu.gateways.map(pct).join(' + ')} / ${pct(cpu.loadGenerator)} / ${pct(cpu.redis)}`;
}

/** Redis CPU time per answered request, in µs. */
export function redisPerRequestUs(r: ScenarioResult): number | null {
  if (r.cpu.redis === null || r.totalRequests === 0) return null;
  return ((r.cpu.redis / 100) * r.durationSeconds * 1e6) / r.totalRequests;
}

/** Gateway CPU time per answered request, in µs (all gateway processes together). */
export function cpuPerRequestUs(r: ScenarioResult): number | null {
  if (r.cpu.gateways.some((g) => g === null) || r.totalRequests === 0) return null;
  const cpuSeconds = r.cpu.gateways.reduce<number>((total, g) => total + g! / 100, 0) * r.durationSeconds;
  return (cpuSeconds * 1e6) / r.totalRequests;
}

export interface Report {
  env: Environment;
  options: BenchOptions;
  results: ScenarioResult[];
  /** Derived comparisons, computed from `results`. */
  ratios: string[];
  wallSeconds: number;
}

export function markdown({ env, options, results, ratios, wallSeconds }: Report): string {
  const lines: string[] = [];
  lines.push('# houston-gateway benchmark results', '');
  lines.push('Produced by `npx tsx bench/run.ts` (see [README.md](README.md) for what each scenario measures and the caveats).', '');
  lines.push('## Environment', '');
  lines.push('| | |', '|---|---|');
  lines.push(`| date | ${env.date} |`);
  lines.push(`| node | ${env.node} |`);
  lines.push(`| CPU | ${env.cpuModel} × ${env.cpuCount} |`);
  lines.push(`| memory | ${env.totalMemory} |`);
  lines.push(`| OS | ${env.platform} |`);
  lines.push(`| Redis | ${env.redisVersion ?? 'unknown'} (${options.redisUrl.replace(/\/\/[^@/]*@/, '//')}) |`);
  lines.push(`| commit | ${env.commit ?? 'unknown'} (HEAD read from .git; uncommitted changes in the working tree are not detected) |`);
  lines.push(`| load | ${options.connections} connections per target, ${options.runs} measured runs of ${options.duration} s per scenario after ${options.warmup} s of discarded warm-up (the median run is reported), autocannon ${autocannonVersion()} in a child process per target |`);
  lines.push(`| whole run | ${wallSeconds.toFixed(0)} s |`);
  lines.push('');
  lines.push('## Results', '');
  lines.push('| scenario | gateway | req/s (avg) | req/s of each run | p50 ms | p97.5 ms | p99 ms | requests | non-2xx | status codes | errors / timeouts | CPU % gateway / autocannon / Redis | gateway CPU µs/req | Redis CPU µs/req | RSS MB | heapUsed MB |');
  lines.push('|---|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const [rss, heap] = memoryText(r.memory);
    lines.push(
      `| ${r.id}. ${r.title} | ${r.where} | ${Math.round(r.requestsPerSecond).toLocaleString('en-US')} | ${r.allRps.map((rps) => Math.round(rps).toLocaleString('en-US')).join(', ')} | ${ms(r.p50)} | ${ms(r.p97_5)} | ${ms(r.p99)} | ${r.totalRequests.toLocaleString('en-US')} | ${r.non2xx.toLocaleString('en-US')} | ${statusText(r.statusCodes)} | ${r.errors} / ${r.timeouts} | ${cpuText(r.cpu)} | ${cpuPerRequestUs(r)?.toFixed(0) ?? '?'} | ${redisPerRequestUs(r)?.toFixed(0) ?? '?'} | ${rss} | ${heap} |`,
    );
  }
  lines.push('');
  lines.push(
    '- **req/s of each run** lists every measured run in order; all other columns describe the median run (by req/s). **req/s (avg)** is autocannon\'s per-second average over that run; for f3 it is the sum over the three processes, and the latencies are the worst of the three.',
    '- **CPU %** is time on CPU during the measured run in % of one core (the box has ' + env.cpuCount + '): the gateway (in-process: the whole bench process, i.e. gateway + in-process emulator + V8 GC threads; child processes: one value each), the load generator (the autocannon child processes) and Redis.',
    '- **gateway CPU µs/req** is the gateway\'s CPU time divided by the requests answered: its cost per request, independent of how saturated the run was (in c it includes the in-process emulator). **Redis CPU µs/req** is the same for Redis.',
    '- Latencies are autocannon\'s, in whole milliseconds (<1: under a millisecond). Under a closed loop of saturating load they are mostly queueing (p50 ≈ connections ÷ req/s); compare scenarios by req/s and CPU µs/req.',
    '- **Memory** is read right after each scenario. In-process it is the bench process: gateway, emulator and harness share one V8 heap; heapUsed is shown as found → after a forced full GC. For child processes it is each child (RSS from /proc, heapUsed from its /metrics, no GC forced), one value per child.',
  );
  lines.push('');
  lines.push('## Checks', '');
  lines.push('What probes and counters showed during each scenario, so that each one measured the path it claims to.', '');
  for (const r of results) lines.push(`- **${r.id}.** ${r.checks.join('; ')}`);
  lines.push('');
  if (ratios.length > 0) {
    lines.push('## Derived', '');
    for (const ratio of ratios) lines.push(`- ${ratio}`);
    lines.push('');
  }
  return lines.join('\n');
}

function autocannonVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${ROOT}node_modules/autocannon/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
