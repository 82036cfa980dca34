// A redis-server of a test's own, for the few tests that must take Redis away from a running
// gateway and give it back. Everything else shares the suite's Redis (inject('redisUrl')).
//
// The server runs with `--save '' --appendonly no`, so it never snapshots by itself; stop() takes
// one explicit SAVE into the server's own temporary directory first (unless told not to), and
// start() brings the server back on the same port, loading that snapshot: what the gateway stored
// before the outage (its caller keys) is there after it, as with a Redis restarted in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface RedisServer {
  /** redis://127.0.0.1:<port>; stays the same across stop() and start(). */
  readonly url: string;
  readonly port: number;
  /** Whether the server process is running. */
  readonly running: boolean;
  /**
   * Stops the server; connections to it are refused until start(). Takes a snapshot first unless
   * `keepData` is false (then start() comes back empty).
   */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Starts the server again on the same port and resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops the server for good and removes its directory. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** One short-lived connection that never retries, so a dead server fails fast. */
export async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await withClient(url, (client) => client.ping())) === 'PONG';
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface RedisServerOptions {
  /** More redis-server arguments: `--cluster-enabled yes`, `--replicaof 127.0.0.1 6379`, … */
  args?: string[];
  /** Run as a Sentinel (`redis-server <config> --sentinel`), with these config lines. */
  sentinelConfig?: string[];
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'hgw-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let sentinelConfigWritten = false;

  async function start(): Promise<void> {
    if (child) throw new Error(`redis-server on port ${port} is already running`);
    const base = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb'];
    let args = [...base, ...(options.args ?? [])];
    if (options.sentinelConfig) {
      // A Sentinel rewrites its config file as it learns the topology: one file of its own.
      const file = join(dir, 'sentinel.conf');
      if (!sentinelConfigWritten) await writeFile(file, `${options.sentinelConfig.join('\n')}\n`);
      sentinelConfigWritten = true;
      args = [file, '--sentinel', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    }
    const spawned = spawn('redis-server', args, { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      spawned.once('error', reject);
      spawned.once('spawn', () => resolve());
    });
    child = spawned;
    // The port was free a moment ago; after stop() it is ours again once the old process is gone.
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await answers(url)) return;
      if (spawned.exitCode !== null) break;
      await sleep(50);
    }
    spawned.kill('SIGKILL');
    child = null;
    throw new Error(`redis-server on port ${port} never answered PING`);
  }

  async function stop({ keepData = true }: { keepData?: boolean } = {}): Promise<void> {
    const running = child;
    if (!running) return;
    if (keepData) await withClient(url, (client) => client.save());
    child = null;
    running.kill('SIGKILL');
    await exited(running);
    // An earlier snapshot would be loaded again: gone, so start() comes back empty.
    if (!keepData) await rm(join(dir, 'dump.rdb'), { force: true });
  }

  await start();
  return {
    url,
    port,
    get running() {
      return child !== null;
    },
    stop,
    start,
    async close() {
      await stop({ keepData: false });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Deletes every key under `prefix` the server `client` is connected to holds (SCAN is per server).
 * One DEL per key: on a Cluster node each key's own slot decides where it may go, and a replica
 * refuses writes (its primary deletes the key, and replication removes it here).
 */
export async function deleteKeysUnder(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, names] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    await Promise.all(names.map((name) => client.del(name).catch(() => 0)));
    cursor = next;
  } while (cursor !== '0');
}
