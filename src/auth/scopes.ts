// The permissions a caller key can hold. Each route names the one scope it needs.
export const SCOPES = [
  'workspaces:read',
  'workspaces:write',
  'deployments:read',
  'deployments:write',
  /** Point a deployment at a new image (CI/CD) without the rest of deployments:write. */
  'deployments:deploy',
  'deployments:logs',
  'users:read',
  'users:write',
  'service-accounts:read',
  'service-accounts:write',
  'teams:read',
  'teams:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** What a route asks of a caller: one scope, or only a valid key (`authenticated`). */
export type RouteScope = Scope | 'authenticated';

/** `admin` implies every other scope. */
export function grants(held: readonly Scope[], needed: RouteScope): boolean {
  return needed === 'authenticated' || held.includes('admin') || held.includes(needed);
}
