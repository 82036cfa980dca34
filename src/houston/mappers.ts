// Pure mappers from Houston's GraphQL shapes (as our documents select them) to REST resources.
import type { Deployment, EnvironmentVariable } from '../schemas/deployments.js';
import type { DeploymentUser } from '../schemas/deployment-users.js';
import type { Cluster } from '../schemas/clusters.js';
import type { Platform } from '../schemas/platform.js';
import type { CreatedServiceAccount, ServiceAccount } from '../schemas/service-accounts.js';
import type { User } from '../schemas/users.js';
import type { WorkspaceUser } from '../schemas/workspace-users.js';
import type { Workspace } from '../schemas/workspaces.js';

export type Maybe<T> = T | null | undefined;

export interface HoustonWorkspace {
  id: string;
  label?: Maybe<string>;
  description?: Maybe<string>;
  createdAt?: Maybe<string>;
  updatedAt?: Maybe<string>;
}

export interface HoustonDeployment {
  id: string;
  label?: Maybe<string>;
  description?: Maybe<string>;
  releaseName?: Maybe<string>;
  version?: Maybe<string>;
  executor?: Maybe<string>;
  status?: Maybe<string>;
  airflowVersion?: Maybe<string>;
  runtimeVersion?: Maybe<string>;
  desiredRuntimeVersion?: Maybe<string>;
  clusterId?: Maybe<string>;
  mode?: Maybe<string>;
  namespace?: Maybe<string>;
  triggerer?: Maybe<{ replicas?: Maybe<number> }>;
  dagDeployment?: Maybe<{ type?: Maybe<string> }>;
  workspace?: Maybe<{ id: string }>;
  urls?: Maybe<Maybe<{ type?: Maybe<string>; url?: Maybe<string> }>[]>;
  createdAt?: Maybe<string>;
  updatedAt?: Maybe<string>;
}

export interface HoustonCluster {
  id: string;
  name?: Maybe<string>;
  status?: Maybe<string>;
  createdAt?: Maybe<string>;
  updatedAt?: Maybe<string>;
}

export interface HoustonRoleBinding {
  id?: Maybe<string>;
  role?: Maybe<string>;
  workspace?: Maybe<{ id: string }>;
  deployment?: Maybe<{ id: string }>;
  user?: Maybe<{ id: string }>;
}

export interface HoustonUser {
  id: string;
  username?: Maybe<string>;
  fullName?: Maybe<string>;
  status?: Maybe<string>;
  emails?: Maybe<Maybe<{ address?: Maybe<string> }>[]>;
  createdAt?: Maybe<string>;
  roleBindings?: Maybe<Maybe<HoustonRoleBinding>[]>;
}

export interface HoustonServiceAccount {
  id: string;
  label?: Maybe<string>;
  category?: Maybe<string>;
  active?: Maybe<boolean>;
  lastUsedAt?: Maybe<string>;
  createdAt?: Maybe<string>;
  updatedAt?: Maybe<string>;
  apiKey?: Maybe<string>;
}

export interface HoustonEnvironmentVariable {
  key?: Maybe<string>;
  value?: Maybe<string>;
  isSecret?: Maybe<boolean>;
}

export interface HoustonAppConfig {
  version?: Maybe<string>;
  baseDomain?: Maybe<string>;
  featureFlags?: Maybe<Record<string, unknown>>;
  [flag: string]: unknown;
}

/** Houston's DateTime may arrive as an ISO string or epoch milliseconds; REST always says ISO. */
export function toIsoTimestamp(value: Maybe<string | number>): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function compact<T>(list: Maybe<Maybe<T>[]>): T[] {
  return (list ?? []).filter((item): item is T => item !== null && item !== undefined);
}

export function toWorkspace(raw: HoustonWorkspace): Workspace {
  return {
    id: raw.id,
    label: raw.label ?? '',
    description: raw.description ?? null,
    createdAt: toIsoTimestamp(raw.createdAt),
    updatedAt: toIsoTimestamp(raw.updatedAt),
  };
}

