// 2.1: adopting a deployment an Airflow operator already runs (its custom resource), and letting
// it go again (FACTS §3.3). Houston's behaviour beyond the arguments is not published, so this is a
// guess: adopt records an operator-mode deployment named after the CR in its namespace; unadopt
// removes the record (the CR keeps running outside Houston) and answers it.
import { clusterForNewDeployment } from '../clusters.js';
import { authorize, workspaceTarget, type EmulatorContext } from '../context.js';
import { createDeploymentRecord } from '../deployment-writes.js';
import * as errors from '../errors.js';
import { writableDeployment } from './deployment-mutations.js';

type Ctx = EmulatorContext;

interface AdoptArgs {
  workspaceUuid: string | null;
  clusterId: string | null;
  crNamespace: string;
  crName: string;
  label?: string | null;
  description?: string | null;
}

function adoptDeployment(_: unknown, args: AdoptArgs, ctx: Ctx) {
  authorize(ctx, 'workspace.deployments.create', workspaceTarget(args.workspaceUuid));
  if (!args.workspaceUuid) throw errors.missingArgument('workspaceUuid');
  if (!ctx.store.workspaces.has(args.workspaceUuid)) throw errors.notFound();
  const cluster = clusterForNewDeployment(ctx, args.clusterId);
  const fromCr = { releaseName: args.crName, namespace: args.crNamespace, mode: 'operator' };
  return createDeploymentRecord(ctx, args.workspaceUuid, { ...fromCr, label: args.label || args.crName, description: args.description ?? null }, cluster);
}

function unadoptDeployment(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  if (record.mode !== 'operator') throw errors.badInput('Only an adopted (operator-mode) deployment can be unadopted');
  ctx.store.deleteDeployment(record.id);
  return record;
}

export const adoptionMutations = { adoptDeployment, unadoptDeployment };
