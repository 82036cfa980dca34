// What every resolver receives, and the guards that turn Houston's rules into checks:
// authentication first, then the permission, then existence (FACTS; Houston's @auth directive).
import { forbidden } from './errors.js';
import type { ServiceAccountRecord, UserRecord } from './model.js';
import { isAllowed, type Action, type Grant, type Target } from './permissions.js';
import type { HoustonLine } from './schema/index.js';
import type { Store } from './store.js';

export interface EmulatorConfig {
  /** What `appConfig { version }` says: the line's version unless `reportedVersion` was given. */
  reportedVersion: string;
  baseDomain: string;
  deployingMs: number;
}

export type Principal =
  | { kind: 'user'; user: UserRecord }
  | { kind: 'serviceAccount'; serviceAccount: ServiceAccountRecord };

export interface EmulatorContext {
  store: Store;
  config: EmulatorConfig;
  /** The Houston line this emulator plays; resolvers read its behaviour switches here. */
  line: HoustonLine;
  principal: Principal | null;
  /** One clock reading per request, so every field of an answer agrees. */
  now: Date;
}

/** The principal's role bindings: a user's own and its teams'; a service account's one binding. */
export function grantsOf(store: Store, principal: Principal): Grant[] {
  if (principal.kind === 'serviceAccount') {
    const id = principal.serviceAccount.id;
    return store.bindingsWhere((b) => b.serviceAccountId === id);
  }
  const userId = principal.user.id;
  const teamIds = new Set([...store.teams.values()].filter((t) => t.memberIds.includes(userId)).map((t) => t.id));
  return store.bindingsWhere((b) => b.userId === userId || (b.teamId !== null && teamIds.has(b.teamId)));
}

export function requirePrincipal(ctx: EmulatorContext): Principal {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
}

export function can(ctx: EmulatorContext, action: Action, target: Target = {}): boolean {
  return ctx.principal !== null && isAllowed(grantsOf(ctx.store, ctx.principal), action, target);
}

export function authorize(ctx: EmulatorContext, action: Action, target: Target = {}): Principal {
  const principal = requirePrincipal(ctx);
  if (!isAllowed(grantsOf(ctx.store, principal), action, target)) throw forbidden();
  return principal;
}

export function workspaceTarget(workspaceId: string | null | undefined): Target {
  return { workspaceId: workspaceId ?? null };
}

/** A deployment target names the deployment's workspace, so workspace roles reach it. */
export function deploymentTarget(ctx: EmulatorContext, deploymentId: string | null | undefined): Target {
  const deployment = deploymentId ? ctx.store.deployments.get(deploymentId) : undefined;
  return { deploymentId: deploymentId ?? null, workspaceId: deployment?.workspaceId ?? null };
}
