// Platform-level queries: version and feature flags, auth config, Runtime/Airflow catalogues,
// namespaces, and `self`. appConfig and authConfig answer without a token, as in Houston. From 1.0
// flags, namespaces and Runtime releases are per cluster (clusters.ts).
import { AIRFLOW_IMAGES, AIRFLOW_VERSIONS, EXECUTOR_SETTINGS, RUNTIME_RELEASES, SPARE_NAMESPACES } from '../catalog.js';
import { clusterOf, existingCluster, featureFlagsFor, runtimeReleasesOn } from '../clusters.js';
import { grantsOf, requirePrincipal, type EmulatorContext } from '../context.js';
import type { ClusterRecord } from '../model.js';
import { isAllowed } from '../permissions.js';

type Ctx = EmulatorContext;

interface AppConfigArgs {
  clusterId?: string | null;
  workspaceUuid?: string | null;
  deploymentUuid?: string | null;
}

/**
 * The cluster whose settings apply: the one named, else (2.0) the named deployment's, else none
 * (the platform's defaults; Houston has a "default cluster" for appConfig, VERSIONS §3). Unknown
 * cluster ids get the not-found error (a guess).
 */
function settingsCluster(ctx: Ctx, args: AppConfigArgs): ClusterRecord | null {
  if (args.clusterId) return existingCluster(ctx, args.clusterId);
  const deployment = args.deploymentUuid ? ctx.store.deployments.get(args.deploymentUuid) : undefined;
  return clusterOf(ctx, deployment?.clusterId);
}

/** Every field of every line; the line's schema decides which ones a client can select. */
function appConfig(_: unknown, args: AppConfigArgs, ctx: Ctx) {
  const flags = featureFlagsFor(ctx.line, settingsCluster(ctx, args));
  return {
    version: ctx.config.reportedVersion,
    baseDomain: ctx.config.baseDomain,
    byoUpdateRegistryHost: null,
    smtpConfigured: false,
    manualReleaseNames: flags.manualReleaseNames,
    configureDagDeployment: flags.configureDagDeployment,
    nfsMountDagDeployment: flags.nfsMountDagDeployment,
    manualNamespaceNames: flags.manualNamespaceNames,
    hardDeleteDeployment: flags.hardDeleteDeployment,
    triggererEnabled: flags.triggererEnabled,
    featureFlags: flags,
  };
}

/** Local (password) login only; no OAuth providers, open sign-up. */
function authConfig() {
  return { localEnabled: true, publicSignup: true, initialSignup: false, providers: [] };
}

function availableNamespaces(_: unknown, args: { clusterId?: string | null }, ctx: Ctx) {
  requirePrincipal(ctx);
  const offered = args.clusterId ? existingCluster(ctx, args.clusterId).namespaces : SPARE_NAMESPACES;
  const used = new Set([...ctx.store.deployments.values()].map((d) => d.namespace));
  return offered.filter((name) => !used.has(name)).map((name) => ({ name }));
}

/** Without a clusterId, the whole catalogue; before 1.0 the argument is accepted and ignored (0.29.ts). */
function runtimeReleases(_: unknown, args: { airflowVersion?: string | null; clusterId?: string | null }, ctx: Ctx) {
  requirePrincipal(ctx);
  const clusterId = ctx.line.features.clusters ? args.clusterId : null;
  const releases = runtimeReleasesOn(clusterId ? existingCluster(ctx, clusterId) : null);
  const airflow = args.airflowVersion;
  return airflow ? releases.filter((release) => release.airflowVersion === airflow) : releases;
}

function deploymentConfig(_: unknown, _args: unknown, ctx: Ctx) {
  requirePrincipal(ctx);
  const latest = AIRFLOW_IMAGES.at(-1);
  return {
    airflowImages: AIRFLOW_IMAGES,
    airflowVersions: AIRFLOW_VERSIONS,
    defaultAirflowImageTag: latest?.tag ?? null,
    defaultAirflowVersion: latest?.version ?? null,
    runtimeReleases: RUNTIME_RELEASES,
    executors: EXECUTOR_SETTINGS,
    singleNamespace: false,
    loggingEnabled: true,
  };
}

function self(_: unknown, _args: unknown, ctx: Ctx) {
  const principal = requirePrincipal(ctx);
  const grants = grantsOf(ctx.store, principal);
  return {
    user: principal.kind === 'user' ? principal.user : null,
    token: null,
    permissions: Object.fromEntries(grants.map((grant) => [grant.role, true])),
    isAdmin: isAllowed(grants, 'system.iam'),
  };
}

export const platformQueries = { appConfig, authConfig, availableNamespaces, runtimeReleases, deploymentConfig, self };
