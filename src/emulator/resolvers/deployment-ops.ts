// Day-2 deployment operations: Airflow/Runtime upgrades, image updates, environment variables
// (logs are in logs.ts).
// Runtime versions are checked against what the deployment's cluster offers (from 1.0).
import { compareVersions } from '../catalog.js';
import { authorize, deploymentTarget, type EmulatorContext } from '../context.js';
import { envVarsFrom, requireAirflowVersion, requireRuntimeVersion, type EnvVarInput } from '../deployment-input.js';
import { maskEnvVars, startRollout } from '../deployment-state.js';
import { deployImage, releasesFor } from '../deployment-writes.js';
import * as errors from '../errors.js';
import { writableDeployment } from './deployment-mutations.js';

type Ctx = EmulatorContext;

function updateDeploymentAirflow(_: unknown, args: { deploymentUuid: string | null; desiredAirflowVersion: string }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  const desired = args.desiredAirflowVersion;
  if (desired === record.airflowVersion) {
    record.desiredAirflowVersion = desired; // the CLI cancels an upgrade by asking for the current version
    record.updatedAt = ctx.now;
    return record;
  }
  if (record.runtimeVersion) throw errors.badInput('Astro Runtime deployments are upgraded with updateDeploymentRuntime');
  record.desiredAirflowVersion = requireAirflowVersion(desired);
  startRollout(record, ctx.now);
  return record;
}

function updateDeploymentRuntime(_: unknown, args: { deploymentUuid: string | null; desiredRuntimeVersion: string }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  const desired = requireRuntimeVersion(args.desiredRuntimeVersion, releasesFor(ctx, record));
  if (record.runtimeVersion && compareVersions(desired, record.runtimeVersion) < 0) {
    throw errors.badInput(`Cannot downgrade the runtime version from ${record.runtimeVersion} to ${desired}`);
  }
  record.desiredRuntimeVersion = desired;
  startRollout(record, ctx.now);
  return record;
}

function cancelRuntimeUpdate(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  record.desiredRuntimeVersion = record.runtimeVersion;
  record.updatedAt = ctx.now;
  return record;
}

interface ImageArgs {
  releaseName: string;
  image: string;
  airflowVersion?: string | null;
  runtimeVersion?: string | null;
}

function updateDeploymentImage(_: unknown, args: ImageArgs, ctx: Ctx) {
  const found = ctx.store.deploymentByReleaseName(args.releaseName);
  const record = writableDeployment(ctx, found?.id, 'deployment.update');
  return deployImage(ctx, record, args.image, args);
}

function deploymentVariables(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentUuid));
  const record = args.deploymentUuid ? ctx.store.deployments.get(args.deploymentUuid) : undefined;
  return record ? maskEnvVars(record.envVars) : [];
}

interface VariablesArgs {
  deploymentUuid: string | null;
  releaseName?: string | null;
  environmentVariables?: (EnvVarInput | null)[] | null;
}

/** Replaces the whole list (variables left out are removed); answers it with secrets masked. */
function updateDeploymentVariables(_: unknown, args: VariablesArgs, ctx: Ctx) {
  const record = writableDeployment(ctx, args.deploymentUuid, 'deployment.update');
  if (args.releaseName && args.releaseName !== record.releaseName) throw errors.notFound();
  record.envVars = envVarsFrom(args.environmentVariables ?? [], record.envVars);
  startRollout(record, ctx.now);
  return maskEnvVars(record.envVars);
}

export const deploymentOpQueries = { deploymentVariables };
export const deploymentOpMutations = {
  updateDeploymentAirflow,
  updateDeploymentRuntime,
  cancelRuntimeUpdate,
  updateDeploymentImage,
  updateDeploymentVariables,
};
