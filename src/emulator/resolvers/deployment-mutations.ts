// Deployment lifecycle: create (0.3x createDeployment), upsert (1.x), update, delete.
import { authorize, deploymentTarget, workspaceTarget, type EmulatorContext } from '../context.js';
import { asObject } from '../deployment-input.js';
import { createDeploymentRecord, updateDeploymentRecord, type DeploymentArgs } from '../deployment-writes.js';
import * as errors from '../errors.js';
import type { DeploymentRecord } from '../model.js';

type Ctx = EmulatorContext;

function createIn(ctx: Ctx, workspaceId: string | null | undefined, args: DeploymentArgs): DeploymentRecord {
  authorize(ctx, 'workspace.deployments.create', workspaceTarget(workspaceId));
  if (!workspaceId) throw errors.missingArgument('workspaceUuid');
  if (!ctx.store.workspaces.has(workspaceId)) throw errors.notFound();
  return createDeploymentRecord(ctx, workspaceId, args);
}

/** Permission first, then existence (a non-admin learns nothing about ids it cannot see). */
export function writableDeployment(ctx: Ctx, id: string | null | undefined, action: 'deployment.update' | 'deployment.delete') {
  authorize(ctx, action, deploymentTarget(ctx, id));
  const record = id ? ctx.store.deployments.get(id) : undefined;
  if (!record) throw errors.notFound();
  return record;
}

function createDeployment(_: unknown, args: DeploymentArgs & { workspaceUuid: string | null }, ctx: Ctx) {
  return createIn(ctx, args.workspaceUuid, args);
}

/**
 * Creates without deploymentUuid, updates with it. The 2.1 image-update form names the deployment
 * by releaseName alone (FACTS §4.6), so an existing release name without workspaceUuid updates too.
 */
function upsertDeployment(
  _: unknown,
  args: DeploymentArgs & { deploymentUuid?: string | null; workspaceUuid?: string | null },
  ctx: Ctx,
) {
  if (args.deploymentUuid) return updateDeploymentRecord(ctx, writableDeployment(ctx, args.deploymentUuid, 'deployment.update'), args);
  const byRelease = !args.workspaceUuid && args.releaseName ? ctx.store.deploymentByReleaseName(args.releaseName) : undefined;
  if (byRelease) return updateDeploymentRecord(ctx, writableDeployment(ctx, byRelease.id, 'deployment.update'), args);
  return createIn(ctx, args.workspaceUuid, args);
}

/** The 0.3x update: label and description travel in `payload`; `""` cloudRole means unchanged. */
function updateDeployment(_: unknown, args: DeploymentArgs & { deploymentUuid: string | null; payload?: unknown }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  const payload = asObject(args.payload, 'payload');
  const fromPayload: DeploymentArgs = {};
  if (payload.label !== undefined) fromPayload.label = typeof payload.label === 'string' ? payload.label : '';
  if (typeof payload.description === 'string' || payload.description === null) fromPayload.description = payload.description;
  return updateDeploymentRecord(ctx, record, { ...args, ...fromPayload });
}

/** Always a hard delete: `deploymentHardDelete` is accepted and ignored (the CLI always sends true). */
function deleteDeployment(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.delete');
  ctx.store.deleteDeployment(record.id);
  return record;
}

export const deploymentMutations = { createDeployment, upsertDeployment, updateDeployment, deleteDeployment };
