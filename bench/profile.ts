// A CPU profile of one gateway path under load, to see where its time goes:
//
//   npx tsx bench/profile.ts hit|bypass|uncached [--seconds 10] [--dir /tmp/hgw-profile] [--log-level info] [--node-args '--perf-basic-prof']
//
// Builds dist/, starts a private Redis, the emulator and one gateway under `node --cpu-prof`
// (`dist/src/main.js start`, the default log level), loads it with autocannon for the given seconds, then stops the
// gateway so Node writes the .cpuprofile into --dir (open it in Chrome DevTools or speedscope).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { captureDirectQuery } from './direct-query.js';
import { fire, freePort, probe, ROOT, spawnEmulator } from './harness.js';
import { benchGatewaySettings } from './gateway-env.js';
import { spawnRedis } from './processes.js';

const path = process.argv[2];
if (path !== 'hit' && path !== 'bypass' && path !== 'uncached') throw new Error('usage: npx tsx bench/profile.ts hit|bypass|uncached [--seconds 10] [--dir /tmp/hgw-profile] [--log-level info]');
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const seconds = Number(flag('seconds', '10'));
const dir = flag('dir', '/tmp/hgw-profile');

// The compiled dist/, as production runs it (through tsx the profile shows its loader and helpers).
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
process.env.BENCH_BUILT = '1';
const redis = await spawnRedis();
const houstonKey = `bench-admin-${randomBytes(16).toString('hex')}`;
const emulator = await spawnEmulator(houstonKey);
try {
  const { workspaceId } = await captureDirectQuery(emulator.url, houstonKey);
  const settings = benchGatewaySettings({ url: emulator.url, key: houstonKey }, redis.url);
  const port = await freePort();
  // --node-args replaces the profiler's flags (e.g. '--perf-basic-prof' to profile with `perf record -p <pid>`).
  const nodeArgs = process.argv.includes('--node-args') ? flag('node-args', '').split(' ').filter(Boolean) : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  const gateway = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: flag('log-level', 'info'),
      ...settings.env,
      CACHE_ENABLED: path === 'uncached' ? 'false' : 'true',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      if (i > 300) throw new Error('the gateway did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const target = { url: `${url}/workspaces/${workspaceId}`, headers: { ...(await settings.authorization()), ...(path === 'bypass' ? { 'cache-control': 'no-cache' } : {}) } };
  await probe(target);
  console.error(`x-cache: ${(await probe(target)).headers.get('x-cache')}; loading gateway pid ${gateway.pid} for ${seconds} s`);
  const fired = await fire(target, seconds, 50);
  console.error(`${Math.round(fired.result.requests.average)} req/s; stopping the gateway so it writes its profile into ${dir}`);
  const exited = new Promise((resolve) => gateway.once('exit', resolve));
  gateway.kill('SIGTERM');
  await exited;
} finally {
  await emulator.stop();
  await redis.stop();
}
