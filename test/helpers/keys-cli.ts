// `houston-gateway …` run as the real CLI (node + tsx on src/main.ts), with an environment of the
// test's own: the variables it reads never come from the shell running the tests. It runs in an
// empty directory unless told otherwise, so a developer's `.env` in the checkout is never read.
import { execFile, type ExecFileException } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/** tsx as this checkout resolves it: the CLI's working directory may be anywhere. */
const TSX = import.meta.resolve('tsx');
/** One empty directory per test worker (no .env), under the OS's temporary directory. */
let emptyDir: string | undefined;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `houston-gateway <args>` in `cwd` (default: an empty directory). */
export function cli(args: string[], env: Record<string, string>, { cwd }: { cwd?: string } = {}): Promise<CliResult> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete inherited[name];
  emptyDir ??= mkdtempSync(join(tmpdir(), 'hgw-cli-cwd-'));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      { cwd: cwd ?? emptyDir, env: { ...inherited, ...env }, timeout: 30_000 },
      (error: ExecFileException | null, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`houston-gateway ${args.join(' ')} did not exit normally (${error.signal ?? String(error.code)}): ${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

export function keysCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return cli(['keys', ...args], env);
}
