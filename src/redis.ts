// One ioredis connection per process, shared by caller keys, rate limits and the cache. Options
// favour failing fast: a command waits at most REDIS_TIMEOUT_MS, so a hung Redis never hangs a
// request, and reconnection goes on in the background for as long as the process lives.
import { Redis } from 'ioredis';
import type { GatewayConfig } from './config.js';

export function connectRedis(config: GatewayConfig['redis'] & { url: string }): Redis {
  return new Redis(config.url, {
    commandTimeout: config.timeoutMs,
    connectTimeout: Math.max(config.timeoutMs, 2_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    // Named in `CLIENT LIST`, which helps whoever runs the Redis.
    connectionName: 'houston-gateway',
  });
}