export function toDeployment(raw: HoustonDeployment): Deployment {
  return {
    id: raw.id,
    label: raw.label ?? '',
    description: raw.description ?? null,
    releaseName: raw.releaseName ?? '',
    workspaceId: raw.workspace?.id ?? null,
    executor: raw.executor ?? null,
    status: raw.status ?? null,
    runtimeVersion: raw.runtimeVersion || null,
    airflowVersion: raw.airflowVersion || null,
    desiredRuntimeVersion: raw.desiredRuntimeVersion || null,
    clusterId: raw.clusterId || null,
    mode: raw.mode || null,
    namespace: raw.namespace || null,
    triggererReplicas: raw.triggerer?.replicas ?? null,
    dagDeployment: raw.dagDeployment?.type ? { type: raw.dagDeployment.type } : null,
    version: raw.version ?? null,
    urls: compact(raw.urls).flatMap((u) => (u.type && u.url ? [{ type: u.type, url: u.url }] : [])),
    createdAt: toIsoTimestamp(raw.createdAt),
    updatedAt: toIsoTimestamp(raw.updatedAt),
  };
}

export function toCluster(raw: HoustonCluster): Cluster {
  return {
    id: raw.id,
    name: raw.name ?? null,
    status: raw.status ?? null,
    createdAt: toIsoTimestamp(raw.createdAt),
    updatedAt: toIsoTimestamp(raw.updatedAt),
  };
}

export function toUser(raw: HoustonUser): User {
  return {
    id: raw.id,
    username: raw.username ?? null,
    fullName: raw.fullName ?? null,
    status: raw.status ?? null,
    emails: compact(raw.emails).flatMap((e) => (e.address ? [e.address] : [])),
    createdAt: toIsoTimestamp(raw.createdAt),
  };
}

function roleOn<R extends string>(raw: HoustonUser, match: (b: HoustonRoleBinding) => boolean, prefix: string): R | null {
  const binding = compact(raw.roleBindings).find((b) => match(b) && b.role?.startsWith(prefix));
  return (binding?.role as R | undefined) ?? null;
}

export function toWorkspaceUser(raw: HoustonUser, workspaceId: string): WorkspaceUser {
  const role = roleOn<NonNullable<WorkspaceUser['role']>>(raw, (b) => b.workspace?.id === workspaceId, 'WORKSPACE_');
  return { ...toUser(raw), role };
}

export function toDeploymentUser(raw: HoustonUser, deploymentId: string): DeploymentUser {
  const role = roleOn<NonNullable<DeploymentUser['role']>>(raw, (b) => b.deployment?.id === deploymentId, 'DEPLOYMENT_');
  return { ...toUser(raw), role };
}

export function toServiceAccount(raw: HoustonServiceAccount): ServiceAccount {
  return {
    id: raw.id,
    label: raw.label ?? '',
    category: raw.category ?? null,
    active: raw.active ?? null,
    lastUsedAt: toIsoTimestamp(raw.lastUsedAt),
    createdAt: toIsoTimestamp(raw.createdAt),
    updatedAt: toIsoTimestamp(raw.updatedAt),
  };
}

export function toCreatedServiceAccount(raw: HoustonServiceAccount): CreatedServiceAccount {
  return { ...toServiceAccount(raw), apiKey: raw.apiKey ?? '' };
}

/** Secret values are dropped here even if a Houston version were to return them. */
export function toEnvironmentVariable(raw: HoustonEnvironmentVariable): EnvironmentVariable {
  const isSecret = raw.isSecret === true;
  return { key: raw.key ?? '', value: isSecret ? null : (raw.value ?? ''), isSecret };
}

const TOP_LEVEL_FLAGS = [
  'smtpConfigured',
  'manualReleaseNames',
  'configureDagDeployment',
  'nfsMountDagDeployment',
  'manualNamespaceNames',
  'hardDeleteDeployment',
  'triggererEnabled',
] as const;

/** What appConfig says; the route adds what the gateway learned of the schema. */
export type PlatformConfig = Pick<Platform, 'version' | 'baseDomain' | 'features'>;

export function toPlatform(raw: HoustonAppConfig): PlatformConfig {
  const features: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(raw.featureFlags ?? {})) {
    if (typeof value === 'boolean') features[name] = value;
  }
  // Older platforms report these only at top level; featureFlags wins where both exist.
  for (const name of TOP_LEVEL_FLAGS) {
    const value = raw[name];
    if (typeof value === 'boolean' && !(name in features)) features[name] = value;
  }
  return { version: raw.version ?? null, baseDomain: raw.baseDomain ?? null, features };
}
