// Talks to a running Houston emulator over real HTTP, the way the official client does
// (POST, JSON body with exactly `query` and `variables`, raw key in `authorization`).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { HoustonEmulator } from '../../src/emulator/api.js';

export const PERMISSION_DENIED = 'You do not have the appropriate permissions for that';
export const NOT_FOUND = 'The requested resource was not found';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The `data` of an answer. GraphQL answers are untyped JSON whose shape each test asserts, so
 * reading them stays loose here (one place) rather than casting at every property access.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GqlData = Record<string, any>;

export interface GqlBody {
  data?: GqlData | null;
  errors?: GraphQLErrorBody[];
}

export interface GqlResult {
  status: number;
  body: GqlBody;
}

export interface GqlOptions {
  /** Extra request headers; `authorization` is set from the key unless given here. */
  headers?: Record<string, string>;
}

type Endpoint = Pick<HoustonEmulator, 'url'>;

/** Sends one GraphQL request; `key` null sends no authorization header. */
export async function gql(
  emulator: Endpoint,
  key: string | null,
  query: string,
  variables: Record<string, unknown> | null = null,
  options: GqlOptions = {},
): Promise<GqlResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (key !== null) headers.authorization = key;
  Object.assign(headers, options.headers);
  const response = await fetch(emulator.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  let body: GqlBody;
  try {
    body = JSON.parse(text) as GqlBody;
  } catch {
    throw new Error(`emulator answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body };
}

/** A label no other test in the run will use. */
export function uniqueLabel(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh e-mail address for a user the emulator has not seen. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomUUID().slice(0, 8)}@example.com`;
}

/** The message of the first error, for readable assertion failures. */
export function firstError(result: GqlResult): GraphQLErrorBody | undefined {
  return result.body.errors?.[0];
}

/** Throws with the emulator's error text when a request that must succeed did not. */
export function dataOf(result: GqlResult): GqlData {
  if (result.status !== 200 || result.body.errors !== undefined || !result.body.data) {
    throw new Error(`expected a successful answer, got HTTP ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body.data;
}

/** The ids of a list from an answer, e.g. `idsOf(data.workspaces)`. */
export function idsOf(list: unknown): string[] {
  return (list as { id: string }[]).map((item) => item.id);
}

/**
 * Asserts Houston's Apollo-style field error: HTTP 200, `data: {field: null}`, and the first error
 * naming the field, with the given message (or code, for BAD_USER_INPUT's free-text messages).
 */
export function expectFieldError(result: GqlResult, field: string, expected: { message?: string | RegExp; code?: string }): void {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.data).toEqual({ [field]: null });
  const error = firstError(result);
  expect(error?.path).toEqual([field]);
  if (typeof expected.message === 'string') expect(error?.message).toBe(expected.message);
  if (expected.message instanceof RegExp) expect(error?.message).toMatch(expected.message);
  if (expected.code !== undefined) expect(error?.extensions?.code).toBe(expected.code);
}

/** Houston's permission error (FACTS §1.2.6). */
export function expectForbidden(result: GqlResult, field: string): void {
  expectFieldError(result, field, { message: PERMISSION_DENIED, code: 'FORBIDDEN' });
}

/** Houston's answer to a mutation on an id that does not exist. */
export function expectNotFound(result: GqlResult, field: string): void {
  expectFieldError(result, field, { message: NOT_FOUND });
}

/** The gateway's schema detection (introspection and the version query), not a resource call. */
const DETECTION = new Set(['IntrospectionQuery', 'PlatformVersion']);

/** Calls the emulator received, less the gateway's schema detection (which it repeats after outages). */
export function resourceCalls(emulator: HoustonEmulator): number {
  return emulator.calls.all.filter((call) => !DETECTION.has(call.operationName ?? '')).length;
}
