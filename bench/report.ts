// The Markdown report of bench/run.ts: the environment and load, one row per system (all rounds
// together), memory at 1,000 connections, cold-read coalescing, and the ratios last.
import type { Environment, Fired } from './harness.js';
import { statusCounts } from './harness.js';

/** One run of one system: autocannon's result, each process's CPU ms during it, its wall time. */
export interface Measured {
  fired: Fired;
  cpuMs: Record<string, number>;
  wallMs: number;
}

export interface SystemResult {
  id: string;
  title: string;
  /** The process that answers (floor, gateway, uncached, emulator). */
  server: string;
  /** Other processes the request costs (emulator, redis). */
  also: string[];
  runs: Measured[];
}

export interface MemoryRun {
  idle: number | null;
  peak: number;
  after: number | null;
  run: Fired;
}

export interface ReportInput {
  env: Environment;
  options: { rounds: number; duration: number; connections: number; warmup: number; redis: string };
  load: { before: string; after: string };
  results: SystemResult[];
  body: string;
  direct: string;
  memory: MemoryRun;
  /** The same on V8's default heap sizing. */
  v8Memory: MemoryRun;
  cold: { run: Fired; houstonCalls: number };
  wallSeconds: number;
  /** The gateways' NODE_OPTIONS. */
  nodeOptions: string;
}

const requestsOf = (r: SystemResult) => r.runs.reduce((sum, run) => sum + run.fired.result.requests.total, 0);
/** CPU µs per request of one process over every run of a system. */
export const usPerRequest = (r: SystemResult, process: string) => (r.runs.reduce((sum, run) => sum + (run.cpuMs[process] ?? NaN), 0) * 1000) / requestsOf(r);
const totalUs = (r: SystemResult) => [r.server, ...r.also].reduce((sum, name) => sum + usPerRequest(r, name), 0);
/** CPU µs per request of the given processes in each round (runs are kept in round order). */
const usPerRequestByRound = (r: SystemResult, processes: string[]) =>
  r.runs.map((run) => (processes.reduce((sum, name) => sum + (run.cpuMs[name] ?? NaN), 0) * 1000) / run.fired.result.requests.total);
/**
 * a / b round by round: the two ran minutes apart at most, under the same load of other sessions,
 * so the spread of these says how much of a ratio is the machine's and not the code's.
 */
const ratiosByRound = (a: number[], b: number[]) => a.map((value, i) => value / b[i]!).map((ratio) => ratio.toFixed(2)).join(', ');
const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?');
const mib = (bytes: number | null) => (bytes === null ? '?' : (bytes / 2 ** 20).toFixed(0));
const medianRun = (r: SystemResult) => [...r.runs].sort((a, b) => a.fired.result.requests.average - b.fired.result.requests.average)[Math.floor(r.runs.length / 2)]!;
const codes = (fired: Fired) =>
  Object.entries(statusCounts(fired.result))
    .map(([code, count]) => `${code}: ${count.toLocaleString('en-US')}`)
    .join(', ') || '–';

