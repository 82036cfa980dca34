// Static platform data the emulator serves: Runtime releases, Astronomer Certified images,
// feature flags. Synthetic but shaped like a Houston installation; per-line and per-cluster
// differences live in clusters.ts.

export interface RuntimeRelease {
  version: string;
  airflowVersion: string;
  airflowDatabaseMigrations: boolean;
  channel: string;
  releaseDate: string;
}

/** Oldest first: the last one is the newest (the default on create; the one the second cluster lacks). */
export const RUNTIME_RELEASES: readonly RuntimeRelease[] = [
  { version: '5.0.13', airflowVersion: '2.3.4', airflowDatabaseMigrations: false, channel: 'stable', releaseDate: '2023-02-01' },
  { version: '6.0.4', airflowVersion: '2.4.3', airflowDatabaseMigrations: true, channel: 'stable', releaseDate: '2022-11-21' },
  { version: '6.3.0', airflowVersion: '2.4.3', airflowDatabaseMigrations: false, channel: 'stable', releaseDate: '2023-03-01' },
  { version: '7.2.0', airflowVersion: '2.5.1', airflowDatabaseMigrations: true, channel: 'stable', releaseDate: '2023-01-26' },
  { version: '7.4.2', airflowVersion: '2.5.3', airflowDatabaseMigrations: false, channel: 'stable', releaseDate: '2023-04-19' },
  { version: '8.8.0', airflowVersion: '2.6.3', airflowDatabaseMigrations: true, channel: 'stable', releaseDate: '2023-07-20' },
  { version: '9.1.0', airflowVersion: '2.7.1', airflowDatabaseMigrations: true, channel: 'stable', releaseDate: '2023-09-07' },
  { version: '9.5.0', airflowVersion: '2.7.3', airflowDatabaseMigrations: false, channel: 'stable', releaseDate: '2023-11-08' },
  { version: '10.0.0', airflowVersion: '2.8.0', airflowDatabaseMigrations: true, channel: 'stable', releaseDate: '2023-12-18' },
  { version: '10.3.0', airflowVersion: '2.8.1', airflowDatabaseMigrations: false, channel: 'stable', releaseDate: '2024-02-12' },
];

export function runtimeRelease(version: string | null | undefined): RuntimeRelease | undefined {
  return RUNTIME_RELEASES.find((release) => release.version === version);
}

/** Astronomer Certified images, the pre-Runtime way (`airflowVersion` deployments). */
export const AIRFLOW_IMAGES: readonly { version: string; tag: string; channel: string }[] = [
  { version: '2.2.5', tag: '2.2.5-onbuild', channel: 'stable' },
  { version: '2.3.4', tag: '2.3.4-onbuild', channel: 'stable' },
  { version: '2.4.3', tag: '2.4.3-onbuild', channel: 'stable' },
];

export const AIRFLOW_VERSIONS: readonly string[] = AIRFLOW_IMAGES.map((image) => image.version);

/** What an Astronomer Certified deployment runs when no airflowVersion is given (lines before 0.29). */
export const DEFAULT_AIRFLOW_VERSION = '2.4.3';

/** The Airflow Helm chart version deployments report as `version`. */
export const AIRFLOW_CHART_VERSION = '1.10.0';

export const DAG_DEPLOYMENT_TYPES = ['image', 'volume', 'git_sync', 'dag_deploy'] as const;

/**
 * Feature flags as the CLI reads them (FACTS §6). Everything the emulator implements is on;
 * manual namespaces and BYO registries are off because the emulator has no cluster to list.
 */
export const FEATURE_FLAGS = {
  manualReleaseNames: true,
  configureDagDeployment: true,
  nfsMountDagDeployment: true,
  hardDeleteDeployment: true,
  manualNamespaceNames: false,
  namespaceFreeFormEntry: false,
  triggererEnabled: true,
  gitSyncDagDeployment: true,
  byoUpdateRegistryEnabled: false,
  astroRuntimeEnabled: true,
  dagOnlyDeployment: true,
  upsertDeploymentEnabled: true,
} as const;

/** Namespaces `availableNamespaces` offers (minus those in use). */
export const SPARE_NAMESPACES: readonly string[] = ['airflow-team-a', 'airflow-team-b', 'airflow-team-c'];

/** Environment variables Houston sets itself and refuses to let users override. */
export const RESERVED_ENV_KEYS: readonly string[] = [
  'AIRFLOW__CORE__EXECUTOR',
  'AIRFLOW__CORE__SQL_ALCHEMY_CONN',
  'AIRFLOW__CORE__LOAD_EXAMPLES',
  'AIRFLOW__CORE__FERNET_KEY',
  'AIRFLOW__WEBSERVER__BASE_URL',
  'AIRFLOW__CELERY__BROKER_URL',
  'AIRFLOW__CELERY__RESULT_BACKEND',
  'AIRFLOW__CELERY__DEFAULT_QUEUE',
  'AIRFLOW__KUBERNETES__NAMESPACE',
];

/** Compares dotted numeric versions; non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** What `deploymentConfig { executors }` describes. */
export const EXECUTOR_SETTINGS = [
  { name: 'CeleryExecutor', components: ['scheduler', 'webserver', 'workers', 'flower', 'redis', 'triggerer'] },
  { name: 'LocalExecutor', components: ['scheduler', 'webserver', 'triggerer'] },
  { name: 'KubernetesExecutor', components: ['scheduler', 'webserver', 'triggerer'] },
];
