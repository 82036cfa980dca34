// CallerKeys.recall: a key the store accepted less than freshForMs ago is known again without the
// secret's HMAC or a store look-up. What that skips must not matter: the store is asked again once
// the window has passed (so a revocation elsewhere reaches this instance), a revocation here is
// seen at once, and an expiry is checked on every request.
import { describe, expect, it } from 'vitest';
import { createCallerKeys } from '../../src/auth/caller-keys.js';
import { createMemoryKeyStore } from '../../src/auth/key-stores/memory.js';
import type { CallerKeyStore } from '../../src/auth/key-record.js';

function setUp() {
  let clock = Date.parse('2026-11-30T12:00:00Z');
  const inner = createMemoryKeyStore();
  let lookups = 0;
  const store: CallerKeyStore = { ...inner, findByHash: (hash) => ((lookups += 1), inner.findByHash(hash)) };
  const keys = createCallerKeys({ store, secret: 'recall-test-secret', now: () => new Date(clock), freshForMs: 1_000 });
  return { keys, inner, lookups: () => lookups, advance: (ms: number) => (clock += ms) };
}

describe('recall', () => {
  it('knows a key accepted within the window without asking the store, and asks again after it', async () => {
    const { keys, lookups, advance } = setUp();
    const { key, record } = await keys.create({ name: 'recall', scopes: ['workspaces:read'] });
    expect(keys.recall!(key)).toBeNull();
    expect(await keys.authenticate(key)).toMatchObject({ ok: true, caller: { id: record.id } });
    expect(lookups()).toBe(1);
    advance(999);
    expect(keys.recall!(key)).toMatchObject({ id: record.id });
    expect(await keys.authenticate(key)).toMatchObject({ ok: true });
    expect(lookups()).toBe(1);
    advance(1);
    expect(keys.recall!(key)).toBeNull();
    expect(await keys.authenticate(key)).toMatchObject({ ok: true });
    expect(lookups()).toBe(2);
  });

  it('never recalls another key, nor a key revoked here', async () => {
    const { keys } = setUp();
    const { key, record } = await keys.create({ name: 'recall', scopes: ['workspaces:read'] });
    await keys.authenticate(key);
    expect(keys.recall!(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    await keys.revoke(record.id);
    expect(keys.recall!(key)).toBeNull();
    expect(await keys.authenticate(key)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('sees a key revoked through another instance once the window has passed', async () => {
    const { keys, inner, advance } = setUp();
    const { key, record } = await keys.create({ name: 'recall', scopes: ['workspaces:read'] });
    await keys.authenticate(key);
    await inner.revoke(record.id, new Date().toISOString());
    advance(1_000);
    expect(await keys.authenticate(key)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('refuses a key whose expiry falls within the window', async () => {
    const { keys, advance } = setUp();
    const { key } = await keys.create({ name: 'recall', scopes: ['workspaces:read'], expiresAt: '2026-11-30T12:00:00.500Z' });
    expect(await keys.authenticate(key)).toMatchObject({ ok: true });
    advance(500);
    expect(keys.recall!(key)).toBeNull();
    expect(await keys.authenticate(key)).toMatchObject({ ok: false, reason: 'expired' });
  });
});
