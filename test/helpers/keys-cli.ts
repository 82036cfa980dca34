// `houston-gateway keys …` run as the real CLI (node + tsx on src/main.ts), with an environment
// of the test's own: the variables it reads never come from the shell running the tests.
import { execFile, type ExecFileException } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function keysCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete inherited[name];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'keys', ...args],
      { cwd: ROOT, env: { ...inherited, ...env }, timeout: 30_000 },
      (error: ExecFileException | null, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`keys ${args.join(' ')} did not exit normally (${error.signal ?? String(error.code)}): ${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
