// One ioredis connection per process, shared by caller keys, rate limits and the cache. Options
// favour failing fast: a command waits at most REDIS_TIMEOUT_MS, so a hung Redis never hangs a
// request, and reconnection goes on in the background for as long as the process lives.
//
// The offline queue is off: while the connection is down a command fails at once instead of
// waiting for a reconnection. So a request during an outage is not slowed by every Redis step
// timing out in turn, and a command its caller gave up on is never run later behind its back (a
// caller key created, or a cache invalidation applied, after the request was answered 503).
import { Redis } from 'ioredis';
import type { GatewayConfig } from './config.js';

export function connectRedis(config: GatewayConfig['redis'] & { url: string }): Redis {
  const redis = new Redis(config.url, {
    commandTimeout: config.timeoutMs,
    connectTimeout: Math.max(config.timeoutMs, 2_000),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    // Named in `CLIENT LIST`, which helps whoever runs the Redis.
    connectionName: 'houston-gateway',
  });
  // Connection errors reach whoever uses the connection: the gateway's Redis plugin logs them once,
  // and each command's failure goes to its caller. Without a listener ioredis would print every
  // reconnection attempt's stack trace to stderr (before the plugin is registered, and in the CLI).
  redis.on('error', () => {});
  return redis;
}

/**
 * Resolves true once the connection is ready, false after `withinMs` (the gateway then starts
 * without Redis and takes it up when it answers). Commands fail until then: there is no queue.
 */
export async function redisReady(redis: Redis, withinMs: number): Promise<boolean> {
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
