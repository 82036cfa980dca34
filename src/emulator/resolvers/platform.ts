// Platform-level queries: version and feature flags, auth config, Runtime/Airflow catalogues,
// namespaces, and `self`. appConfig and authConfig answer without a token, as in Houston.
import {
  AIRFLOW_IMAGES,
  AIRFLOW_VERSIONS,
  EXECUTOR_SETTINGS,
  FEATURE_FLAGS,
  RUNTIME_RELEASES,
  SPARE_NAMESPACES,
} from '../catalog.js';
import { grantsOf, requirePrincipal, type EmulatorContext } from '../context.js';
import { isAllowed } from '../permissions.js';

type Ctx = EmulatorContext;

function appConfig(_: unknown, _args: unknown, ctx: Ctx) {
  return {
    version: ctx.config.platformVersion,
    baseDomain: ctx.config.baseDomain,
    byoUpdateRegistryHost: null,
    smtpConfigured: false,
    manualReleaseNames: FEATURE_FLAGS.manualReleaseNames,
    configureDagDeployment: FEATURE_FLAGS.configureDagDeployment,
    nfsMountDagDeployment: FEATURE_FLAGS.nfsMountDagDeployment,
    manualNamespaceNames: FEATURE_FLAGS.manualNamespaceNames,
    hardDeleteDeployment: FEATURE_FLAGS.hardDeleteDeployment,
    triggererEnabled: FEATURE_FLAGS.triggererEnabled,
    featureFlags: { ...FEATURE_FLAGS },
  };
}

/** Local (password) login only; no OAuth providers, open sign-up. */
function authConfig() {
  return { localEnabled: true, publicSignup: true, initialSignup: false, providers: [] };
}

function availableNamespaces(_: unknown, _args: unknown, ctx: Ctx) {
  requirePrincipal(ctx);
  const used = new Set([...ctx.store.deployments.values()].map((d) => d.namespace));
  return SPARE_NAMESPACES.filter((name) => !used.has(name)).map((name) => ({ name }));
}

function runtimeReleases(_: unknown, args: { airflowVersion?: string | null }, ctx: Ctx) {
  requirePrincipal(ctx);
  const airflow = args.airflowVersion;
  return airflow ? RUNTIME_RELEASES.filter((release) => release.airflowVersion === airflow) : RUNTIME_RELEASES;
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
