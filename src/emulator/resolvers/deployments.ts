// Deployment queries: per workspace, across workspaces (paginated), one by id or release name.
import { authorize, can, deploymentTarget, requirePrincipal, workspaceTarget, type EmulatorContext } from '../context.js';
import type { DeploymentRecord } from '../model.js';
import { cursorPage, offsetPage } from '../paging.js';

type Ctx = EmulatorContext;

function workspaceDeployments(_: unknown, args: { workspaceUuid: string | null; releaseName?: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.read', workspaceTarget(args.workspaceUuid));
  if (!args.workspaceUuid) return [];
  return ctx.store.deploymentsOf(args.workspaceUuid).filter((d) => !args.releaseName || d.releaseName === args.releaseName);
}

function workspaceDeployment(_: unknown, args: { workspaceUuid: string | null; releaseName: string }, ctx: Ctx) {
  authorize(ctx, 'workspace.read', workspaceTarget(args.workspaceUuid));
  if (!args.workspaceUuid) return null;
  return ctx.store.deploymentsOf(args.workspaceUuid).find((d) => d.releaseName === args.releaseName) ?? null;
}

interface PageArgs {
  take?: number | null;
  name?: string | null;
  cursor?: string | null;
  pageNumber?: number | null;
  clusterId?: string | null;
}

/** Every deployment the caller may read, across workspaces; `take: -1` means all (FACTS §10.12). */
function paginatedDeployments(_: unknown, args: PageArgs, ctx: Ctx) {
  requirePrincipal(ctx);
  const name = args.name?.toLowerCase();
  const visible = [...ctx.store.deployments.values()].filter(
    (d) =>
      can(ctx, 'deployment.read', { deploymentId: d.id, workspaceId: d.workspaceId }) &&
      (!name || d.label.toLowerCase().includes(name) || d.releaseName.includes(name)) &&
      (!args.clusterId || d.clusterId === args.clusterId),
  );
  return args.cursor ? cursorPage(visible, args.cursor, args.take) : offsetPage(visible, args.take, args.pageNumber);
}

/** Unknown deployments are null for whoever may read everything, a permission error for anyone else. */
function deployment(_: unknown, args: { where: { id?: string | null; releaseName?: string | null } }, ctx: Ctx) {
  const { id, releaseName } = args.where;
  let record: DeploymentRecord | undefined;
  if (id) record = ctx.store.deployments.get(id);
  else if (releaseName) record = ctx.store.deploymentByReleaseName(releaseName);
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, record?.id ?? id));
  return record ?? null;
}

export const deploymentQueries = { workspaceDeployments, workspaceDeployment, paginatedDeployments, deployment };
