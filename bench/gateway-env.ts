// What every bench gateway is started with, and a caller key for it: a Redis prefix and hashing
// secret of its own, a rate limiter that counts every request (as in production) but never refuses
// the load, and no load shedding (the bench saturates the gateway on purpose).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createCallerKeys } from '../src/auth/caller-keys.js';
import { createRedisKeyStore } from '../src/auth/key-stores/redis.js';
import { SCOPES } from '../src/auth/scopes.js';

export interface BenchGatewaySettings {
  env: Record<string, string>;
  /** An `authorization` header with a new caller key holding every scope. */
  authorization(): Promise<{ authorization: string }>;
}

export function benchGatewaySettings(houston: { url: string; key: string }, redisUrl: string): BenchGatewaySettings {
  const prefix = `hgw-bench-${randomBytes(6).toString('hex')}:`;
  const secret = randomBytes(32).toString('base64url');
  return {
    env: {
      HOUSTON_URL: houston.url,
      HOUSTON_API_KEY: houston.key,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      CALLER_KEY_SECRET: secret,
      RATE_LIMIT_MAX: '1000000000',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    async authorization() {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        const { key } = await createCallerKeys({ store: createRedisKeyStore(client, prefix), secret }).create({ name: 'bench', scopes: [...SCOPES] });
        return { authorization: `Bearer ${key}` };
      } finally {
        client.disconnect();
      }
    },
  };
}