export function report(input: ReportInput): string {
  const { env, options, results } = input;
  const byId = new Map(results.map((r) => [r.id, r]));
  const lines: string[] = ['# houston-gateway: cost per request, interleaved', ''];
  lines.push('Produced by `npx tsx bench/run.ts` (see [README.md](README.md)); the older resilience scenarios are in [RESILIENCE.md](RESILIENCE.md).', '');
  lines.push('## Machine and load', '', '| | |', '|---|---|');
  lines.push(`| date | ${env.date} |`, `| node | ${env.node} |`, `| CPU | ${env.cpuModel} × ${env.cpuCount} |`, `| memory | ${env.totalMemory} |`, `| OS | ${env.platform} |`);
  lines.push(`| Redis | ${env.redisVersion ?? '?'}, ${options.redis ? 'the one given' : 'a private redis-server started for the run'} |`);
  lines.push(`| commit | ${env.commit ?? '?'} |`);
  lines.push(`| load average (1, 5, 15 min) | ${input.load.before} before the run, ${input.load.after} after it: other sessions share this machine |`);
  lines.push(`| load | ${options.rounds} rounds × ${options.duration} s per system, systems in rotated order each round, ${options.connections} connections (autocannon in a child process), ${options.warmup} s warm-up each |`);
  lines.push(`| whole run | ${input.wallSeconds.toFixed(0)} s |`, '');
  lines.push(`Every system answers the same ${input.body.length}-byte JSON body (the demo workspace). Servers run from the compiled dist/; gateways as \`main.js start\` at the default LOG_LEVEL=info (logs to /dev/null) with NODE_OPTIONS \`${input.nodeOptions}\` (the image's unless BENCH_GATEWAY_NODE_OPTIONS replaced them), RATE_LIMIT_MAX=10⁹ (the limiter still counts every request, by leases), load shedding off. Direct GraphQL sends the document and variables the gateway sends (${input.direct}).`, '');
  lines.push('## Results', '');
  lines.push('| system | req/s (mean) | req/s per round | p50 ms | p99 ms | requests | non-2xx | serving process CPU µs/req | emulator µs/req | Redis µs/req | total CPU µs/req |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const median = medianRun(r).fired.result;
    const rps = r.runs.map((run) => run.fired.result.requests.average);
    const non2xx = r.runs.reduce((sum, run) => sum + run.fired.result.non2xx, 0);
    const col = (name: string) => (r.server === name ? '(serving)' : r.also.includes(name) ? fmt(usPerRequest(r, name)) : '–');
    lines.push(
      `| ${r.title} | ${fmt(rps.reduce((a, b) => a + b, 0) / rps.length)} | ${rps.map(fmt).join(', ')} | ${median.latency.p50} | ${median.latency.p99} | ${requestsOf(r).toLocaleString('en-US')} | ${non2xx} | ${fmt(usPerRequest(r, r.server))} (${r.server}) | ${col('emulator')} | ${col('redis')} | ${fmt(totalUs(r))} |`,
    );
  }
  lines.push('');
  lines.push('- CPU µs/req: each process\'s CPU time (/proc/<pid>/stat, user + system; Redis\'s pid from `INFO server`) over all rounds, divided by the requests answered. The most stable figure on a shared machine; req/s and latencies move with the load of other sessions.');
  lines.push('- p50/p99 are from the median round (by req/s), in ms; under a closed loop of saturating load they are mostly queueing.', '');

  const { memory, cold } = input;
  lines.push('## Memory and coalescing', '');
  const rssLine = (what: string, m: MemoryRun) =>
    `- **RSS at 1,000 connections** (${what}, cache HITs for 6 s): ${mib(m.idle)} MiB before, **${mib(m.peak)} MiB at the peak**, ${mib(m.after)} MiB after; ${m.run.result.requests.total.toLocaleString('en-US')} requests (${codes(m.run)}), ${m.run.result.errors} errors, ${m.run.result.timeouts} timeouts.`;
  lines.push(rssLine(`the gateway, NODE_OPTIONS \`${input.nodeOptions}\``, memory));
  lines.push(rssLine('the gateway on V8\'s default heap sizing', input.v8Memory));
  lines.push(`- **1,000 concurrent identical cold reads** (a workspace just created, never read; 1,000 connections, one request each): **${cold.houstonCalls} Houston call${cold.houstonCalls === 1 ? '' : 's'}** (the gateway's own call-duration histogram); answers ${codes(cold.run)}, ${cold.run.result.errors} errors.`, '');

  const floor = byId.get('floor');
  const hit = byId.get('hit');
  const bypass = byId.get('bypass');
  const uncached = byId.get('uncached');
  const direct = byId.get('direct');
  const ratios: string[] = [];
  const check = (ok: boolean) => (ok ? 'met' : '**not met**');
  const hitV8 = byId.get('hit-v8');
  if (hit && hitV8) ratios.push(`Heap bounds: a HIT costs ${fmt(usPerRequest(hit, 'gateway'))} µs with NODE_OPTIONS \`${input.nodeOptions}\` and ${fmt(usPerRequest(hitV8, 'v8gateway'))} µs on V8's default heap sizing (${(usPerRequest(hitV8, 'v8gateway') / (floor ? usPerRequest(floor, 'floor') : NaN)).toFixed(2)}× the floor); RSS at 1,000 connections ${mib(memory.peak)} vs ${mib(input.v8Memory.peak)} MiB.`);
  if (floor && hit) {
    const ratio = usPerRequest(hit, 'gateway') / usPerRequest(floor, 'floor');
    ratios.push(`HIT / floor, serving process CPU per request: ${fmt(usPerRequest(hit, 'gateway'))} / ${fmt(usPerRequest(floor, 'floor'))} µs = **${ratio.toFixed(2)}×** (goal ≤ 3×: ${check(ratio <= 3)}); with Redis's share, ${(totalUs(hit) / totalUs(floor)).toFixed(2)}×; round by round ${ratiosByRound(usPerRequestByRound(hit, ['gateway']), usPerRequestByRound(floor, ['floor']))}.`);
  }
  if (uncached && direct) {
    const ratio = totalUs(uncached) / totalUs(direct);
    ratios.push(`uncached read / direct GraphQL, total CPU per request (gateway + emulator + Redis vs emulator): ${fmt(totalUs(uncached))} / ${fmt(totalUs(direct))} µs = **${ratio.toFixed(2)}×** (goal ≤ 1.6×: ${check(ratio <= 1.6)}; round by round ${ratiosByRound(usPerRequestByRound(uncached, [uncached.server, ...uncached.also]), usPerRequestByRound(direct, [direct.server, ...direct.also]))}); the gateway's own share ${fmt(usPerRequest(uncached, 'uncached'))} µs, the emulator's ${fmt(usPerRequest(uncached, 'emulator'))} µs for the gateway's request against ${fmt(usPerRequest(direct, 'emulator'))} µs direct.`);
  }
  const proxy = byId.get('proxy');
  if (proxy && direct) {
    // What two HTTP hops cost with nothing else: the part of the uncached ratio no gateway on Node avoids.
    const over = uncached ? `; the gateway's uncached read costs ${(totalUs(uncached) / totalUs(proxy)).toFixed(2)}× the proxy floor's total, its own share ${fmt(usPerRequest(uncached, 'uncached'))} against the proxy's ${fmt(usPerRequest(proxy, 'proxy'))} µs` : '';
    ratios.push(`proxy floor / direct GraphQL, total CPU per request: ${fmt(totalUs(proxy))} / ${fmt(totalUs(direct))} µs = ${(totalUs(proxy) / totalUs(direct)).toFixed(2)}× (round by round ${ratiosByRound(usPerRequestByRound(proxy, [proxy.server, ...proxy.also]), usPerRequestByRound(direct, [direct.server, ...direct.also]))})${over}.`);
  }
  if (bypass && direct) ratios.push(`BYPASS / direct GraphQL, total CPU per request: ${fmt(totalUs(bypass))} / ${fmt(totalUs(direct))} µs = ${(totalUs(bypass) / totalUs(direct)).toFixed(2)}× (a BYPASS also reads the cache's generations and writes the entry).`);
  if (hit && uncached) ratios.push(`uncached / HIT, gateway CPU per request: ${(usPerRequest(uncached, 'uncached') / usPerRequest(hit, 'gateway')).toFixed(2)}×; total: ${(totalUs(uncached) / totalUs(hit)).toFixed(2)}×.`);
  ratios.push(`RSS at 1,000 connections: ${mib(memory.peak)} MiB (goal < 200 MiB: ${check(memory.peak > 0 && memory.peak < 200 * 2 ** 20)}).`);
  ratios.push(`Houston calls for 1,000 concurrent identical cold reads: ${cold.houstonCalls} (goal 1: ${check(cold.houstonCalls === 1)}).`);
  lines.push('## Ratios', '', ...ratios.map((ratio) => `- ${ratio}`), '');
  return lines.join('\n');
}
