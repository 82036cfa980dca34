// The Redis topologies platform teams run, started for a test file on loopback from the machine's
// own redis-server: a Redis Cluster (three primaries, one replica each) and a primary with a
// replica watched by a Sentinel. Real servers, real failovers; each process is a RedisServer
// (redis-server.ts), so a test can kill one and bring it back.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { deleteKeysUnder, startRedisServer, withClient, type RedisServer } from './redis-server.js';

const run = promisify(execFile);

async function waitFor<T>(what: string, withinMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + withinMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`${what} within ${withinMs} ms${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}

export interface RedisCluster {
  /** `127.0.0.1:port,…` of every node, for REDIS_CLUSTER_NODES. */
  readonly nodesVariable: string;
  readonly servers: RedisServer[];
  /** The server that is primary for `key`'s slot now. */
  primaryFor(key: string): Promise<RedisServer>;
  /** Resolves once every replica of `primary` has all it has (replication is asynchronous). */
  waitReplicated(primary: RedisServer, withinMs?: number): Promise<void>;
  /** Resolves once every slot is served again (after a failover). */
  waitHealthy(withinMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function clusterInfo(server: RedisServer): Promise<Record<string, string>> {
  const text = await withClient(server.url, (client) => client.call('CLUSTER', 'INFO') as Promise<string>);
  return Object.fromEntries(text.split(/\r?\n/).filter((line) => line.includes(':')).map((line) => line.split(':', 2) as [string, string]));
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const servers = await Promise.all(
    Array.from({ length: 6 }, () =>
      // A short node timeout: a primary killed by a test is failed over in about a second.
      startRedisServer({ args: ['--cluster-enabled', 'yes', '--cluster-node-timeout', '1000', '--cluster-replica-validity-factor', '0'] }),
    ),
  );
  const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
  try {
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw new Error(`redis-cli --cluster create failed: ${(error as Error).message}`, { cause: error });
  }
  const cluster: RedisCluster = {
    nodesVariable: addresses.join(','),
    servers,
    async primaryFor(key) {
      const running = servers.find((server) => server.running);
      if (!running) throw new Error('no cluster node is running');
      const slot = await withClient(running.url, (client) => client.call('CLUSTER', 'KEYSLOT', key) as Promise<number>);
      const slots = await withClient(running.url, (client) => client.call('CLUSTER', 'SLOTS') as Promise<[number, number, [string, number, string]][]>);
      const owner = slots.find(([from, to]) => slot >= from && slot <= to);
      const port = owner?.[2][1];
      const server = servers.find((candidate) => candidate.port === port);
      if (!server) throw new Error(`no primary serves slot ${slot}`);
      return server;
    },
    async waitReplicated(primary, withinMs = 20_000) {
      await waitFor('the replicas did not catch up with their primary', withinMs, async () => {
        const info = await withClient(primary.url, (client) => client.info('replication'));
        const offset = /^master_repl_offset:(\d+)/m.exec(info)?.[1];
        const replicas = [...info.matchAll(/^slave\d+:.*state=(\w+),offset=(\d+)/gm)];
        return replicas.length > 0 && replicas.every(([, state, at]) => state === 'online' && at === offset) ? true : undefined;
      });
    },
    async waitHealthy(withinMs = 20_000) {
      await waitFor('the Redis Cluster did not report cluster_state:ok on every running node', withinMs, async () => {
        for (const server of servers.filter((candidate) => candidate.running)) {
          const info = await clusterInfo(server);
          if (info.cluster_state !== 'ok' || info.cluster_slots_ok !== '16384') return undefined;
        }
        return true;
      });
    },
    async close() {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
  await cluster.waitHealthy();
  return cluster;
}

export interface RedisSentinelSetup {
  /** `127.0.0.1:port`, for REDIS_SENTINELS. */
  readonly sentinelsVariable: string;
  readonly name: string;
  readonly servers: RedisServer[];
  readonly sentinel: RedisServer;
  /** The server the Sentinel names as primary now. */
  primary(): Promise<RedisServer>;
  /** Asks the Sentinel to fail over now, and resolves once it names another primary. */
  failover(withinMs?: number): Promise<RedisServer>;
  /** Resolves once a replica's link to the primary is up and it has everything the primary has. */
  waitReplicated(withinMs?: number): Promise<void>;
  /** Resolves once the Sentinel names a primary other than `old`, and it takes writes. */
  waitPrimaryOtherThan(old: RedisServer, withinMs?: number): Promise<RedisServer>;
  close(): Promise<void>;
}

export async function startRedisSentinel(name = 'hgw-primary'): Promise<RedisSentinelSetup> {
  const first = await startRedisServer();
  const second = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(first.port)] });
  const servers = [first, second];
  await waitFor('the replica did not sync with its primary', 15_000, async () => {
    const info = await withClient(second.url, (client) => client.info('replication'));
    return /master_link_status:up/.test(info) ? true : undefined;
  });
  const sentinel = await startRedisServer({
    sentinelConfig: [
      `sentinel monitor ${name} 127.0.0.1 ${first.port} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
      `sentinel parallel-syncs ${name} 1`,
    ],
  });
  const askSentinel = <T>(...args: (string | number)[]) => withClient(sentinel.url, (client) => client.call('SENTINEL', ...args) as Promise<T>);
  const primary = async () => {
    const [, port] = await askSentinel<[string, string]>('get-master-addr-by-name', name);
    const server = servers.find((candidate) => candidate.port === Number(port));
    if (!server) throw new Error(`the Sentinel names an unknown primary on port ${port}`);
    return server;
  };
  const setup: RedisSentinelSetup = {
    sentinelsVariable: `127.0.0.1:${sentinel.port}`,
    name,
    servers,
    sentinel,
    primary,
    async failover(withinMs = 20_000) {
      const old = await primary();
      // The Sentinel refuses a failover until it has seen the replica (INFO every 10 s at first).
      await waitFor('the Sentinel did not accept a failover', withinMs, async () => ((await askSentinel<string>('failover', name)) === 'OK' ? true : undefined));
      return setup.waitPrimaryOtherThan(old, withinMs);
    },
    async waitReplicated(withinMs = 20_000) {
      const now = await primary();
      const replica = servers.find((server) => server !== now && server.running);
      if (!replica) throw new Error('no replica is running');
      await waitFor('the replica did not catch up with its primary', withinMs, async () => {
        const primaryInfo = await withClient(now.url, (client) => client.info('replication'));
        const replicaInfo = await withClient(replica.url, (client) => client.info('replication'));
        const offset = (info: string, name: string) => new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1];
        const linked = /master_link_status:up/.test(replicaInfo);
        const same = offset(primaryInfo, 'master_repl_offset') !== undefined && offset(primaryInfo, 'master_repl_offset') === offset(replicaInfo, 'slave_repl_offset');
        return linked && same ? true : undefined;
      });
    },
    async waitPrimaryOtherThan(old, withinMs = 20_000) {
      return waitFor('the Sentinel did not promote another primary', withinMs, async () => {
        const now = await primary();
        if (now === old) return undefined;
        const role = await withClient(now.url, (client) => client.call('ROLE') as Promise<[string]>);
        return role[0] === 'master' ? now : undefined;
      });
    },
    async close() {
      await sentinel.stop({ keepData: false });
      await Promise.all([...servers, sentinel].map((server) => server.close()));
    },
  };
  // Ready once the Sentinel knows the replica (a failover needs one).
  await waitFor('the Sentinel did not discover the replica', 20_000, async () => {
    const replicas = await askSentinel<unknown[]>('replicas', name);
    return replicas.length > 0 ? true : undefined;
  });
  return setup;
}

/** Deletes every key under `prefix` on each primary of a Cluster (SCAN is per node). */
export async function dropClusterPrefix(cluster: RedisCluster, prefix: string): Promise<void> {
  for (const server of cluster.servers.filter((candidate) => candidate.running)) {
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    client.on('error', () => {});
    try {
      await client.connect();
      await deleteKeysUnder(client, prefix);
    } finally {
      client.disconnect();
    }
  }
}
