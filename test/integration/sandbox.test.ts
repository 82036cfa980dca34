import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sandboxBanner, startSandbox, type Sandbox } from '../../src/sandbox.js';

const run = promisify(execFile);
const FIXED_KEY = 'sandbox-test-key-0123456789abcdef';

describe('npm run sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', EMULATOR_PORT: '0', SANDBOX_API_KEY: FIXED_KEY, LOG_LEVEL: 'silent' });
    sandbox = await startSandbox(config, { logger: false });
  });
  afterAll(() => sandbox.close());

  it('uses SANDBOX_API_KEY as the caller key when it is set', () => {
    expect(sandbox.apiKey).toBe(FIXED_KEY);
  });

  it('serves the demo workspace to the printed key at once', async () => {
    const response = await fetch(`${sandbox.baseUrl}/workspaces`, { headers: { authorization: `Bearer ${FIXED_KEY}` } });
    expect(response.status).toBe(200);
    const workspaces = (await response.json()) as { label: string }[];
    expect(workspaces.map((w) => w.label)).toContain('demo');
  });

  it('rejects any other key', async () => {
    const response = await fetch(`${sandbox.baseUrl}/workspaces`, { headers: { authorization: 'Bearer nope-nope-nope' } });
    expect(response.status).toBe(401);
  });

  it('prints the base URL, the key and curl lines that work when pasted into a shell', async () => {
    const banner = sandboxBanner(sandbox);
    expect(banner).toContain(sandbox.baseUrl);
    expect(banner).toContain(FIXED_KEY);
    const curlLines = banner
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('curl '));
    expect(curlLines.length).toBeGreaterThanOrEqual(2);
    for (const line of curlLines) {
      const { stdout } = await run('sh', ['-c', `${line} -f`]);
      expect(Array.isArray(JSON.parse(stdout))).toBe(true);
    }
  });
});
