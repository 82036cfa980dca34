// Processes of the interleaved bench (bench/run.ts) besides those harness.ts starts: a private
// redis-server, the floor (a bare Fastify 5 route), the proxy floor (the same, forwarding to the emulator), and /proc readings of any process's CPU and RSS.
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { freePort, processCpuMs, ROOT } from './harness.js';

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };
}

/** A redis-server of the bench's own (no persistence), so its CPU counts this bench's load only. */
export async function spawnRedis(): Promise<Server> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (attempt > 50) throw new Error(`redis-server did not answer on ${port}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.disconnect();
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** Redis's own process id (INFO server), for its CPU time in /proc. */
export async function redisPid(url: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const pid = /process_id:(\d+)/.exec(await client.info('server'))?.[1];
    if (!pid) throw new Error('INFO server has no process_id');
    return Number(pid);
  } finally {
    client.disconnect();
  }
}

/** The floor: a bare Fastify 5 route answering `body` as JSON, in a process of its own. */
const FLOOR = `
const fastify = require('fastify')({ logger: false });
const body = process.env.BENCH_FLOOR_BODY;
fastify.get('/floor', async (request, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8');
  return body;
});
fastify.listen({ port: 0, host: '127.0.0.1' }).then((address) => process.stdout.write(address + '\\n'));
`;

export async function spawnFloor(body: string): Promise<Server> {
  return listening(spawn(process.execPath, ['-e', FLOOR], { cwd: ROOT, env: { ...process.env, BENCH_FLOOR_BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] }), '/floor');
}

/** A server child that prints its address once listening, as a Server answering at `path`. */
async function listening(child: ChildProcessByStdio<null, Readable, null>, path: string): Promise<Server> {
  process.once('exit', () => child.kill('SIGKILL'));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the ${path.slice(1)} server exited with ${code}`)));
  });
  return { url: `${address}${path}`, pid: child.pid!, stop: stopper(child) };
}

/**
 * The proxy floor: a bare Fastify 5 route that sends the gateway's GraphQL request to the emulator
 * through an undici keep-alive pool and answers the workspace it gets. No auth, rate limit, cache,
 * metrics or schema: what an uncached read would cost with nothing but the two HTTP hops.
 */
const PROXY = `
const fastify = require('fastify')({ logger: false });
const { Pool } = require('undici');
const target = new URL(process.env.BENCH_PROXY_URL);
const pool = new Pool(target.origin, { connections: 256, pipelining: 1 });
const headers = { 'content-type': 'application/json', authorization: process.env.BENCH_PROXY_KEY };
const body = process.env.BENCH_PROXY_BODY;
fastify.get('/proxy', async () => {
  const answer = await pool.request({ path: target.pathname, method: 'POST', headers, body });
  const { data } = await answer.body.json();
  return data.workspace;
});
fastify.listen({ port: 0, host: '127.0.0.1' }).then((address) => process.stdout.write(address + '\\n'));
`;

export async function spawnProxyFloor(houston: { url: string; key: string; body: string }): Promise<Server> {
  const env = { ...process.env, BENCH_PROXY_URL: houston.url, BENCH_PROXY_KEY: houston.key, BENCH_PROXY_BODY: houston.body };
  return listening(spawn(process.execPath, ['-e', PROXY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] }), '/proxy');
}

/** CPU milliseconds of each pid so far (null where /proc cannot tell). */
export function cpuOf(pids: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
}

/** A process's resident set size in bytes (/proc), or null. */
export function rssOf(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}
