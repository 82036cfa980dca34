// The README's examples, pasted top to bottom into bash against a fresh sandbox, all succeed.
//
// Convention (README, "Using the API"): a fenced block marked ```sh is an example for the sandbox and
// is run here, in README order, in one bash process; a block marked ```shell (production set-up,
// Compose, Kubernetes, anything needing what the sandbox lacks) is shown, never run. So marking a
// block `sh` is a promise that it works pasted after the ones above it.
//
// The one line a reader edits, `export GW=http://127.0.0.1:8080 KEY=<the key the sandbox printed>`,
// is the only one rewritten: to this sandbox's address and key. Everything else runs as written, under
// `set -euo pipefail`; the examples use `curl --fail-with-body`, so a 4xx or 5xx fails the script.
// The sandbox is the real one (`npm run sandbox`'s startSandbox: gateway and emulator over loopback,
// no Redis), on free ports, with the default Houston line.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

const run = promisify(execFile);
const README = new URL('../../README.md', import.meta.url);
const SANDBOX_KEY = 'readme-examples-key-0123456789abcdef';
/** The README's first runnable line, which a reader completes with the key the sandbox printed. */
const EXPORT_LINE = /^export GW=http:\/\/127\.0\.0\.1:8080 KEY=<the key the sandbox printed>$/m;

interface Block {
  /** 1-based line of the opening fence in README.md, for failure messages. */
  line: number;
  code: string;
}

/** The ```sh blocks of a Markdown text, in order (```shell and every other language are left out). */
function runnableBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    if (end === -1) throw new Error(`README.md line ${i + 1}: a \`\`\`sh block is never closed`);
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** One bash script: each block announced on stderr (so a failure says which one), then run. */
function scriptOf(blocks: Block[], baseUrl: string, key: string): string {
  const body = blocks
    .map(({ line, code }) => `echo '### README.md line ${line}' >&2\n${code.replace(EXPORT_LINE, `export GW=${baseUrl} KEY=${key}`)}`)
    .join('\n');
  // ERR names the command that failed; -e stops there, -u catches a variable no block set.
  return `set -euo pipefail\ntrap 'echo "failed (exit $?): $BASH_COMMAND" >&2' ERR\n${body}\necho '### all README examples ran' >&2\n`;
}

describe('the README examples', () => {
  let sandbox: Sandbox;
  let blocks: Block[];

  beforeAll(async () => {
    blocks = runnableBlocks(await readFile(README, 'utf8'));
    const config = loadConfig({ PORT: '0', EMULATOR_PORT: '0', SANDBOX_API_KEY: SANDBOX_KEY, LOG_LEVEL: 'silent' });
    sandbox = await startSandbox(config, { logger: false });
  });
  afterAll(() => sandbox?.close());

  it('start with the line a reader completes with the sandbox key, and cover the API', () => {
    expect(blocks[0]?.code).toMatch(EXPORT_LINE);
    expect(blocks.filter((block) => EXPORT_LINE.test(block.code))).toHaveLength(1);
    // Relabelling examples `shell` would make this test pass vacuously.
    const routes = ['/platform', '/clusters', '/workspaces', '/deployments', '/environment-variables', '/logs', '/users', '/service-accounts', '/teams', '/admin/keys', '/runtime-releases', '/image'];
    const code = blocks.map((block) => block.code).join('\n');
    for (const route of routes) expect(code, `no runnable example calls ${route}`).toContain(route);
  });

  it('run top to bottom in one shell against a fresh sandbox, every command succeeding', async () => {
    const script = scriptOf(blocks, sandbox.baseUrl, sandbox.apiKey);
    // Only PATH from this process: the README must not lean on a variable the test happens to have
    // (KEY, REDIS_URL, …), and without HOME no ~/.curlrc changes what curl does.
    const result = await run('bash', ['-c', script], {
      env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' },
      timeout: 45_000,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    const report = `stderr:\n${result.stderr.slice(-4000)}\nstdout (end):\n${result.stdout.slice(-2000)}`;
    expect(result.code, report).toBe(0);
    expect(result.stderr, report).toContain('### all README examples ran');
  }, 60_000);
});
