// Creating and updating deployment records from validated arguments (FACTS §3.3, §4.3, §4.6).
import { AIRFLOW_CHART_VERSION, AIRFLOW_VERSIONS, DAG_DEPLOYMENT_TYPES, runtimeRelease, type RuntimeRelease } from './catalog.js';
import { clusterOf, runtimeReleasesOn } from './clusters.js';
import type { EmulatorContext } from './context.js';
import {
  asObject,
  dagDeploymentFrom,
  DEFAULT_DAG_DEPLOYMENT,
  envVarsFrom,
  executorFrom,
  initialVersions,
  requireRuntimeVersion,
  tagOf,
  triggererReplicas,
  validLabel,
  type DagDeploymentInput,
  type EnvVarInput,
} from './deployment-input.js';
import { startRollout } from './deployment-state.js';
import * as errors from './errors.js';
import { newId } from './ids.js';
import type { ClusterRecord, DeploymentRecord, Executor } from './model.js';
import { CUSTOM_RELEASE_NAME_PATTERN, namespaceFor, uniqueReleaseName } from './release-names.js';

export interface DeploymentArgs {
  label?: string | null;
  description?: string | null;
  releaseName?: string | null;
  namespace?: string | null;
  executor?: Executor | null;
  config?: unknown;
  version?: string | null;
  airflowVersion?: string | null;
  runtimeVersion?: string | null;
  desiredRuntimeVersion?: string | null;
  clusterId?: string | null;
  cloudRole?: string | null;
  dagDeployment?: DagDeploymentInput | null;
  triggerer?: { replicas?: number | null; resources?: unknown } | null;
  workers?: Record<string, unknown> | null;
  webserver?: Record<string, unknown> | null;
  scheduler?: Record<string, unknown> | null;
  dagProcessor?: Record<string, unknown> | null;
  environmentVariables?: (EnvVarInput | null)[] | null;
  image?: string | null;
  mode?: string | null;
  properties?: unknown;
}

function assertLabelFree(ctx: EmulatorContext, workspaceId: string, label: string, exceptId?: string): void {
  const taken = ctx.store.deploymentsOf(workspaceId).some((d) => d.label === label && d.id !== exceptId);
  if (taken) throw errors.duplicateDeploymentLabel(label);
}

function releaseNameFor(ctx: EmulatorContext, wanted: string | null | undefined): string {
  const taken = (name: string) => ctx.store.deploymentByReleaseName(name) !== undefined;
  if (!wanted) return uniqueReleaseName(taken);
  if (!CUSTOM_RELEASE_NAME_PATTERN.test(wanted)) throw errors.badInput(`Invalid release name ${wanted}`);
  if (taken(wanted)) throw errors.duplicateReleaseName(wanted);
  return wanted;
}

function namespaceOf(ctx: EmulatorContext, wanted: string | null | undefined, releaseName: string): string {
  if (!wanted) return namespaceFor(releaseName);
  if (!CUSTOM_RELEASE_NAME_PATTERN.test(wanted)) throw errors.badInput(`Invalid namespace ${wanted}`);
  if ([...ctx.store.deployments.values()].some((d) => d.namespace === wanted)) {
    throw errors.badInput(`Namespace ${wanted} is already in use`);
  }
  return wanted;
}

/** Settings without their own field (component sizes, legacy config) are kept and shown in `config`. */
function componentsFrom(args: DeploymentArgs): Record<string, unknown> {
  const config = asObject(args.config, 'config');
  delete config.executor; // the executor has its own field
  const parts = { workers: args.workers, webserver: args.webserver, scheduler: args.scheduler, dagProcessor: args.dagProcessor };
  const given = Object.entries(parts).filter(([, value]) => value !== null && value !== undefined);
  if (args.triggerer?.resources !== undefined) given.push(['triggerer', { resources: args.triggerer.resources }]);
  return { ...config, ...Object.fromEntries(given) };
}

/** DAG-deployment types the line accepts: dag_deploy only from 0.34 (inferred, see schema/lines/0.34.ts). */
function dagTypes(ctx: EmulatorContext): readonly string[] {
  return ctx.line.features.dagOnlyDeploy ? DAG_DEPLOYMENT_TYPES : DAG_DEPLOYMENT_TYPES.filter((type) => type !== 'dag_deploy');
}

