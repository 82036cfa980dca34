// Chooses the caller-key store from the configuration, the same way for the server and the CLI:
// Redis when a Redis topology is configured, else the API_KEYS_FILE file.
import type { RedisClient } from '../redis.js';
import { ConfigError, type GatewayConfig } from '../config.js';
import { SECRET_REQUIRED, STORE_REQUIRED } from '../config-commands.js';
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
  // loadConfig checks these for `start` and `keys` already (with every other problem); this guards
  // any other caller.
  if (!config.callerKeys.secret) problems.push(SECRET_REQUIRED);
  if (!dependencies.redis && !config.callerKeys.file) problems.push(STORE_REQUIRED);
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
