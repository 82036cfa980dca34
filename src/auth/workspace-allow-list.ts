// Enforces a caller key's workspace allow-list. Each route says where its workspace comes from
// (`config.workspaceFrom`); a route that says nothing is platform-wide and refuses restricted keys.
// Runs as a preHandler: after the scope check and schema validation, before the handler (and so
// before the cache or the Houston operation itself).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hookWhen } from '../plugins/hook-when.js';
import { GatewayError } from '../errors.js';
import { getDeployment } from '../houston/operations/deployments.js';
import { listDeploymentServiceAccounts, listWorkspaceServiceAccounts } from '../houston/operations/service-accounts.js';
import type { Caller } from './caller.js';

/**
 * - `params`: the `workspaceId` path parameter
 * - `deployment`: the workspace owning the `deploymentId` path parameter (asked of Houston)
 * - `body`: the `workspaceId` body field
 * - `response`: the handler filters what it returns (lists)
 * - `none`: the route touches no workspace data
 */
export type WorkspaceSource = 'params' | 'deployment' | 'body' | 'response' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    workspaceFrom?: WorkspaceSource;
  }
}

/**
 * What a restricted key hears for a deployment or service account outside its allow-list, and
 * equally for one that does not exist: one answer, so a key cannot probe which ids exist elsewhere.
 */
export const NOT_VISIBLE_DETAIL = 'The resource does not exist, or this key may not see it';

function notVisible(): GatewayError {
  return new GatewayError('GW_UPSTREAM_NOT_FOUND', NOT_VISIBLE_DETAIL);
}

/**
 * Owner look-ups are remembered per caller key, for a minute, whether the deployment was found or
 * not. Shared or kept for good, a remembered owner would answer fast where a missing id waits for
 * Houston, and the timing would tell a restricted key which ids exist elsewhere. This way each key's
 * first look at an id asks Houston, and its repeats within the minute do not, whatever the id.
 */
const OWNER_MEMORY_SIZE = 10_000;
const OWNER_MEMORY_MS = 60_000;

export function mayActOn(caller: Caller | null, workspaceId: string): boolean {
  return !caller?.workspaces || caller.workspaces.includes(workspaceId);
}

/** For list routes (`workspaceFrom: 'response'`): what a restricted caller may see. */
export function withinAllowList<T>(caller: Caller | null, items: T[], workspaceOf: (item: T) => string): T[] {
  return caller?.workspaces ? items.filter((item) => mayActOn(caller, workspaceOf(item))) : items;
}

function field(source: unknown, name: string): string | undefined {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

async function workspaceAllowListPlugin(app: FastifyInstance) {
  /** `workspaceId` null: Houston knows no such deployment (or one without a workspace). */
  const owners = new Map<string, { workspaceId: string | null; at: number }>();

  function remember(memoryKey: string, workspaceId: string | null, at: number): void {
    owners.delete(memoryKey); // re-inserted last, so the oldest entry is always first
    if (owners.size >= OWNER_MEMORY_SIZE) owners.delete(owners.keys().next().value as string);
    owners.set(memoryKey, { workspaceId, at });
  }

  async function owningWorkspace(request: FastifyRequest, caller: Caller, deploymentId: string): Promise<string | null> {
    // By key, not by credential: another key's look-up must not make this key's answer faster.
    const memoryKey = `${caller.id}\u0000${deploymentId}`;
    const now = Date.now();
    const known = owners.get(memoryKey);
    if (known && now - known.at < OWNER_MEMORY_MS) return known.workspaceId;
    try {
      const { workspaceId } = await getDeployment(request.houston, deploymentId);
      remember(memoryKey, workspaceId || null, now);
      return workspaceId || null;
    } catch (error) {
      // Houston's own 404 (its message, its `upstream`) would differ from the allow-list's answer.
      if (error instanceof GatewayError && error.code === 'GW_UPSTREAM_NOT_FOUND') {
        remember(memoryKey, null, now);
        return null;
      }
      throw error;
    }
  }

  // Only a restricted key's request runs the async part; the rest pass without a promise.
  app.addHook('preHandler', hookWhen((request) => Boolean(request.caller?.workspaces), async (request) => {
    const caller = request.caller;
    if (!caller?.workspaces) return;
    const source = request.routeOptions.config.workspaceFrom;
    if (source === 'none' || source === 'response') return;
    let workspaceId: string | undefined;
    if (source === 'params') workspaceId = field(request.params, 'workspaceId');
    else if (source === 'body') workspaceId = field(request.body, 'workspaceId');
    else if (source === 'deployment') {
      const deploymentId = field(request.params, 'deploymentId');
      if (deploymentId !== undefined) workspaceId = (await owningWorkspace(request, caller, deploymentId)) ?? undefined;
      // A deployment of another workspace answers as one that does not exist (NOT_VISIBLE_DETAIL);
      // a workspace id the caller names itself (params, body) keeps 403: it reveals nothing.
      if (workspaceId === undefined || !mayActOn(caller, workspaceId)) throw notVisible();
    } else {
      throw new GatewayError('GW_AUTH_WORKSPACE', 'This route acts across workspaces; the caller key is limited to some');
    }
    if (workspaceId === undefined || !mayActOn(caller, workspaceId)) {
      throw new GatewayError('GW_AUTH_WORKSPACE', 'The caller key may not act on this workspace');
    }
    await ensureServiceAccountBelongs(request);
  }));

  // A service account is addressed under its workspace or deployment; for a restricted key the
  // gateway itself checks that it is really there, rather than trusting Houston to compare the two ids.
  async function ensureServiceAccountBelongs(request: FastifyRequest) {
    const serviceAccountId = field(request.params, 'serviceAccountId');
    if (serviceAccountId === undefined) return;
    const workspaceId = field(request.params, 'workspaceId');
    const deploymentId = field(request.params, 'deploymentId');
    const accounts = workspaceId !== undefined
      ? await listWorkspaceServiceAccounts(request.houston, workspaceId)
      : deploymentId !== undefined
        ? await listDeploymentServiceAccounts(request.houston, deploymentId)
        : [];
    if (!accounts.some((account) => account.id === serviceAccountId)) {
      throw notVisible();
    }
  }
}

export default fp(workspaceAllowListPlugin, { name: 'workspace-allow-list', fastify: '5.x', dependencies: ['auth', 'houston'] });
