// Validation and normalisation of deployment arguments, shared by createDeployment,
// upsertDeployment and updateDeployment. Errors are Houston's BAD_USER_INPUT-style messages.
import {
  AIRFLOW_VERSIONS,
  DAG_DEPLOYMENT_TYPES,
  DEFAULT_AIRFLOW_VERSION,
  RESERVED_ENV_KEYS,
  RUNTIME_RELEASES,
  type RuntimeRelease,
} from './catalog.js';
import * as errors from './errors.js';
import { EXECUTORS, type DagDeploymentRecord, type EnvVarRecord, type Executor } from './model.js';

export interface DagDeploymentInput {
  type?: string | null;
  nfsLocation?: string | null;
  repositoryUrl?: string | null;
  branchName?: string | null;
  rev?: string | null;
  dagDirectoryLocation?: string | null;
  syncInterval?: number | null;
  syncTimeout?: number | null;
  ephemeralStorage?: number | null;
  sshKey?: string | null;
  knownHosts?: string | null;
}

export interface EnvVarInput {
  key: string;
  value?: string | null;
  isSecret?: boolean | null;
}

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.badInput(`${what} must be a JSON object`);
  return { ...value };
}

export function validLabel(label: unknown): string {
  if (typeof label !== 'string' || label.trim() === '') throw errors.badInput('Deployment label must be a non-empty string');
  return label.trim();
}

/** The executor argument wins over the legacy `config: {executor}` form of the 0.34 docs. */
export function executorFrom(executor: Executor | null | undefined, config: Record<string, unknown>): Executor | undefined {
  if (executor) return executor;
  const legacy = config.executor;
  if (legacy === undefined || legacy === null) return undefined;
  const found = EXECUTORS.find((name) => name === legacy);
  if (!found) throw errors.badInput(`Invalid executor ${JSON.stringify(legacy)}; expected one of ${EXECUTORS.join(', ')}`);
  return found;
}

export interface Versions {
  runtimeVersion: string | null;
  airflowVersion: string | null;
}

/** `releases` is what the deployment's cluster offers (FACTS: runtimeReleases per cluster from 1.0). */
export function requireRuntimeVersion(version: string, releases: readonly RuntimeRelease[] = RUNTIME_RELEASES): string {
  if (!releases.some((release) => release.version === version)) throw errors.badInput(`Invalid runtime version ${version}`);
  return version;
}

export function requireAirflowVersion(version: string): string {
  if (!AIRFLOW_VERSIONS.includes(version)) throw errors.badInput(`Invalid Airflow version ${version}`);
  return version;
}

/** What a new deployment may run: whether the line has Runtime at all, and the releases on offer. */
export interface RuntimeCatalogue {
  runtime: boolean;
  releases: readonly RuntimeRelease[];
}

const FULL_CATALOGUE: RuntimeCatalogue = { runtime: true, releases: RUNTIME_RELEASES };

/**
 * Runtime unless only an Astronomer Certified `airflowVersion` is given; the default is the newest
 * Runtime on offer. Lines without Runtime (before 0.29) make Astronomer Certified deployments only.
 */
export function initialVersions(
  runtimeVersion?: string | null,
  airflowVersion?: string | null,
  catalogue: RuntimeCatalogue = FULL_CATALOGUE,
): Versions {
  if (!catalogue.runtime) return { runtimeVersion: null, airflowVersion: requireAirflowVersion(airflowVersion || DEFAULT_AIRFLOW_VERSION) };
  if (!runtimeVersion && airflowVersion) return { runtimeVersion: null, airflowVersion: requireAirflowVersion(airflowVersion) };
  const newest = catalogue.releases.at(-1)?.version ?? '';
  const runtime = requireRuntimeVersion(runtimeVersion || newest, catalogue.releases);
  return { runtimeVersion: runtime, airflowVersion: catalogue.releases.find((r) => r.version === runtime)?.airflowVersion ?? null };
}

export function triggererReplicas(replicas: number | null | undefined, fallback: number): number {
  if (replicas === null || replicas === undefined) return fallback;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 2) {
    throw errors.badInput('Triggerer replicas must be between 0 and 2');
  }
  return replicas;
}

export const DEFAULT_DAG_DEPLOYMENT: DagDeploymentRecord = {
  type: 'image',
  nfsLocation: null,
  repositoryUrl: null,
  branchName: null,
  rev: null,
  dagDirectoryLocation: null,
  syncInterval: null,
  syncTimeout: null,
  ephemeralStorage: null,
  sshKey: null,
  knownHosts: null,
};

/**
 * `{}` (what the CLI sends when no type is chosen) means "no change"; empty strings mean unset.
 * `known` is what the line accepts (dag_deploy from 0.34).
 */
export function dagDeploymentFrom(
  input: DagDeploymentInput | null | undefined,
  known: readonly string[] = DAG_DEPLOYMENT_TYPES,
): DagDeploymentRecord | undefined {
  if (!input?.type) return undefined;
  if (!known.includes(input.type)) {
    throw errors.badInput(`Invalid DAG deployment type ${input.type}; expected one of ${known.join(', ')}`);
  }
  const text = (value: string | null | undefined): string | null => (value ? value : null);
  const nfs = text(input.nfsLocation);
  return {
    type: input.type,
    nfsLocation: nfs && !nfs.startsWith('nfs://') ? `nfs://${nfs}` : nfs,
    repositoryUrl: text(input.repositoryUrl),
    branchName: text(input.branchName),
    rev: text(input.rev),
    dagDirectoryLocation: text(input.dagDirectoryLocation),
    syncInterval: input.syncInterval ?? (input.type === 'git_sync' ? 60 : null),
    syncTimeout: input.syncTimeout ?? null,
    ephemeralStorage: input.ephemeralStorage ?? null,
    sshKey: text(input.sshKey),
    knownHosts: text(input.knownHosts),
  };
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The new full list of variables. A secret sent back without a value keeps its stored value,
 * because clients never see secret values and cannot echo them.
 */
export function envVarsFrom(inputs: readonly (EnvVarInput | null)[], previous: readonly EnvVarRecord[]): EnvVarRecord[] {
  const result: EnvVarRecord[] = [];
  for (const input of inputs) {
    if (!input) continue;
    const key = input.key.trim();
    if (!ENV_KEY.test(key)) throw errors.badInput(`Invalid environment variable key: ${JSON.stringify(input.key)}`);
    if (result.some((v) => v.key === key)) throw errors.badInput(`Duplicate environment variable key: ${key}`);
    const isSecret = input.isSecret ?? false;
    const kept = previous.find((v) => v.key === key && v.isSecret);
    const value = isSecret && !input.value && kept ? kept.value : (input.value ?? '');
    result.push({ key, value, isSecret });
  }
  const reserved = result.map((v) => v.key.toUpperCase()).filter((key) => RESERVED_ENV_KEYS.includes(key));
  if (reserved.length > 0) throw errors.reservedEnvVars(reserved);
  return result;
}

/** Image tags become `deployInfo.current`; an image without a tag counts as `latest`. */
export function tagOf(image: string): string {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
}
