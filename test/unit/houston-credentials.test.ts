import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsError, loadHoustonCredentials, type CredentialSources } from '../../src/houston/credentials.js';

const ENV_KEY = 'env-houston-key-5d1c0ffee';
const PROD_KEY = 'prod-houston-key-8e2c0ffee';
const TEAM_KEY = 'team-houston-key-9f3c0ffee';

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hgw-credentials-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes `content` (a string as is, anything else as JSON) to a new file and returns its path. */
async function credentialsFile(content: unknown): Promise<string> {
  counter += 1;
  const path = join(dir, `credentials-${counter}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Loads credentials expecting a CredentialsError; checks that no secret is in anything it shows. */
async function failure(sources: CredentialSources, secrets: string[]): Promise<CredentialsError> {
  const error = await loadHoustonCredentials(sources).then(
    () => {
      throw new Error('expected a CredentialsError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CredentialsError);
  const credentialsError = error as CredentialsError;
  expect(credentialsError.problems.length).toBeGreaterThan(0);
  expect(credentialsError.message).toMatch(/^Invalid Houston credentials:\n/);
  for (const problem of credentialsError.problems) expect(credentialsError.message).toContain(`  - ${problem}`);
  const shown = [credentialsError.message, credentialsError.stack ?? '', inspect(credentialsError, { depth: 5 }), JSON.stringify(credentialsError)].join('\n');
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(shown).not.toContain(secret);
  return credentialsError;
}

describe('loadHoustonCredentials', () => {
  it('holds HOUSTON_API_KEY as the credential named default', async () => {
    const credentials = await loadHoustonCredentials({ apiKey: ENV_KEY, file: undefined });
    expect(credentials.get('default')).toBe(ENV_KEY);
    expect(credentials.has('default')).toBe(true);
    expect(credentials.has('prod')).toBe(false);
    expect(credentials.get('prod')).toBeUndefined();
  });

  it('holds nothing when neither source is given', async () => {
    const credentials = await loadHoustonCredentials({ apiKey: undefined, file: undefined });
    expect(credentials.has('default')).toBe(false);
    expect(credentials.get('default')).toBeUndefined();
  });

  it('holds every credential of the file by name, and no default unless the file names one', async () => {
    const file = await credentialsFile({ prod: { apiKey: PROD_KEY }, 'Team-a.ops_2': { apiKey: TEAM_KEY } });
    const credentials = await loadHoustonCredentials({ apiKey: undefined, file });
    expect(credentials.get('prod')).toBe(PROD_KEY);
    expect(credentials.get('Team-a.ops_2')).toBe(TEAM_KEY);
    expect(credentials.has('default')).toBe(false);
    expect(credentials.has('team-a.ops_2')).toBe(false); // names are case-sensitive

    const withDefault = await loadHoustonCredentials({ apiKey: undefined, file: await credentialsFile({ default: { apiKey: TEAM_KEY } }) });
    expect(withDefault.get('default')).toBe(TEAM_KEY);
  });

  it('holds both sources together', async () => {
    const file = await credentialsFile({ prod: { apiKey: PROD_KEY }, team: { apiKey: TEAM_KEY } });
    const credentials = await loadHoustonCredentials({ apiKey: ENV_KEY, file });
    expect(['default', 'prod', 'team'].map((name) => credentials.get(name))).toEqual([ENV_KEY, PROD_KEY, TEAM_KEY]);
  });

  it('refuses a file that names default when HOUSTON_API_KEY sets it too', async () => {
    const file = await credentialsFile({ default: { apiKey: PROD_KEY }, team: { apiKey: TEAM_KEY } });
    const error = await failure({ apiKey: ENV_KEY, file }, [ENV_KEY, PROD_KEY, TEAM_KEY]);
    expect(error.problems).toEqual([`HOUSTON_CREDENTIALS_FILE ${file}: "default" is also set by HOUSTON_API_KEY; keep one`]);
  });

  it('refuses a file that is not JSON, without quoting it', async () => {
    const file = await credentialsFile(`{ "prod": { "apiKey": "${PROD_KEY}" }, `);
    const error = await failure({ apiKey: undefined, file }, [PROD_KEY]);
    expect(error.problems).toEqual([`HOUSTON_CREDENTIALS_FILE ${file}: is not valid JSON`]);
  });

  it.each([
    { shape: 'an array', content: [{ apiKey: PROD_KEY }], where: '(root)' },
    { shape: 'null', content: null, where: '(root)' },
    { shape: 'a JSON string', content: JSON.stringify(PROD_KEY), where: '(root)' },
    { shape: 'a bare key by name', content: { prod: PROD_KEY }, where: 'prod' },
    { shape: 'a key that is a number', content: { prod: { apiKey: 12345 } }, where: 'prod.apiKey' },
    { shape: 'a missing apiKey', content: { prod: { key: PROD_KEY } }, where: 'prod' },
    { shape: 'an extra field', content: { prod: { apiKey: PROD_KEY, note: TEAM_KEY } }, where: 'prod' },
  ])('refuses a file holding $shape, naming where', async ({ content, where }) => {
    const file = await credentialsFile(content);
    const error = await failure({ apiKey: undefined, file }, [PROD_KEY, TEAM_KEY]);
    expect(error.problems.some((problem) => problem.startsWith(`HOUSTON_CREDENTIALS_FILE ${file}: ${where}: `))).toBe(true);
  });

  it.each(['bad name', '-leading-dash', '.hidden', 'a'.repeat(65), 'slash/name', ''])('refuses the credential name %j', async (name) => {
    const file = await credentialsFile({ fine: { apiKey: TEAM_KEY }, [name]: { apiKey: PROD_KEY } });
    const error = await failure({ apiKey: undefined, file }, [PROD_KEY, TEAM_KEY]);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/credential names are 1-64 characters/);
    expect(error.problems[0]!.startsWith(`HOUSTON_CREDENTIALS_FILE ${file}: ${JSON.stringify(name)}: `)).toBe(true);
  });

  it('accepts a name of exactly 64 characters', async () => {
    const name = `A${'b'.repeat(63)}`;
    const credentials = await loadHoustonCredentials({ apiKey: undefined, file: await credentialsFile({ [name]: { apiKey: PROD_KEY } }) });
    expect(credentials.get(name)).toBe(PROD_KEY);
  });

  it('refuses an empty apiKey and one with spaces, in the file and in HOUSTON_API_KEY', async () => {
    const spaced = 'spaced houston-key c0ffee';
    const file = await credentialsFile({ empty: { apiKey: '' }, spaced: { apiKey: spaced }, fine: { apiKey: PROD_KEY } });
    const error = await failure({ apiKey: undefined, file }, [spaced, 'houston-key', PROD_KEY]);
    expect(error.problems).toContain(`HOUSTON_CREDENTIALS_FILE ${file}: empty.apiKey: apiKey must not be empty`);
    expect(error.problems).toContain(`HOUSTON_CREDENTIALS_FILE ${file}: spaced.apiKey: apiKey must not contain spaces or line breaks`);
    expect(error.problems.join('\n')).not.toMatch(/fine/);

    expect((await failure({ apiKey: '', file: undefined }, [PROD_KEY])).problems).toEqual(['HOUSTON_API_KEY: apiKey must not be empty']);
    const multiline = `${ENV_KEY}\n${TEAM_KEY}`;
    expect((await failure({ apiKey: multiline, file: undefined }, [ENV_KEY, TEAM_KEY])).problems).toEqual([
      'HOUSTON_API_KEY: apiKey must not contain spaces or line breaks',
    ]);
  });

  it('refuses a file that cannot be read, giving the reason', async () => {
    const missing = join(dir, 'no-such-file.json');
    expect((await failure({ apiKey: undefined, file: missing }, [ENV_KEY])).problems).toEqual([
      `HOUSTON_CREDENTIALS_FILE ${missing}: cannot be read (ENOENT)`,
    ]);
    expect((await failure({ apiKey: undefined, file: dir }, [ENV_KEY])).problems).toEqual([`HOUSTON_CREDENTIALS_FILE ${dir}: cannot be read (EISDIR)`]);
  });

  it('lists the problems of both sources in one error', async () => {
    const file = await credentialsFile({ prod: { apiKey: '' }, team: { apiKey: TEAM_KEY } });
    const error = await failure({ apiKey: `${ENV_KEY} trailing`, file }, [ENV_KEY, TEAM_KEY]);
    expect(error.problems[0]).toBe('HOUSTON_API_KEY: apiKey must not contain spaces or line breaks');
    expect(error.problems).toContain(`HOUSTON_CREDENTIALS_FILE ${file}: prod.apiKey: apiKey must not be empty`);
    for (const problem of error.problems.slice(1)) expect(problem.startsWith(`HOUSTON_CREDENTIALS_FILE ${file}: prod.apiKey: `)).toBe(true);
  });
});
