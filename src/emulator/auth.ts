// Who is calling: the `authorization` header holds a service-account key or a user token,
// raw or with a `Bearer ` prefix (Houston strips it). Anything unknown or expired is anonymous,
// and anonymous callers get Houston's permission error from every field that needs a user.
import type { Principal } from './context.js';
import type { Store } from './store.js';

export function credentialFrom(header: string | undefined): string | null {
  if (!header) return null;
  const value = header.trim().replace(/^bearer\s+/i, '').trim();
  return value === '' ? null : value;
}

export function resolvePrincipal(store: Store, header: string | undefined, now: Date): Principal | null {
  const credential = credentialFrom(header);
  if (credential === null) return null;
  const account = store.serviceAccountByKey(credential);
  if (account) {
    if (!account.active) return null;
    account.lastUsedAt = now;
    return { kind: 'serviceAccount', serviceAccount: account };
  }
  const token = store.tokens.get(credential);
  if (!token || token.expiresAt <= now) return null;
  const user = store.users.get(token.userId);
  return user ? { kind: 'user', user } : null;
}