/** `cluster` is null on lines without clusters; from 1.0 the caller has checked it (clusters.ts). */
export function createDeploymentRecord(
  ctx: EmulatorContext,
  workspaceId: string,
  args: DeploymentArgs,
  cluster: ClusterRecord | null = null,
): DeploymentRecord {
  if (args.label === null || args.label === undefined) throw errors.missingArgument('label');
  const label = validLabel(args.label);
  assertLabelFree(ctx, workspaceId, label);
  const executor = executorFrom(args.executor, asObject(args.config, 'config')) ?? 'CeleryExecutor';
  const catalogue = { runtime: ctx.line.features.runtime, releases: runtimeReleasesOn(cluster) };
  const versions = initialVersions(args.runtimeVersion, args.airflowVersion, catalogue);
  const releaseName = releaseNameFor(ctx, args.releaseName);
  const record: DeploymentRecord = {
    id: newId(),
    workspaceId,
    type: 'airflow',
    label,
    description: args.description ?? null,
    releaseName,
    namespace: namespaceOf(ctx, args.namespace, releaseName),
    version: args.version || AIRFLOW_CHART_VERSION,
    airflowVersion: versions.airflowVersion,
    desiredAirflowVersion: versions.airflowVersion,
    runtimeVersion: versions.runtimeVersion,
    desiredRuntimeVersion: versions.runtimeVersion,
    clusterId: cluster?.id ?? null,
    executor,
    dagDeployment: dagDeploymentFrom(args.dagDeployment, dagTypes(ctx)) ?? { ...DEFAULT_DAG_DEPLOYMENT },
    triggererReplicas: triggererReplicas(args.triggerer?.replicas, 1),
    cloudRole: args.cloudRole || null,
    // Unverified: that a deployment created without a mode reports helm (2.1 shows `mode`).
    mode: args.mode ?? 'helm',
    image: args.image || null,
    deployCount: 0,
    currentTag: args.image ? tagOf(args.image) : null,
    components: componentsFrom(args),
    properties: asObject(args.properties, 'properties'),
    envVars: envVarsFrom(args.environmentVariables ?? [], []),
    deployingSince: ctx.now,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.deployments.set(record.id, record);
  return record;
}

function unchangeable(field: string, wanted: string | null | undefined, current: string): void {
  if (wanted && wanted !== current) throw errors.badInput(`The ${field} of a deployment cannot be changed`);
}

/** Applies every argument that was given; an update always rolls the deployment out again. */
export function updateDeploymentRecord(ctx: EmulatorContext, record: DeploymentRecord, args: DeploymentArgs): DeploymentRecord {
  unchangeable('release name', args.releaseName, record.releaseName);
  unchangeable('namespace', args.namespace, record.namespace);
  unchangeable('cluster', args.clusterId, record.clusterId ?? '');
  if (args.label !== null && args.label !== undefined) {
    const label = validLabel(args.label);
    assertLabelFree(ctx, record.workspaceId, label, record.id);
    record.label = label;
  }
  if (args.description !== undefined) record.description = args.description;
  record.executor = executorFrom(args.executor, asObject(args.config, 'config')) ?? record.executor;
  const desiredRuntime = args.desiredRuntimeVersion || args.runtimeVersion;
  if (desiredRuntime && desiredRuntime !== record.runtimeVersion) {
    record.desiredRuntimeVersion = requireRuntimeVersion(desiredRuntime, releasesFor(ctx, record));
  }
  if (args.cloudRole) record.cloudRole = args.cloudRole;
  record.dagDeployment = dagDeploymentFrom(args.dagDeployment, dagTypes(ctx)) ?? record.dagDeployment;
  record.triggererReplicas = triggererReplicas(args.triggerer?.replicas, record.triggererReplicas);
  record.components = { ...record.components, ...componentsFrom(args) };
  if (args.environmentVariables) record.envVars = envVarsFrom(args.environmentVariables, record.envVars);
  if (args.properties !== undefined && args.properties !== null) {
    record.properties = { ...record.properties, ...asObject(args.properties, 'properties') };
  }
  if (args.image) recordImage(record, args.image);
  if (args.mode) record.mode = args.mode;
  startRollout(record, ctx.now);
  return record;
}

export function recordImage(record: DeploymentRecord, image: string): void {
  record.image = image;
  record.deployCount += 1;
  record.currentTag = tagOf(image);
}

/** The Runtime releases on the deployment's cluster (the whole catalogue without clusters). */
export function releasesFor(ctx: EmulatorContext, record: DeploymentRecord): readonly RuntimeRelease[] {
  return runtimeReleasesOn(clusterOf(ctx, record.clusterId));
}

/**
 * An image deploy (updateDeploymentImage; 2.1 upsertDeployment by releaseName): the image and the
 * Runtime it was built on take effect at once, with a new rollout.
 */
export function deployImage(
  ctx: EmulatorContext,
  record: DeploymentRecord,
  image: string,
  versions: { runtimeVersion?: string | null; airflowVersion?: string | null },
): DeploymentRecord {
  if (versions.runtimeVersion) {
    record.runtimeVersion = requireRuntimeVersion(versions.runtimeVersion, releasesFor(ctx, record));
    record.desiredRuntimeVersion = record.runtimeVersion;
    record.airflowVersion = runtimeRelease(record.runtimeVersion)?.airflowVersion ?? record.airflowVersion;
  } else if (versions.airflowVersion && AIRFLOW_VERSIONS.includes(versions.airflowVersion)) {
    record.airflowVersion = versions.airflowVersion;
  }
  recordImage(record, image);
  startRollout(record, ctx.now);
  return record;
}
