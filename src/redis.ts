// One Redis client per process, shared by caller keys, rate limits, idempotency and the cache, for
// each topology platform teams run: one server (REDIS_URL, also a managed primary endpoint), a
// Redis Cluster (ioredis's Cluster client: MOVED/ASK, slot refresh, promoted replicas), or a
// primary found through Sentinel (ioredis's Sentinel support: asks the Sentinels on every
// reconnection and listens for +switch-master, so a promotion is followed without a restart).
//
// Options favour failing fast: a command waits at most REDIS_TIMEOUT_MS, so a hung Redis never
// hangs a request, and reconnection goes on in the background for as long as the process lives.
// The offline queue is off: while the connection is down a command fails at once instead of
// waiting for a reconnection, so a request during an outage is not slowed by every Redis step
// timing out in turn, and a command its caller gave up on is never run later behind its back.
//
// Auto-pipelining is on: commands issued within one tick of the event loop leave in one socket
// write (and come back in one read). A cache HIT issues the failed-authentication check, the rate
// limit's script and the cache read (entry and tag generations) in the same tick, so they cost one
// round trip instead of three, on the gateway's side and on Redis's (one read and one write syscall).
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { GatewayConfig, RedisTopology } from './config.js';

/** What the stores are written against: ioredis's single-server and Cluster clients share it. */
export type RedisClient = Redis | Cluster;

/**
 * A primary demoted under us answers writes with READONLY. Reconnecting (and resending the
 * command once) finds the current primary: Sentinel is asked again, a managed endpoint's DNS name
 * is resolved again. A plain URL still naming the replica keeps failing, and /readyz says so.
 */
function reconnectOnReadOnly(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

function nodeOptions(config: GatewayConfig['redis']): RedisOptions {
  return {
    commandTimeout: config.timeoutMs,
    connectTimeout: Math.max(config.timeoutMs, 2_000),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    reconnectOnError: reconnectOnReadOnly,
    // Named in `CLIENT LIST`, which helps whoever runs the Redis.
    connectionName: 'houston-gateway',
    enableAutoPipelining: true,
  };
}

function authOptions(topology: Exclude<RedisTopology, { kind: 'server' }>): RedisOptions {
  return {
    ...(topology.username ? { username: topology.username } : {}),
    ...(topology.password ? { password: topology.password } : {}),
    ...(topology.tls ? { tls: {} } : {}),
  };
}

export function connectRedis(config: GatewayConfig['redis'] & { topology: RedisTopology }): RedisClient {
  const { topology } = config;
  let client: RedisClient;
  if (topology.kind === 'server') {
    client = new Redis(topology.url, nodeOptions(config));
  } else if (topology.kind === 'sentinel') {
    client = new Redis({
      ...nodeOptions(config),
      ...authOptions(topology),
      sentinels: topology.sentinels,
      name: topology.name,
      role: 'master',
      ...(topology.sentinelPassword ? { sentinelPassword: topology.sentinelPassword } : {}),
      ...(topology.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      // Subscribes to the Sentinels' +switch-master: a promotion is followed at once, not at the
      // next failed command.
      failoverDetector: true,
      sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    });
  } else {
    const options: ClusterOptions = {
      redisOptions: { ...nodeOptions(config), ...authOptions(topology) },
      enableOfflineQueue: false,
      // Per node: commands of one tick bound for one node share a write (see the top of the file).
      enableAutoPipelining: true,
      // Reads and writes go to primaries: a replica may lag, and a cache entry read there could
      // predate the invalidation its primary already holds.
      scaleReads: 'master',
      clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
      // A failover moves slots: retried within the command's own time bound.
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnTryAgain: 100,
      slotsRefreshTimeout: Math.max(config.timeoutMs, 1_000),
    };
    client = new Cluster(topology.nodes, options);
  }
  // Connection errors reach whoever uses the connection: the gateway's Redis plugin logs them once,
  // and each command's failure goes to its caller. Without a listener ioredis would print every
  // reconnection attempt's stack trace to stderr (before the plugin is registered, and in the CLI).
  client.on('error', () => {});
  return client;
}

/** Where the client points, for logs and /readyz: never a password. */
export function describeTopology(topology: RedisTopology): string {
  if (topology.kind === 'cluster') return `cluster (${topology.nodes.map((node) => `${node.host}:${node.port}`).join(', ')})`;
  if (topology.kind === 'sentinel') return `sentinel "${topology.name}" (${topology.sentinels.map((node) => `${node.host}:${node.port}`).join(', ')})`;
  const url = new URL(topology.url);
  return `server ${url.protocol}//${url.host}`;
}

/**
 * Resolves true once the connection is ready, false after `withinMs` (the gateway then starts
 * without Redis and takes it up when it answers). Commands fail until then: there is no queue.
 */
export async function redisReady(redis: RedisClient, withinMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  // Not events.once: it gives up at the first 'error', and a refused first attempt is followed by
  // further attempts (the retry strategy) that may well succeed within the time given.
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), withinMs);
    redis.on('ready', onReady);
  });
}

/**
 * Closes a client for good: QUIT lets commands already sent finish, then the connection (and a
 * Sentinel client's failover-detector subscriptions, which QUIT leaves open) is dropped.
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  await redis.quit().catch(() => {});
  redis.disconnect();
}
