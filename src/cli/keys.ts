// `houston-gateway keys create | list | revoke`: caller-key management from a shell, on the same
// store the server uses (REDIS_URL, else API_KEYS_FILE) with the same CALLER_KEY_SECRET.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ZodError } from 'zod';
import { UnknownCredentialError, type CallerKeys, type NewCallerKey } from '../auth/caller-keys.js';
import type { CallerKeyRecord } from '../auth/key-record.js';
import { SCOPES } from '../auth/scopes.js';
import { statusOf } from '../schemas/admin-keys.js';

/** Words joined into lines of at most `width` characters, each line after the first indented. */
export function wrapWords(words: readonly string[], indent: string, width = 100): string {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(lines.length === 0 ? word : `${indent}${word}`);
  }
  return lines.join('\n');
}

export const KEYS_USAGE = `usage:
  houston-gateway keys create --name <name> --scopes <scope,...> [--workspace <id>]...
                              [--credential <name>] [--expires-in <30d|12h|90m>] [--rate-limit <max>/<seconds>] [--json]
  houston-gateway keys list [--json]
  houston-gateway keys revoke <key-id>

scopes: ${wrapWords(SCOPES, '        ')}
`;

/** The options of each subcommand, also used to refuse a bad command line before the store opens. */
export const KEYS_OPTIONS = {
  create: {
    name: { type: 'string' },
    scopes: { type: 'string' },
    workspace: { type: 'string', multiple: true },
    credential: { type: 'string' },
    'expires-in': { type: 'string' },
    'rate-limit': { type: 'string' },
    json: { type: 'boolean' },
  },
  list: { json: { type: 'boolean' } },
  revoke: {},
} as const satisfies Record<string, NonNullable<ParseArgsConfig['options']>>;

/** Thrown for a usage mistake: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export interface KeysCliIo {
  out: (text: string) => void;
  now?: () => Date;
}

const DURATION = /^(\d+)([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UsageError(`--expires-in: "${text}" is not a duration like 30d, 12h, 90m or 3600s`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds <= 0) throw new UsageError('--expires-in must be more than zero');
  if (seconds > 100 * 365 * 86_400) throw new UsageError('--expires-in must be at most 100 years; omit it for a key that never expires');
  return seconds;
}

function parseRateLimit(text: string): { max: number; windowSeconds: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--rate-limit: "${text}" is not <max>/<seconds>, e.g. 100/60`);
  return { max: Number(match[1]), windowSeconds: Number(match[2]) };
}

function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('\n');
}

function table(records: CallerKeyRecord[], now: Date): string {
  const rows = records.map((record) => [
    record.id,
    record.name,
    statusOf(record, now.getTime()),
    record.scopes.join(','),
    record.workspaces?.join(',') ?? '*',
    record.credential,
    record.expiresAt ?? '-',
    record.lastUsedAt ?? '-',
  ]);
  const header = ['ID', 'NAME', 'STATUS', 'SCOPES', 'WORKSPACES', 'CREDENTIAL', 'EXPIRES', 'LAST USED'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

export const FIRST_IN_STORE =
  'The key store held no keys: this is its first. If keys were made before, the store has lost them\n' +
  '(Redis restarted without persistence, or the keys file replaced): they no longer work; make them again.';

async function create(keys: CallerKeys, args: string[], io: KeysCliIo) {
  const { values } = parseArgs({ args, options: KEYS_OPTIONS.create, strict: true });
  if (!values.name || !values.scopes) throw new UsageError('keys create needs --name and --scopes');
  const now = io.now?.() ?? new Date();
  const input: NewCallerKey = {
    name: values.name,
    scopes: values.scopes.split(',').map((scope) => scope.trim()).filter(Boolean) as NewCallerKey['scopes'],
    ...(values.workspace ? { workspaces: values.workspace } : {}),
    ...(values.credential ? { credential: values.credential } : {}),
    ...(values['expires-in'] ? { expiresAt: new Date(now.getTime() + parseDuration(values['expires-in']) * 1000).toISOString() } : {}),
    ...(values['rate-limit'] ? { rateLimit: parseRateLimit(values['rate-limit']) } : {}),
  };
  // Keys are never deleted (a revoked one stays listed), so an empty store either is new or lost
  // what it held (Redis restarted without persistence, a file replaced). The store takes the key
  // either way and the gateways follow it; the operator is told, since only they know which it is.
  const firstInStore = (await keys.list()).length === 0;
  const { key, record } = await keys.create(input);
  if (values.json) {
    io.out(`${JSON.stringify({ ...record, key, firstInStore }, null, 2)}\n`);
    return;
  }
  io.out(
    [
      `created caller key ${record.id} (${record.name})`,
      `  scopes:     ${record.scopes.join(', ')}`,
      `  workspaces: ${record.workspaces?.join(', ') ?? 'all the credential reaches'}`,
      `  credential: ${record.credential}`,
      `  expires:    ${record.expiresAt ?? 'never'}`,
      '',
      'The key (shown this once; store it now):',
      `  ${key}`,
      '',
      ...(firstInStore ? [FIRST_IN_STORE, ''] : []),
    ].join('\n'),
  );
}

async function list(keys: CallerKeys, args: string[], io: KeysCliIo) {
  const { values } = parseArgs({ args, options: KEYS_OPTIONS.list, strict: true });
  const records = await keys.list();
  const now = io.now?.() ?? new Date();
  if (values.json) {
    io.out(`${JSON.stringify(records.map((record) => ({ ...record, status: statusOf(record, now.getTime()) })), null, 2)}\n`);
  } else {
    io.out(`${records.length === 0 ? 'no caller keys' : table(records, now)}\n`);
  }
}

async function revoke(keys: CallerKeys, args: string[], io: KeysCliIo) {
  const { positionals } = parseArgs({ args, options: KEYS_OPTIONS.revoke, allowPositionals: true, strict: true });
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('keys revoke takes one key id');
  const record = await keys.revoke(id);
  if (!record) throw new UsageError(`no caller key ${id}`);
  io.out(`revoked caller key ${record.id} (${record.name}) at ${record.revokedAt ?? ''}\n`);
}

const SUBCOMMANDS = { create, list, revoke };

/** Runs one `keys` subcommand; usage mistakes and bad input become UsageError. */
export async function runKeysCommand(keys: CallerKeys, argv: string[], io: KeysCliIo): Promise<void> {
  const [subcommand, ...rest] = argv;
  const run = subcommand ? SUBCOMMANDS[subcommand as keyof typeof SUBCOMMANDS] : undefined;
  if (!run) throw new UsageError(subcommand ? `unknown keys command "${subcommand}"` : 'keys needs a command');
  try {
    await run(keys, rest, io);
  } catch (error) {
    if (error instanceof ZodError) throw new UsageError(describeZodError(error));
    if (error instanceof UnknownCredentialError) throw new UsageError(error.message);
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
