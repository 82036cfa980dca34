// Chooses the caller-key store from the configuration, the same way for the server and the CLI:
// Redis when a Redis topology is configured, else the API_KEYS_FILE file.
import type { RedisClient } from '../redis.js';
import { ConfigError, type GatewayConfig } from '../config.js';
import { createCallerKeys, type CallerKeys } from './caller-keys.js';
import type { HoustonCredentials } from '../houston/credentials.js';
import { openFileKeyStore } from './key-stores/file.js';
import { createRedisKeyStore } from './key-stores/redis.js';

export async function openCallerKeys(
  config: GatewayConfig,
  dependencies: {
    redis: RedisClient | null;
    credentials?: HoustonCredentials;
    onStaleAccept?: (keyId: string, error: unknown) => void;
    /** Told when the Redis store is found started anew or restored (another identity). */
    onNewStore?: (detail: string) => void;
  },
): Promise<CallerKeys> {
  const problems: string[] = [];
  if (!config.callerKeys.secret) {
    problems.push('CALLER_KEY_SECRET: required to hash caller keys (32 or more characters, e.g. `openssl rand -base64 48`)');
  }
  if (!dependencies.redis && !config.callerKeys.file) {
    problems.push('REDIS_URL (or REDIS_CLUSTER_NODES, REDIS_SENTINELS) or API_KEYS_FILE: caller keys need a store (Redis, or a JSON file of hashes)');
  }
  const secret = config.callerKeys.secret;
  if (problems.length > 0 || !secret) throw new ConfigError(problems);
  const store = dependencies.redis
    ? createRedisKeyStore(dependencies.redis, config.redis.keyPrefix, dependencies.onNewStore ? { onNewIdentity: dependencies.onNewStore } : {})
    : await openFileKeyStore(config.callerKeys.file as string);
  const credentials = dependencies.credentials;
  return createCallerKeys({
    store,
    secret,
    ...(credentials ? { credentialExists: (name: string) => credentials.has(name) } : {}),
    ...(dependencies.onStaleAccept ? { onStaleAccept: dependencies.onStaleAccept } : {}),
  });
}
