import { describe, expect, it } from 'vitest';
import { ID_PATTERN, hashPassword, newApiKey, newId, verifyPassword } from '../../../src/emulator/ids.js';

describe('ids', () => {
  it('are cuid-like: c and 24 lower-case base36 characters, all distinct', () => {
    const ids = Array.from({ length: 1000 }, newId);
    for (const id of ids) expect(id).toMatch(ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('make service-account keys the way Houston tells them from JWTs: 32 characters, no dots', () => {
    const key = newApiKey();
    expect(key).toHaveLength(32);
    expect(key).not.toContain('.');
  });

  it('check passwords against their salted hash', () => {
    const stored = hashPassword('s3cret');
    expect(verifyPassword('s3cret', stored)).toBe(true);
    expect(verifyPassword('wrong', stored)).toBe(false);
    expect(hashPassword('s3cret')).not.toBe(stored);
  });
});
