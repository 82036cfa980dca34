// Which NODE_OPTIONS cost a gateway least CPU per request: one gateway per variant (all on the same
// emulator and Redis), loaded in turn, round after round, on the HIT path or the uncached path.
// CPU per request is read from each process's /proc, as in run.ts. Nothing is asserted.
//
//   npx tsx bench/node-options.ts [--path uncached|hit] [--rounds 4] [--duration 6] [--connections 50] '<options A>' '<options B>' …
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fire, probe, ROOT, spawnEmulator, spawnGateway, warmUp, type ChildNode, type Target } from './harness.js';
import { benchGatewaySettings } from './gateway-env.js';
import { cpuOf, rssOf, spawnRedis } from './processes.js';

const options = { path: 'uncached', rounds: 4, duration: 6, connections: 50 };
const variants: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  const name = arg.replace(/^--/, '') as keyof typeof options;
  if (arg.startsWith('--') && name in options) {
    const value = process.argv[++i]!;
    (options as Record<string, unknown>)[name] = typeof options[name] === 'number' ? Number(value) : value;
  } else variants.push(arg);
}
if (variants.length < 2 || (options.path !== 'uncached' && options.path !== 'hit')) {
  throw new Error("usage: npx tsx bench/node-options.ts [--path uncached|hit] [--rounds 4] [--duration 6] [--connections 50] '<options A>' '<options B>' …");
}

/** NODE_OPTIONS takes some flags only; the others go on node's command line (BENCH_NODE_ARGS). */
function splitOptions(flags: string): { NODE_OPTIONS: string; BENCH_NODE_ARGS: string } {
  const commandLineOnly = /^--(single-threaded-gc|single-threaded|predictable-gc-schedule|no-concurrent|no-parallel)/;
  const all = flags.split(' ').filter(Boolean);
  return { NODE_OPTIONS: all.filter((flag) => !commandLineOnly.test(flag)).join(' '), BENCH_NODE_ARGS: all.filter((flag) => commandLineOnly.test(flag)).join(' ') };
}

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
process.env.BENCH_BUILT = '1';
const stops: (() => Promise<void>)[] = [];
try {
  const redis = await spawnRedis();
  stops.push(() => redis.stop());
  const houstonKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const emulator: ChildNode = await spawnEmulator(houstonKey);
  stops.push(() => emulator.stop());
  const settings = benchGatewaySettings({ url: emulator.url, key: houstonKey }, redis.url);
  const env = { ...settings.env, CACHE_ENABLED: options.path === 'hit' ? 'true' : 'false' };
  const gateways = await Promise.all(variants.map((nodeOptions) => spawnGateway({ ...env, ...splitOptions(nodeOptions) }, 'info')));
  for (const gateway of gateways) stops.push(() => gateway.stop());

  const auth = await settings.authorization();
  const workspaces = (await probe({ url: `${gateways[0]!.url}/workspaces`, headers: auth })).body as { id: string }[];
  const targets: Target[] = gateways.map((gateway) => ({ url: `${gateway.url}/workspaces/${workspaces[0]!.id}`, headers: auth }));
  for (const target of targets) await warmUp(target, 3, options.connections);

  const perVariant = variants.map(() => ({ gatewayUs: [] as number[], emulatorUs: [] as number[], rssMiB: [] as number[] }));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (k + round) % variants.length;
      const pids = { gateway: gateways[v]!.pid, emulator: emulator.pid };
      const before = cpuOf(pids);
      const fired = await fire(targets[v]!, options.duration, options.connections);
      const after = cpuOf(pids);
      const requests = fired.result.requests.total;
      perVariant[v]!.gatewayUs.push(((after.gateway! - before.gateway!) * 1000) / requests);
      perVariant[v]!.emulatorUs.push(((after.emulator! - before.emulator!) * 1000) / requests);
      perVariant[v]!.rssMiB.push((rssOf(gateways[v]!.pid) ?? NaN) / 1048576);
      console.error(`round ${round + 1} [${variants[v]}]: ${Math.round(fired.result.requests.average)} req/s, gateway ${perVariant[v]!.gatewayUs.at(-1)!.toFixed(0)} µs/req`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`| NODE_OPTIONS (${options.path}) | gateway CPU µs/req, median | rounds | emulator µs/req | RSS MiB |`);
  console.log('|---|---:|---|---:|---:|');
  variants.forEach((variant, v) => {
    const m = perVariant[v]!;
    console.log(`| \`${variant || "''"}\` | ${median(m.gatewayUs).toFixed(0)} | ${m.gatewayUs.map((x) => x.toFixed(0)).join(', ')} | ${median(m.emulatorUs).toFixed(0)} | ${median(m.rssMiB).toFixed(0)} |`);
  });
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
