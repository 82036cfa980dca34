// Deployment lifecycle: create (0.x createDeployment), upsert (create and update; from 1.0 the only
// way, with a cluster), update (0.x), delete.
import { clusterForNewDeployment } from '../clusters.js';
import { authorize, deploymentTarget, requirePrincipal, workspaceTarget, type EmulatorContext } from '../context.js';
import { asObject } from '../deployment-input.js';
import { createDeploymentRecord, deployImage, updateDeploymentRecord, type DeploymentArgs } from '../deployment-writes.js';
import * as errors from '../errors.js';
import type { DeploymentRecord } from '../model.js';

type Ctx = EmulatorContext;

/** Permission, then the workspace, then (from 1.0) the cluster: clusters.ts says why one is required. */
export function createIn(ctx: Ctx, workspaceId: string | null | undefined, args: DeploymentArgs): DeploymentRecord {
  authorize(ctx, 'workspace.deployments.create', workspaceTarget(workspaceId));
  if (!workspaceId) throw errors.missingArgument('workspaceUuid');
  if (!ctx.store.workspaces.has(workspaceId)) throw errors.notFound();
  const cluster = clusterForNewDeployment(ctx, args.clusterId);
  return createDeploymentRecord(ctx, workspaceId, args, cluster);
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

type UpsertArgs = DeploymentArgs & { deploymentUuid?: string | null; workspaceUuid?: string | null };

/**
 * 2.1's image deploy: `upsertDeployment(releaseName, image, runtimeVersion)` names the deployment by
 * its release name alone (FACTS §4.6), with Houston's message for an unknown one (astro-cli PR #2134).
 */
function deployImageByReleaseName(ctx: Ctx, releaseName: string, args: UpsertArgs): DeploymentRecord {
  requirePrincipal(ctx);
  const found = ctx.store.deploymentByReleaseName(releaseName);
  if (!found) throw errors.noDeploymentWithReleaseName(releaseName);
  const record = writableDeployment(ctx, found.id, 'deployment.update');
  return args.image ? deployImage(ctx, record, args.image, args) : updateDeploymentRecord(ctx, record, args);
}

/** Creates without deploymentUuid, updates with it; from 2.1 a release name alone deploys an image. */
function upsertDeployment(_: unknown, args: UpsertArgs, ctx: Ctx) {
  if (args.deploymentUuid) return updateDeploymentRecord(ctx, writableDeployment(ctx, args.deploymentUuid, 'deployment.update'), args);
  if (ctx.line.features.imageUpsert && !args.workspaceUuid && args.releaseName) return deployImageByReleaseName(ctx, args.releaseName, args);
  return createIn(ctx, args.workspaceUuid, args);
}

/** The 0.x update: label and description travel in `payload`; `""` cloudRole means unchanged. */
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
