// The real CLI (node + tsx on src/main.ts): --help and --version on every command, usage mistakes
// (exit 2), the .env of the working directory, one message for every configuration problem, and
// check-config.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { createEmulator } from '../../src/emulator/index.js';
import type { HoustonEmulator } from '../../src/emulator/api.js';
import { cli } from '../helpers/keys-cli.js';

const TIMEOUT = { timeout: 60_000 };
const SECRET = randomBytes(32).toString('base64url');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hgw-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('--help, --version and usage mistakes', () => {
  it('prints usage on stdout and exits 0 for --help on every command and keys subcommand', TIMEOUT, async () => {
    const cases: [string[], string][] = [
      [['--help'], 'usage: houston-gateway <command>'],
      [['help'], 'usage: houston-gateway <command>'],
      [['start', '--help'], 'usage: houston-gateway start'],
      [['sandbox', '-h'], 'usage: houston-gateway sandbox'],
      [['emulator', '--help'], 'usage: houston-gateway emulator'],
      [['check-config', '--help'], 'usage: houston-gateway check-config [--connect]'],
      [['keys', '--help'], 'houston-gateway keys create --name'],
      [['keys', 'create', '--help'], 'usage: houston-gateway keys create --name <name>'],
      [['keys', 'list', '--help'], 'usage: houston-gateway keys list'],
      [['keys', 'revoke', '--help'], 'usage: houston-gateway keys revoke <key-id>'],
    ];
    // A broken environment must not stand in the way of help.
    const results = await Promise.all(cases.map(([args]) => cli(args, { PORT: 'eighty' })));
    results.forEach((result, index) => {
      const [args, usage] = cases[index]!;
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(result.stdout).toContain(usage);
    });
  });

  it('prints the package version and exits 0 for --version, before or after a command', TIMEOUT, async () => {
    for (const result of await Promise.all([cli(['--version'], {}), cli(['keys', '--version'], {})])) {
      expect(result).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    }
  });

  it('exits 2 with the message and the usage for unknown commands and options', TIMEOUT, async () => {
    const cases: [string[], RegExp, string][] = [
      [['deploy'], /^unknown command "deploy"\n\nusage: houston-gateway <command>/, ''],
      [['--verbose'], /^unknown option "--verbose"/, ''],
      [[], /^a command is needed\n\nusage: houston-gateway <command>/, ''],
      [['start', '--port', '80'], /Unknown option '--port'.*\n\nusage: houston-gateway start/s, ''],
      [['keys', 'rotate'], /^unknown keys command "rotate"\n\nusage:\n {2}houston-gateway keys create/, ''],
      [['keys', 'list', '--all'], /Unknown option '--all'.*\n\nusage: houston-gateway keys list/s, ''],
      [['check-config', '--conect'], /Unknown option '--conect'/, ''],
    ];
    // Mistakes are found before the environment is read: an empty one gives no configuration error.
    const results = await Promise.all(cases.map(([args]) => cli(args, {})));
    results.forEach((result, index) => {
      const [args, message] = cases[index]!;
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('Invalid configuration');
    });
  });
});

