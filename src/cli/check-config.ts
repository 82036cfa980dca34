// `houston-gateway check-config [--connect]`: the configuration `start` would run with, checked
// without starting anything. The summary names what is configured, never a secret (no key, no
// password, no URL credentials); --connect also asks Houston and Redis, each within a bound.
import type { GatewayConfig } from '../config.js';
import { ConfigError } from '../config.js';
import type { LoadedEnvFile } from '../config-env-file.js';
import { CredentialsError, loadHoustonCredentials } from '../houston/credentials.js';
import { PLATFORM_VERSION_DOCUMENT } from '../houston/schema-detector.js';
import { closeRedis, connectRedis, describeTopology, redisReady } from '../redis.js';

/** How long --connect waits for each of Houston and Redis. */
const CONNECT_WITHIN_MS = 5_000;

/** A URL without its user info, query or fragment: the parts that may carry a secret. */
function safeUrl(text: string): string {
  const url = new URL(text);
  return `${url.origin}${url.pathname}`;
}

/** Reads HOUSTON_CREDENTIALS_FILE (a local file, nothing connects) so its mistakes are reported here too. */
async function credentialProblems(config: GatewayConfig): Promise<string[]> {
  try {
    await loadHoustonCredentials({ apiKey: config.houston.apiKey, file: config.houston.credentialsFile });
    return [];
  } catch (error) {
    if (error instanceof CredentialsError) return error.problems;
    throw error;
  }
}

export function summaryOf(config: GatewayConfig, envFile: LoadedEnvFile | null): string {
  const { houston, redis, callerKeys, ops } = config;
  const credentials = [houston.apiKey ? 'HOUSTON_API_KEY (as "default")' : '', houston.credentialsFile ? `HOUSTON_CREDENTIALS_FILE ${houston.credentialsFile}` : '']
    .filter(Boolean)
    .join(' and ');
  const store = redis.topology
    ? `Redis ${describeTopology(redis.topology)}, key prefix ${redis.keyPrefix}`
    : `file ${callerKeys.file ?? ''}`;
  const lines = [
    `env file:     ${envFile ? `${envFile.path} (${envFile.applied.length} variables taken from it)` : 'none'}`,
    `listen:       ${config.host}:${config.port} (public URL ${safeUrl(config.publicUrl)})`,
    `ops listener: ${ops ? `${ops.host}:${ops.port} (${ops.routes.join(', ')})` : 'none'}`,
    `houston:      ${safeUrl(houston.url ?? '')}, timeout ${houston.policy.timeoutMs} ms`,
    `credentials:  ${credentials}`,
    `caller keys:  ${store}; CALLER_KEY_SECRET set`,
    `cache:        ${config.cache.enabled ? `on, ${config.cache.ttlSeconds} s fresh, ${config.cache.staleSeconds} s stale` : 'off'}`,
    `rate limit:   ${config.rateLimit.max} per ${config.rateLimit.windowSeconds} s per caller key`,
    `log level:    ${config.logLevel} (${config.logFormat})`,
  ];
  return `configuration is valid for start\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

async function houstonAnswers(url: string): Promise<string> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PLATFORM_VERSION_DOCUMENT }),
      signal: AbortSignal.timeout(CONNECT_WITHIN_MS),
    });
    const body = (await response.json().catch(() => null)) as { data?: { appConfig?: { version?: string } } } | null;
    const version = body?.data?.appConfig?.version;
    if (!response.ok || version === undefined) throw new Error(`HTTP ${response.status}, no appConfig in the answer`);
    return `houston:      answers (version ${version})`;
  } catch (error) {
    // The message names the URL's origin only: it is the one thing the operator needs to fix.
    throw new Error(`houston: ${safeUrl(url)} did not answer appConfig within ${CONNECT_WITHIN_MS} ms (${(error as Error).message})`, { cause: error });
  }
}

async function redisAnswers(config: GatewayConfig): Promise<string | null> {
  const { topology } = config.redis;
  if (!topology) return null;
  const redis = connectRedis({ ...config.redis, topology });
  try {
    if (!(await redisReady(redis, CONNECT_WITHIN_MS))) throw new Error(`redis: ${describeTopology(topology)} did not answer within ${CONNECT_WITHIN_MS} ms`);
    return `redis:        answers (${describeTopology(topology)})`;
  } finally {
    await closeRedis(redis);
  }
}

/** Checks a configuration already loaded for `start`; throws a ConfigError, or returns what to print. */
export async function checkConfig(config: GatewayConfig, envFile: LoadedEnvFile | null, { connect }: { connect: boolean }): Promise<string> {
  const problems = await credentialProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  let text = summaryOf(config, envFile);
  if (!connect) return text;
  const results = await Promise.allSettled([houstonAnswers(config.houston.url ?? ''), redisAnswers(config)]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
  if (failures.length > 0) throw new Error(`cannot connect:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
  for (const result of results) if (result.status === 'fulfilled' && result.value) text += `  ${result.value}\n`;
  return text;
}
