// Field resolvers of the object types: relations and derived fields. Plain fields fall through
// to graphql-js's default resolver, which reads the record property of the same name.
import { runtimeRelease } from '../catalog.js';
import { clusterOf } from '../clusters.js';
import type { EmulatorContext } from '../context.js';
import { deploymentUrls, isDeploying, maskEnvVars } from '../deployment-state.js';
import type { DeploymentRecord, InviteRecord, RoleBindingRecord, TeamRecord, UserRecord, WorkspaceRecord } from '../model.js';
import { serviceAccountView, type ServiceAccountView } from '../views.js';

type Ctx = EmulatorContext;

function usersBoundTo(ctx: Ctx, match: (b: RoleBindingRecord) => boolean): UserRecord[] {
  const ids = new Set(ctx.store.bindingsWhere((b) => b.userId !== null && match(b)).map((b) => b.userId));
  return [...ctx.store.users.values()].filter((user) => ids.has(user.id));
}

export { usersBoundTo };

const Deployment = {
  uuid: (d: DeploymentRecord) => d.id,
  status: (d: DeploymentRecord, _: unknown, ctx: Ctx) =>
    isDeploying(d, ctx.now, ctx.config.deployingMs) ? 'DEPLOYING' : 'HEALTHY',
  workspace: (d: DeploymentRecord, _: unknown, ctx: Ctx) => ctx.store.workspaces.get(d.workspaceId) ?? null,
  runtimeAirflowVersion: (d: DeploymentRecord) => runtimeRelease(d.runtimeVersion)?.airflowVersion ?? null,
  deployInfo: (d: DeploymentRecord) => ({ nextCli: `cli-${d.deployCount + 1}`, current: d.currentTag }),
  urls: (d: DeploymentRecord, _: unknown, ctx: Ctx) =>
    deploymentUrls(d, clusterOf(ctx, d.clusterId)?.baseDomain ?? ctx.config.baseDomain, ctx.line.features),
  dagDeployment: (d: DeploymentRecord) => ({ ...d.dagDeployment, sshKey: null }),
  triggerer: (d: DeploymentRecord) => ({ replicas: d.triggererReplicas }),
  config: (d: DeploymentRecord) => ({ executor: d.executor, ...d.components }),
  environmentVariables: (d: DeploymentRecord) => maskEnvVars(d.envVars),
  upsertedEnvironmentVariables: (d: DeploymentRecord) => maskEnvVars(d.envVars),
  roleBindings: (d: DeploymentRecord, _: unknown, ctx: Ctx) => ctx.store.bindingsWhere((b) => b.deploymentId === d.id),
  serviceAccounts: (d: DeploymentRecord, _: unknown, ctx: Ctx) =>
    ctx.store.serviceAccountsOf(d.id).map((account) => serviceAccountView(account)),
};

const Workspace = {
  uuid: (w: WorkspaceRecord) => w.id,
  users: (w: WorkspaceRecord, _: unknown, ctx: Ctx) => usersBoundTo(ctx, (b) => b.workspaceId === w.id),
  roleBindings: (w: WorkspaceRecord, _: unknown, ctx: Ctx) => ctx.store.bindingsWhere((b) => b.workspaceId === w.id),
  invites: (w: WorkspaceRecord, _: unknown, ctx: Ctx) =>
    [...ctx.store.invites.values()].filter((invite) => invite.workspaceId === w.id),
  deploymentCount: (w: WorkspaceRecord, _: unknown, ctx: Ctx) => ctx.store.deploymentsOf(w.id).length,
  deployments: (w: WorkspaceRecord, _: unknown, ctx: Ctx) => ctx.store.deploymentsOf(w.id),
};

const User = {
  uuid: (u: UserRecord) => u.id,
  roleBindings: (u: UserRecord, _: unknown, ctx: Ctx) => ctx.store.bindingsWhere((b) => b.userId === u.id),
};

const RoleBinding = {
  user: (b: RoleBindingRecord, _: unknown, ctx: Ctx) => (b.userId ? ctx.store.users.get(b.userId) : null) ?? null,
  serviceAccount: (b: RoleBindingRecord, _: unknown, ctx: Ctx) => {
    const account = b.serviceAccountId ? ctx.store.serviceAccounts.get(b.serviceAccountId) : undefined;
    return account ? serviceAccountView(account) : null;
  },
  team: (b: RoleBindingRecord, _: unknown, ctx: Ctx) => (b.teamId ? ctx.store.teams.get(b.teamId) : null) ?? null,
  workspace: (b: RoleBindingRecord, _: unknown, ctx: Ctx) =>
    (b.workspaceId ? ctx.store.workspaces.get(b.workspaceId) : null) ?? null,
  deployment: (b: RoleBindingRecord, _: unknown, ctx: Ctx) =>
    (b.deploymentId ? ctx.store.deployments.get(b.deploymentId) : null) ?? null,
};

const ServiceAccount = {
  uuid: (a: ServiceAccountView) => a.id,
  entityUuid: (a: ServiceAccountView) => a.entityId,
  roleBinding: (a: ServiceAccountView, _: unknown, ctx: Ctx) =>
    ctx.store.bindingsWhere((b) => b.serviceAccountId === a.id)[0] ?? null,
};

const Team = {
  uuid: (t: TeamRecord) => t.id,
  users: (t: TeamRecord, _: unknown, ctx: Ctx) =>
    t.memberIds.map((id) => ctx.store.users.get(id)).filter((user) => user !== undefined),
  roleBindings: (t: TeamRecord, _: unknown, ctx: Ctx) => ctx.store.bindingsWhere((b) => b.teamId === t.id),
};

const Invite = {
  uuid: (i: InviteRecord) => i.id,
  workspace: (i: InviteRecord, _: unknown, ctx: Ctx) => ctx.store.workspaces.get(i.workspaceId) ?? null,
};

export const typeResolvers = {
  Deployment,
  Workspace,
  User,
  RoleBinding,
  ServiceAccount,
  DeploymentServiceAccount: { ...ServiceAccount, deploymentUuid: (a: ServiceAccountView) => a.entityId },
  WorkspaceServiceAccount: { ...ServiceAccount, workspaceUuid: (a: ServiceAccountView) => a.entityId },
  Team,
  Invite,
};
