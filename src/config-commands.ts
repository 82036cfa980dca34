// What each command needs beyond a valid environment, checked with the rest in loadConfig so that
// `start` (and `keys`, `check-config`) report every missing setting in the same message as the bad
// ones, before anything connects.
import { parsedAll } from './config-fields.js';

/** The commands whose requirements loadConfig checks; others need nothing beyond valid variables. */
export type ConfigCommand = 'start' | 'keys';

/** The variables these checks read, as loadConfig's field parse leaves them. */
export interface CommandInputs {
  HOUSTON_URL?: string | undefined;
  HOUSTON_API_KEY?: string | undefined;
  HOUSTON_CREDENTIALS_FILE?: string | undefined;
  CALLER_KEY_SECRET?: string | undefined;
  API_KEYS_FILE?: string | undefined;
  REDIS_URL?: unknown;
  REDIS_CLUSTER_NODES?: unknown;
  REDIS_SENTINELS?: unknown;
}

const STORE_VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS', 'API_KEYS_FILE'] as const;

export const SECRET_REQUIRED = 'CALLER_KEY_SECRET: required to hash caller keys (32 or more characters, e.g. `openssl rand -base64 48`)';
export const STORE_REQUIRED =
  'REDIS_URL (or REDIS_CLUSTER_NODES, REDIS_SENTINELS) or API_KEYS_FILE: caller keys need a store (Redis, or a JSON file of hashes)';

/** Caller keys need the hashing secret and a store; a variable set but malformed is reported already. */
function callerKeyProblems(e: CommandInputs, failed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (e.CALLER_KEY_SECRET === undefined && parsedAll(failed, 'CALLER_KEY_SECRET')) problems.push(SECRET_REQUIRED);
  const storeNamed = STORE_VARIABLES.some((name) => e[name] !== undefined || failed.has(name));
  if (!storeNamed) problems.push(STORE_REQUIRED);
  return problems;
}

export function commandProblems(command: ConfigCommand, e: CommandInputs, failed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (command === 'start') {
    if (e.HOUSTON_URL === undefined && parsedAll(failed, 'HOUSTON_URL')) problems.push('HOUSTON_URL: required by `start`');
    const credentialNamed = e.HOUSTON_API_KEY !== undefined || e.HOUSTON_CREDENTIALS_FILE !== undefined;
    if (!credentialNamed && parsedAll(failed, 'HOUSTON_API_KEY', 'HOUSTON_CREDENTIALS_FILE')) {
      problems.push('HOUSTON_API_KEY or HOUSTON_CREDENTIALS_FILE: `start` needs at least one Houston credential');
    }
  }
  return [...problems, ...callerKeyProblems(e, failed)];
}
