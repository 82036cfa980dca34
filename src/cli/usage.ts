// The CLI's help texts: one per command and `keys` subcommand, printed by --help (stdout, exit 0)
// and after a usage mistake (stderr, exit 2).
import packageJson from '../../package.json' with { type: 'json' };
import { SCOPES } from '../auth/scopes.js';
import { KEYS_USAGE, wrapWords } from './keys.js';

export const VERSION: string = packageJson.version;

const GLOBAL_OPTIONS = `options (any command):
  --env-path <path>  read variables from this file; without it, .env in the working directory is read
                     when there is one. Variables already set in the environment win over the file.
  -h, --help         show help (after a command: that command's)
  --version          print the version
`;

export const MAIN_USAGE = `usage: houston-gateway <command> [options]

commands:
  start         run the gateway against Houston (HOUSTON_URL, a Houston credential, CALLER_KEY_SECRET
                and REDIS_URL or API_KEYS_FILE required)
  sandbox       run the gateway with an embedded Houston emulator and print a caller key
  emulator      run the Houston emulator alone
  keys          create, list or revoke caller keys (houston-gateway keys --help)
  check-config  check the environment for start, without starting or connecting (--connect: also try
                Houston and Redis)

${GLOBAL_OPTIONS}`;

export const COMMANDS = ['start', 'sandbox', 'emulator', 'keys', 'check-config'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const COMMAND_USAGE: Record<CommandName, string> = {
  start: `usage: houston-gateway start

Runs the gateway against a real Houston. Needs HOUSTON_URL, HOUSTON_API_KEY or
HOUSTON_CREDENTIALS_FILE, CALLER_KEY_SECRET, and a caller-key store (REDIS_URL, REDIS_CLUSTER_NODES,
REDIS_SENTINELS or API_KEYS_FILE). Every missing or bad variable is named in one message; check
first with houston-gateway check-config.

${GLOBAL_OPTIONS}`,
  sandbox: `usage: houston-gateway sandbox

Runs the gateway and an embedded Houston emulator (demo workspace) in one process, and prints the
base URL, a caller key (SANDBOX_API_KEY fixes it) and a curl line.

${GLOBAL_OPTIONS}`,
  emulator: `usage: houston-gateway emulator

Runs the Houston emulator alone (EMULATOR_PORT, EMULATOR_ADMIN_KEY, EMULATOR_DEMO,
EMULATOR_HOUSTON_VERSION, EMULATOR_INTROSPECTION) and prints its admin key.

${GLOBAL_OPTIONS}`,
  keys: `${KEYS_USAGE}
Runs on the server's own caller-key store (REDIS_URL, else API_KEYS_FILE) with its CALLER_KEY_SECRET.
houston-gateway keys <command> --help describes one command.

${GLOBAL_OPTIONS}`,
  'check-config': `usage: houston-gateway check-config [--connect]

Checks the environment as start would, without starting anything: every problem in one message
(exit 1), else a summary of what is configured (exit 0). Secrets are never printed.

  --connect  also ask Houston (appConfig, with the configured credentials) and ping Redis, each
             within a few seconds; exit 1 when one does not answer

${GLOBAL_OPTIONS}`,
};

export const KEYS_SUBCOMMANDS = ['create', 'list', 'revoke'] as const;
export type KeysSubcommand = (typeof KEYS_SUBCOMMANDS)[number];

export const KEYS_SUBCOMMAND_USAGE: Record<KeysSubcommand, string> = {
  create: `usage: houston-gateway keys create --name <name> --scopes <scope,...> [options]

Creates a caller key and prints it once (only its keyed hash is stored).

  --name <name>              what the key is for (1-100 characters)
  --scopes <scope,...>       ${wrapWords(SCOPES, ' '.repeat(29))}
  --workspace <id>           limit the key to this workspace (repeat for several); default: all
  --credential <name>        the Houston credential the key acts through; default: default
  --expires-in <30d|12h|90m> when the key stops working; default: never
  --rate-limit <max>/<secs>  the key's own rate limit, e.g. 100/60; default: RATE_LIMIT_*
  --json                     print the record and the key as JSON

${GLOBAL_OPTIONS}`,
  list: `usage: houston-gateway keys list [--json]

Lists caller keys with their status (active, revoked, expired); never a key or a hash.

  --json  print the records as JSON

${GLOBAL_OPTIONS}`,
  revoke: `usage: houston-gateway keys revoke <key-id>

Revokes a caller key: refused at once, and within a second on every instance sharing the store.
The last active key holding the admin scope cannot be revoked (create another admin key first).

${GLOBAL_OPTIONS}`,
};
