// User accounts: creation, login tokens, and turning pending invites into role bindings.
// Shared by the auth resolvers, workspaceAddUser (bypassInvite) and the seeders.
import { hashPassword, newId, newUserToken } from './ids.js';
import type { UserRecord } from './model.js';
import type { Store } from './store.js';

export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface NewUser {
  email: string;
  password?: string | null;
  username?: string | null;
  fullName?: string | null;
  status?: UserRecord['status'];
}

export function createUserRecord(store: Store, input: NewUser, now: Date): UserRecord {
  const address = input.email.trim().toLowerCase();
  const user: UserRecord = {
    id: newId(),
    username: input.username?.trim() || address,
    fullName: input.fullName ?? null,
    status: input.status ?? 'active',
    emails: [{ address, verified: input.status !== 'pending', primary: true, createdAt: now, updatedAt: now }],
    passwordHash: input.password ? hashPassword(input.password) : null,
    createdAt: now,
    updatedAt: now,
  };
  store.users.set(user.id, user);
  return user;
}

export interface IssuedToken {
  value: string;
  payload: { id: string; uuid: string; iat: number; exp: number };
}

/** `duration` is in days, as Houston's createToken argument. */
export function issueToken(store: Store, user: UserRecord, now: Date, durationDays?: number | null): IssuedToken {
  const ttl = durationDays && durationDays > 0 ? durationDays * 24 * 60 * 60 * 1000 : TOKEN_TTL_MS;
  const expiresAt = new Date(now.getTime() + ttl);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const value = newUserToken({ uuid: user.id, iat, exp });
  store.tokens.set(value, { userId: user.id, issuedAt: now, expiresAt });
  return { value, payload: { id: user.id, uuid: user.id, iat, exp } };
}

/** A new user inherits the workspace (and deployment) roles they were invited to. */
export function acceptInvites(store: Store, user: UserRecord, now: Date): void {
  const addresses = new Set(user.emails.map((email) => email.address));
  for (const invite of [...store.invites.values()]) {
    if (!addresses.has(invite.email)) continue;
    store.invites.delete(invite.id);
    if (!store.workspaces.has(invite.workspaceId)) continue;
    store.addBinding(invite.role, { userId: user.id }, { workspaceId: invite.workspaceId }, now);
    for (const grant of invite.deploymentRoles) {
      if (store.deployments.has(grant.deploymentId)) {
        store.addBinding(grant.role, { userId: user.id }, { deploymentId: grant.deploymentId }, now);
      }
    }
  }
}
