// Reads a `.env` file into process.env before loadConfig, with Node's own parser
// (process.loadEnvFile). Variables already set in the environment win over the file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config.js';

export interface EnvFileOptions {
  /** An explicit file (`--env-path`): it must exist. Without it, `.env` in `cwd` is read when present. */
  path?: string | undefined;
  /** @default process.cwd() */
  cwd?: string;
}

/** What was read: the file and the variables it set (those the environment did not set already). */
export interface LoadedEnvFile {
  path: string;
  applied: string[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/**
 * Line numbers Node's parser would misread. It is lenient: a line without `=` is dropped silently,
 * and one with a space in the name swallows the next line into a variable nobody reads. Only line
 * numbers are reported, never text: a line may hold a secret.
 */
export function malformedLines(text: string): number[] {
  const bad: number[] = [];
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (openQuote !== undefined) {
      // Inside a multi-line quoted value, up to the line that closes it.
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      bad.push(index + 1);
      return;
    }
    const value = match[2] ?? '';
    const quote = value[0];
    if (quote !== undefined && QUOTES.has(quote) && !value.slice(1).includes(quote)) openQuote = quote;
  });
  return bad;
}

function readText(path: string, explicit: boolean): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // No .env in the working directory is the ordinary case; a file asked for must be there.
    if (!explicit && code === 'ENOENT') return undefined;
    throw new ConfigError([`env file ${path}: cannot be read (${code})`]);
  }
}

/**
 * Loads the env file into process.env; null when there is none. Throws a ConfigError naming the
 * malformed lines (by number) and loads nothing then.
 */
export function loadEnvFile(options: EnvFileOptions = {}): LoadedEnvFile | null {
  const path = resolve(options.cwd ?? process.cwd(), options.path ?? '.env');
  const text = readText(path, options.path !== undefined);
  if (text === undefined) return null;
  const bad = malformedLines(text);
  if (bad.length > 0) {
    throw new ConfigError(bad.map((line) => `env file ${path}: line ${line} is not NAME=value (a name of letters, digits and _; quotes closed)`));
  }
  // Node does not override a variable the environment already holds; the snapshot makes that
  // rule ours whatever the Node version does, since it is what the README promises.
  const before = { ...process.env };
  process.loadEnvFile(path);
  const applied: string[] = [];
  for (const name of Object.keys(process.env)) {
    if (name in before) process.env[name] = before[name];
    else applied.push(name);
  }
  return { path, applied };
}
