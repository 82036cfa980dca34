// The Houston credential vault: service-account keys by name, from HOUSTON_API_KEY (named
// `default`) and HOUSTON_CREDENTIALS_FILE, checked once at start. Keys never leave the server:
// nothing here formats a key into a message, and the vault has no way to list keys, only names.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export interface HoustonCredentials {
  /** The Houston key of a credential, read on every request (a test may add names later). */
  get(name: string): string | undefined;
  has(name: string): boolean;
}

export class CredentialsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Houston credentials:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'CredentialsError';
  }
}

export const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const HoustonKey = z
  .string()
  .min(1, 'apiKey must not be empty')
  .regex(/^\S*$/, 'apiKey must not contain spaces or line breaks');

const CredentialsFileSchema = z.record(z.string(), z.object({ apiKey: HoustonKey }).strict());

const NAME_RULE = 'credential names are 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit';

/** Bad names, checked apart from the values so every one is reported whatever else is wrong. */
function badNames(json: unknown): string[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return [];
  return Object.keys(json).filter((name) => !CREDENTIAL_NAME.test(name));
}

export interface CredentialSources {
  /** HOUSTON_API_KEY: the credential named `default`. */
  apiKey: string | undefined;
  /** HOUSTON_CREDENTIALS_FILE: `{ "<name>": { "apiKey": "..." } }`, e.g. a mounted Kubernetes Secret. */
  file: string | undefined;
}

export async function loadHoustonCredentials(sources: CredentialSources): Promise<HoustonCredentials> {
  const keys = new Map<string, string>();
  const problems: string[] = [];
  if (sources.apiKey !== undefined) {
    const checked = HoustonKey.safeParse(sources.apiKey);
    if (checked.success) keys.set('default', checked.data);
    else problems.push(`HOUSTON_API_KEY: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (sources.file !== undefined) {
    const where = `HOUSTON_CREDENTIALS_FILE ${sources.file}`;
    let text: string | undefined;
    try {
      text = await readFile(sources.file, 'utf8');
    } catch (error) {
      problems.push(`${where}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (text !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // JSON.parse quotes the text it choked on, which may be a key: report the fact only.
        problems.push(`${where}: is not valid JSON`);
      }
      if (json !== undefined) {
        for (const name of badNames(json)) problems.push(`${where}: ${JSON.stringify(name)}: ${NAME_RULE}`);
        const parsed = CredentialsFileSchema.safeParse(json);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            problems.push(`${where}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
          }
        } else {
          for (const [name, { apiKey }] of Object.entries(parsed.data)) {
            if (keys.has(name)) problems.push(`${where}: "${name}" is also set by HOUSTON_API_KEY; keep one`);
            else keys.set(name, apiKey);
          }
        }
      }
    }
  }
  if (problems.length > 0) throw new CredentialsError(problems);
  return keys;
}
