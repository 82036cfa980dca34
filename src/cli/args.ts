// The command line → what to do: help, the version, a usage mistake, or a command to run. Decided
// before any configuration is read, so --help works with a broken environment and a mistyped option
// never waits on Redis.
import { parseArgs } from 'node:util';
import { KEYS_OPTIONS } from './keys.js';
import {
  COMMAND_USAGE,
  COMMANDS,
  KEYS_SUBCOMMAND_USAGE,
  KEYS_SUBCOMMANDS,
  MAIN_USAGE,
  type CommandName,
  type KeysSubcommand,
} from './usage.js';

export type CommandLine =
  | { action: 'help'; text: string }
  | { action: 'version' }
  | { action: 'usage-error'; message: string; usage: string }
  | { action: 'run'; command: CommandName; args: string[]; envFile: string | undefined; connect: boolean };

const isCommand = (word: string | undefined): word is CommandName => (COMMANDS as readonly string[]).includes(word ?? '');
const isKeysSubcommand = (word: string | undefined): word is KeysSubcommand => (KEYS_SUBCOMMANDS as readonly string[]).includes(word ?? '');

/**
 * Takes the options every command has out of argv (up to a `--`), leaving the command's own.
 * `--env-path`, not `--env-file`: Node 20 reads `--env-file` from anywhere on the command line,
 * the script's arguments included, and exits 9 before the gateway runs when the file is missing.
 */
function globalOptions(argv: string[]) {
  const rest: string[] = [];
  let help = false;
  let version = false;
  let envFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] as string;
    if (word === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (word === '--help' || word === '-h') help = true;
    else if (word === '--version') version = true;
    else if (word.startsWith('--env-path=')) envFile = word.slice('--env-path='.length);
    else if (word === '--env-path') {
      envFile = argv[index + 1] ?? '';
      index += 1;
    } else rest.push(word);
  }
  return { rest, help, version, envFile };
}

function usageError(message: string, usage: string): CommandLine {
  return { action: 'usage-error', message, usage };
}

/** Checks a command's own arguments; the message of the first mistake, or null. */
function argumentMistake(command: CommandName, args: string[]): string | null {
  try {
    if (command === 'keys') {
      const [subcommand, ...rest] = args;
      const options = KEYS_OPTIONS[subcommand as KeysSubcommand];
      parseArgs({ args: rest, options, allowPositionals: subcommand === 'revoke', strict: true });
    } else {
      parseArgs({ args, options: command === 'check-config' ? { connect: { type: 'boolean' } } : {}, strict: true });
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseCommandLine(argv: string[]): CommandLine {
  const { rest, help, version, envFile } = globalOptions(argv);
  const [command, ...args] = rest;
  if (command !== undefined && command !== 'help' && !isCommand(command)) {
    return usageError(command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}"`, MAIN_USAGE);
  }
  if (version) return { action: 'version' };
  if (command === undefined || command === 'help') {
    return help || command === 'help' ? { action: 'help', text: MAIN_USAGE } : usageError('a command is needed', MAIN_USAGE);
  }
  const subcommand = command === 'keys' ? args[0] : undefined;
  if (command === 'keys' && subcommand !== undefined && !isKeysSubcommand(subcommand)) {
    return usageError(`unknown keys command "${subcommand}"`, COMMAND_USAGE.keys);
  }
  const usage = isKeysSubcommand(subcommand) ? KEYS_SUBCOMMAND_USAGE[subcommand] : COMMAND_USAGE[command];
  if (help) return { action: 'help', text: usage };
  if (command === 'keys' && subcommand === undefined) return usageError('keys needs a command', usage);
  if (envFile === '') return usageError('--env-path needs a path', usage);
  const mistake = argumentMistake(command, args);
  if (mistake) return usageError(mistake, usage);
  return { action: 'run', command, args, envFile, connect: command === 'check-config' && args.includes('--connect') };
}