describe('configuration errors', () => {
  it('lists every problem of start in one message, never echoing a value', TIMEOUT, async () => {
    const secretish = 'redis-password-c0ffee';
    const result = await cli(['start'], {
      PORT: 'eighty',
      REDIS_URL: `http://user:${secretish}@redis.example.com`,
      OPS_HOST: '10.0.0.1',
      CALLER_KEY_SECRET: '',
      HOUSTON_API_KEY: 'houston-key-c0ffee',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const problems = result.stderr.trimEnd().split('\n');
    expect(problems[0]).toBe('Invalid configuration:');
    expect(problems.slice(1).map((line) => line.split(':')[0])).toEqual([
      '  - PORT',
      '  - REDIS_URL',
      '  - OPS_HOST, OPS_ROUTES',
      '  - HOUSTON_URL',
      '  - CALLER_KEY_SECRET',
    ]);
    // REDIS_URL is set, if malformed: no "needs a store" on top of its own problem.
    expect(result.stderr).not.toContain('caller keys need a store');
    for (const value of [secretish, 'houston-key-c0ffee', 'eighty', '10.0.0.1']) expect(result.stderr).not.toContain(value);
  });

  it('names a bad HOUSTON_CREDENTIALS_FILE in the same message as the bad variables', TIMEOUT, async () => {
    const file = join(dir, 'bad-credentials.json');
    await writeFile(file, JSON.stringify({ 'no spaces please': { apiKey: 'houston-key-c0ffee' }, default: { apiKey: '' } }));
    const result = await cli(['start'], { HOUSTON_URL: 'http://houston.example.com/v1', HOUSTON_CREDENTIALS_FILE: file, API_KEYS_FILE: join(dir, 'keys.json') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const problems = result.stderr.trimEnd().split('\n');
    expect(problems[0]).toBe('Invalid configuration:');
    expect(problems[1]).toMatch(/^ {2}- CALLER_KEY_SECRET: required/);
    expect(problems.slice(2).length).toBeGreaterThanOrEqual(2);
    for (const line of problems.slice(2)) expect(line).toMatch(new RegExp(`^ {2}- HOUSTON_CREDENTIALS_FILE ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(result.stderr).toContain('"no spaces please"');
    expect(result.stderr).not.toContain('houston-key-c0ffee');

    // A file that cannot be read at all is named too.
    const missing = join(dir, 'no-such-credentials.json');
    const unread = await cli(['check-config'], { HOUSTON_URL: 'http://houston.example.com/v1', HOUSTON_CREDENTIALS_FILE: missing });
    expect(unread.code).toBe(1);
    expect(unread.stderr).toMatch(/^Invalid configuration:\n/);
    expect(unread.stderr).toContain(`\n  - HOUSTON_CREDENTIALS_FILE ${missing}: cannot be read (ENOENT)\n`);
  });

  it('lists what keys needs with the bad variables', TIMEOUT, async () => {
    const result = await cli(['keys', 'list'], { LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/LOG_LEVEL: .*\n.*CALLER_KEY_SECRET: required.*\n.*API_KEYS_FILE: caller keys need a store/);
  });
});

describe('.env in the working directory', () => {
  it('is read by every command, and the environment wins over it', TIMEOUT, async () => {
    const cwd = await mkdtemp(join(dir, 'envfile-'));
    const keys = join(cwd, 'keys.json');
    await writeFile(join(cwd, '.env'), `# a comment\nexport API_KEYS_FILE=${keys}\nCALLER_KEY_SECRET="${SECRET}"\nLOG_LEVEL=loud\n`);
    // From .env alone: LOG_LEVEL is bad there.
    const fromFile = await cli(['keys', 'list'], {}, { cwd });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(/^Invalid configuration:\n {2}- LOG_LEVEL: /);
    expect(fromFile.stderr).not.toContain('CALLER_KEY_SECRET');
    // The environment's LOG_LEVEL wins; the rest still comes from .env.
    const overridden = await cli(['keys', 'list'], { LOG_LEVEL: 'silent' }, { cwd });
    expect(overridden).toEqual({ code: 0, stdout: 'no caller keys\n', stderr: '' });
  });

  it('names the malformed lines by number, never their text, and loads nothing', TIMEOUT, async () => {
    const cwd = await mkdtemp(join(dir, 'malformed-'));
    await writeFile(join(cwd, '.env'), `PORT=8080\nCALLER KEY SECRET=${SECRET}\n\nHOUSTON_API_KEY\nNOTE="two\nlines"\n`);
    const result = await cli(['check-config'], {}, { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Invalid configuration:\n  - env file ${join(cwd, '.env')}: line 2 is not NAME=value (a name of letters, digits and _; quotes closed)\n` +
        `  - env file ${join(cwd, '.env')}: line 4 is not NAME=value (a name of letters, digits and _; quotes closed)\n`,
    );
  });

  // Not --env-file: Node 20 takes that one from anywhere on the command line, the script's own
  // arguments included, and exits 9 when the file is missing.
  it('--env-path reads another file, which must exist', TIMEOUT, async () => {
    const file = join(dir, 'other.env');
    await writeFile(file, `API_KEYS_FILE=${join(dir, 'other-keys.json')}\nCALLER_KEY_SECRET=${SECRET}\n`);
    expect(await cli(['keys', 'list', '--env-path', file], {})).toEqual({ code: 0, stdout: 'no caller keys\n', stderr: '' });
    const missing = await cli(['--env-path', join(dir, 'absent.env'), 'keys', 'list'], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`env file ${join(dir, 'absent.env')}: cannot be read (ENOENT)`);
  });
});

describe('check-config', () => {
  let emulator: HoustonEmulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, houstonVersion: '0.37.7' });
  });
  afterAll(() => emulator.close());

  const valid = () => ({
    HOUSTON_URL: emulator.url,
    HOUSTON_API_KEY: 'houston-key-feedface',
    CALLER_KEY_SECRET: SECRET,
    REDIS_URL: inject('redisUrl'),
  });

  it('exits 1 listing every problem start would meet', TIMEOUT, async () => {
    const result = await cli(['check-config'], { PORT: '70000', OPS_ROUTES: 'admin' });
    expect(result.code).toBe(1);
    for (const name of ['PORT', 'OPS_HOST, OPS_ROUTES', 'HOUSTON_URL', 'HOUSTON_API_KEY or HOUSTON_CREDENTIALS_FILE', 'CALLER_KEY_SECRET', 'REDIS_URL (or']) {
      expect(result.stderr).toContain(`  - ${name}`);
    }
  });

  it('exits 0 with a summary that holds no secret, and --connect reaches Houston and Redis', TIMEOUT, async () => {
    const [plain, connected] = await Promise.all([cli(['check-config'], valid()), cli(['check-config', '--connect'], valid())]);
    for (const result of [plain, connected]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^configuration is valid for start\n/);
      expect(result.stdout).toContain(`houston:      ${emulator.url}, timeout 10000 ms`);
      expect(result.stdout).toContain('credentials:  HOUSTON_API_KEY (as "default")');
      for (const secret of [SECRET, 'houston-key-feedface']) expect(result.stdout).not.toContain(secret);
    }
    expect(plain.stdout).not.toContain('answers');
    expect(connected.stdout).toContain('houston:      answers (version 0.37.7)');
    expect(connected.stdout).toMatch(/redis: {8}answers \(server redis:\/\//);
  });

  it('--connect exits 1 naming what does not answer', TIMEOUT, async () => {
    // Port 1 on loopback refuses at once: the bound is never reached.
    const result = await cli(['check-config', '--connect'], { ...valid(), HOUSTON_URL: 'http://127.0.0.1:1/v1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cannot connect:\n {2}- houston: http:\/\/127\.0\.0\.1:1\/v1 did not answer/);
    expect(result.stderr).not.toContain('redis:');
  });
});
