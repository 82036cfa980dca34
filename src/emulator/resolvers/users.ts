// Login, sign-up and system-level user administration.
import { acceptInvites, createUserRecord, issueToken } from '../accounts.js';
import { authorize, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { verifyPassword } from '../ids.js';
import { roleScope, type Role, type UserRecord } from '../model.js';

type Ctx = EmulatorContext;

interface UserSearchInput {
  userId?: string | null;
  userUuid?: string | null;
  username?: string | null;
  email?: string | null;
  fullName?: string | null;
}

/** Exact matches, as the docs say; empty strings are no filter (the CLI sends them). */
export function matchesUserSearch(user: UserRecord, search: UserSearchInput | null | undefined): boolean {
  if (!search) return true;
  const id = search.userUuid || search.userId;
  if (id && user.id !== id) return false;
  if (search.username && user.username !== search.username) return false;
  if (search.fullName && user.fullName !== search.fullName) return false;
  const email = search.email?.trim().toLowerCase();
  return !email || user.emails.some((e) => e.address === email);
}

function createToken(_: unknown, args: { identity?: string | null; password: string; duration?: number | null }, ctx: Ctx) {
  const user = args.identity ? ctx.store.userByIdentity(args.identity.trim()) : undefined;
  if (!user) throw errors.notFound();
  if (!user.passwordHash) throw errors.credentialsNotFound();
  if (!verifyPassword(args.password, user.passwordHash)) throw errors.invalidCredentials();
  return { user, token: issueToken(ctx.store, user, ctx.now, args.duration) };
}

interface CreateUserArgs {
  email: string;
  password: string;
  username?: string | null;
  profile?: unknown;
  inviteToken?: string | null;
  duration?: number | null;
}

function fullNameOf(profile: unknown): string | null {
  if (typeof profile !== 'object' || profile === null || !('fullName' in profile)) return null;
  return typeof profile.fullName === 'string' ? profile.fullName : null;
}

function createUser(_: unknown, args: CreateUserArgs, ctx: Ctx) {
  const email = args.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw errors.badInput('Invalid email address');
  if (ctx.store.userByEmail(email) || (args.username && ctx.store.userByIdentity(args.username))) {
    throw errors.duplicateEmail();
  }
  if (args.inviteToken) {
    const invite = [...ctx.store.invites.values()].find((i) => i.token === args.inviteToken);
    if (!invite) throw errors.inviteTokenNotFound();
    if (invite.email !== email) throw errors.badInput('This email is not associated with the specified invite token');
  }
  const user = createUserRecord(
    ctx.store,
    { email, password: args.password, username: args.username, fullName: fullNameOf(args.profile) },
    ctx.now,
  );
  acceptInvites(ctx.store, user, ctx.now);
  return { user, token: issueToken(ctx.store, user, ctx.now, args.duration) };
}

function users(_: unknown, args: { user?: UserSearchInput | null }, ctx: Ctx) {
  authorize(ctx, 'system.read');
  return [...ctx.store.users.values()].filter((user) => matchesUserSearch(user, args.user));
}

function removeUser(_: unknown, args: { id: string }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  const user = ctx.store.users.get(args.id);
  if (!user) throw errors.notFound();
  ctx.store.deleteUser(user.id);
  return user;
}

function verifyEmail(_: unknown, args: { email: string }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  const user = ctx.store.userByEmail(args.email);
  if (!user) return false;
  for (const email of user.emails) email.verified = true;
  user.status = 'active';
  user.updatedAt = ctx.now;
  return true;
}

function createSystemRoleBinding(_: unknown, args: { userId: string; role: Role }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  if (roleScope(args.role) !== 'SYSTEM') throw errors.badInput('Invalid role');
  if (!ctx.store.users.has(args.userId)) throw errors.notFound();
  const existing = ctx.store.bindingsWhere((b) => b.userId === args.userId && b.role === args.role);
  if (existing.length > 0) throw errors.duplicateRoleBinding();
  return ctx.store.addBinding(args.role, { userId: args.userId }, {}, ctx.now);
}

function deleteSystemRoleBinding(_: unknown, args: { userId: string; role: Role }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  const binding = ctx.store.bindingsWhere((b) => b.userId === args.userId && b.role === args.role)[0];
  if (!binding || roleScope(binding.role) !== 'SYSTEM') throw errors.notFound();
  ctx.store.roleBindings.delete(binding.id);
  return binding;
}

export const userQueries = { users };
export const userMutations = {
  createToken,
  createUser,
  removeUser,
  verifyEmail,
  createSystemRoleBinding,
  deleteSystemRoleBinding,
};
