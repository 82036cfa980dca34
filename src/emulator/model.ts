// Record types of the emulator's in-memory data. Field names follow the GraphQL fields
// where they coincide, so graphql-js's default resolvers can read them directly.

export const ROLES = [
  'SYSTEM_ADMIN',
  'SYSTEM_EDITOR',
  'SYSTEM_VIEWER',
  'WORKSPACE_ADMIN',
  'WORKSPACE_EDITOR',
  'WORKSPACE_VIEWER',
  'DEPLOYMENT_ADMIN',
  'DEPLOYMENT_EDITOR',
  'DEPLOYMENT_VIEWER',
] as const;
export type Role = (typeof ROLES)[number];

export type RoleScope = 'SYSTEM' | 'WORKSPACE' | 'DEPLOYMENT';

export function roleScope(role: Role): RoleScope {
  if (role.startsWith('SYSTEM_')) return 'SYSTEM';
  return role.startsWith('WORKSPACE_') ? 'WORKSPACE' : 'DEPLOYMENT';
}

export const EXECUTORS = ['CeleryExecutor', 'LocalExecutor', 'KubernetesExecutor'] as const;
export type Executor = (typeof EXECUTORS)[number];

export interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

export interface EmailRecord extends Timestamps {
  address: string;
  verified: boolean;
  primary: boolean;
}

export interface UserRecord extends Timestamps {
  id: string;
  username: string;
  fullName: string | null;
  /** `pending` until the email is verified; `active` otherwise. */
  status: 'active' | 'pending';
  emails: EmailRecord[];
  /** Salted hash; null for users who never set a local password (invited, OAuth). */
  passwordHash: string | null;
}

export interface TokenRecord {
  userId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface WorkspaceRecord extends Timestamps {
  id: string;
  label: string;
  description: string | null;
  active: boolean;
}

export interface DagDeploymentRecord {
  type: string;
  nfsLocation: string | null;
  repositoryUrl: string | null;
  branchName: string | null;
  rev: string | null;
  dagDirectoryLocation: string | null;
  syncInterval: number | null;
  syncTimeout: number | null;
  ephemeralStorage: number | null;
  /** Kept to honour the update, never returned: it is a private key. */
  sshKey: string | null;
  knownHosts: string | null;
}

export interface EnvVarRecord {
  key: string;
  value: string;
  isSecret: boolean;
}

export interface DeploymentRecord extends Timestamps {
  id: string;
  workspaceId: string;
  type: 'airflow';
  label: string;
  description: string | null;
  releaseName: string;
  namespace: string;
  /** Helm chart version. */
  version: string;
  airflowVersion: string | null;
  desiredAirflowVersion: string | null;
  runtimeVersion: string | null;
  desiredRuntimeVersion: string | null;
  /** From 1.0: the cluster it runs on; null on lines without clusters. */
  clusterId: string | null;
  executor: Executor;
  dagDeployment: DagDeploymentRecord;
  triggererReplicas: number;
  cloudRole: string | null;
  /** 2.1 `mode` (helm | operator); kept on every line, shown from 2.1. */
  mode: string | null;
  image: string | null;
  /** Number of image deploys so far; `deployInfo.nextCli` is `cli-<count + 1>`. */
  deployCount: number;
  currentTag: string | null;
  /** Component settings as given (workers, webserver, scheduler, triggerer, dagProcessor, config). */
  components: Record<string, unknown>;
  properties: Record<string, unknown>;
  envVars: EnvVarRecord[];
  /** When the last create/update started rolling out; status is DEPLOYING for `deployingMs` after it. */
  deployingSince: Date;
}

export interface RoleBindingRecord extends Timestamps {
  id: string;
  role: Role;
  userId: string | null;
  serviceAccountId: string | null;
  teamId: string | null;
  workspaceId: string | null;
  deploymentId: string | null;
}

export interface ServiceAccountRecord extends Timestamps {
  id: string;
  label: string;
  category: string;
  apiKey: string;
  entityType: RoleScope;
  /** Workspace or deployment id; null for system service accounts. */
  entityId: string | null;
  active: boolean;
  lastUsedAt: Date | null;
}

export interface InviteRecord extends Timestamps {
  id: string;
  email: string;
  role: Role;
  workspaceId: string;
  token: string;
  deploymentRoles: { deploymentId: string; role: Role }[];
}

export interface TeamRecord extends Timestamps {
  id: string;
  name: string;
  description: string | null;
  memberIds: string[];
}

export type ClusterStatus = 'ACTIVE' | 'INACTIVE';

/** A data-plane cluster (from 1.0). Which fields Houston has is a guess; see schema/lines/1.0.0.ts. */
export interface ClusterRecord extends Timestamps {
  id: string;
  name: string;
  baseDomain: string;
  k8sVersion: string;
  /** Shown from 2.0; an INACTIVE cluster takes no new deployments there. */
  status: ClusterStatus;
  statusReason: unknown;
  healthStatus: unknown;
  /** What availableNamespaces(clusterId) offers on this cluster (minus namespaces in use). */
  namespaces: string[];
  /** The Runtime versions this cluster offers, a subset of the catalogue. */
  runtimeVersions: string[];
  /** appConfig flags that differ on this cluster from the platform's. */
  flags: Record<string, boolean>;
}
