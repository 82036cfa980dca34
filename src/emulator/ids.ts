// Identifiers in Houston's formats: cuid-like record ids, 32-character service-account keys
// (Houston tells them from JWTs by length and the absence of dots), JWT-shaped user tokens.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
let counter = 0;

function randomBase36(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE36[byte % 36];
  return out;
}

/** `c` + 24 lowercase base36 characters: time, a process counter, randomness (like cuid v1). */
export function newId(): string {
  const time = Date.now().toString(36).padStart(8, '0').slice(-8);
  counter = (counter + 1) % 36 ** 4;
  const count = counter.toString(36).padStart(4, '0');
  return `c${time}${count}${randomBase36(12)}`;
}

export const ID_PATTERN = /^c[0-9a-z]{24}$/;

/** Houston's service-account keys are 16 random bytes in hex: 32 characters, no dots. */
export function newApiKey(): string {
  return randomBytes(16).toString('hex');
}

/** The default admin key of an emulator: 32 random bytes, base64url. */
export function newAdminKey(): string {
  return randomBytes(32).toString('base64url');
}

export interface TokenPayload {
  uuid: string;
  iat: number;
  exp: number;
}

/**
 * A JWT-shaped user token. The emulator never verifies the signature: tokens are looked up in
 * the store, so the shape only matters to clients that peek at the payload.
 */
export function newUserToken(payload: TokenPayload): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.${randomBytes(32).toString('base64url')}`;
}

/** Salted SHA-256: the emulator holds test passwords only, so a slow KDF would just slow tests. */
export function hashPassword(password: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}:${createHash('sha256').update(`${salt}:${password}`).digest('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [salt] = stored.split(':');
  if (salt === undefined) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashPassword(password, salt));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
