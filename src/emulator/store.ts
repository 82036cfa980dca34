// The emulator's in-memory database: maps of records plus the lookups and cascading deletes
// the resolvers share. No business rules here; those live in the resolvers.
import { newId } from './ids.js';
import { LogStore } from './logs.js';
import type {
  ClusterRecord,
  DeploymentRecord,
  InviteRecord,
  Role,
  RoleBindingRecord,
  ServiceAccountRecord,
  TeamRecord,
  TokenRecord,
  UserRecord,
  WorkspaceRecord,
} from './model.js';

export type BindingSubject = { userId: string } | { serviceAccountId: string } | { teamId: string };
export type BindingTarget = { workspaceId: string } | { deploymentId: string } | Record<string, never>;

export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly roleBindings = new Map<string, RoleBindingRecord>();
  readonly serviceAccounts = new Map<string, ServiceAccountRecord>();
  readonly invites = new Map<string, InviteRecord>();
  readonly teams = new Map<string, TeamRecord>();
  /** Empty on lines before 1.0. */
  readonly clusters = new Map<string, ClusterRecord>();
  /** Deployment log lines (the `logs` query, the `log` subscription). */
  readonly logs = new LogStore();

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.emails.some((e) => e.address === wanted)) return user;
    }
    return undefined;
  }

  userByIdentity(identity: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.username === identity) return user;
    return this.userByEmail(identity);
  }

  serviceAccountByKey(apiKey: string): ServiceAccountRecord | undefined {
    for (const account of this.serviceAccounts.values()) if (account.apiKey === apiKey) return account;
    return undefined;
  }

  deploymentByReleaseName(releaseName: string): DeploymentRecord | undefined {
    for (const deployment of this.deployments.values()) if (deployment.releaseName === releaseName) return deployment;
    return undefined;
  }

  deploymentsOf(workspaceId: string): DeploymentRecord[] {
    return [...this.deployments.values()].filter((d) => d.workspaceId === workspaceId);
  }

  bindingsWhere(match: (binding: RoleBindingRecord) => boolean): RoleBindingRecord[] {
    return [...this.roleBindings.values()].filter(match);
  }

  addBinding(role: Role, subject: BindingSubject, target: BindingTarget, now: Date): RoleBindingRecord {
    const binding: RoleBindingRecord = {
      id: newId(),
      role,
      userId: 'userId' in subject ? subject.userId : null,
      serviceAccountId: 'serviceAccountId' in subject ? subject.serviceAccountId : null,
      teamId: 'teamId' in subject ? subject.teamId : null,
      workspaceId: 'workspaceId' in target ? target.workspaceId : null,
      deploymentId: 'deploymentId' in target ? target.deploymentId : null,
      createdAt: now,
      updatedAt: now,
    };
    this.roleBindings.set(binding.id, binding);
    return binding;
  }

  removeBindingsWhere(match: (binding: RoleBindingRecord) => boolean): void {
    for (const binding of this.bindingsWhere(match)) this.roleBindings.delete(binding.id);
  }

  /** The service accounts of a workspace or deployment. */
  serviceAccountsOf(entityId: string): ServiceAccountRecord[] {
    return [...this.serviceAccounts.values()].filter((account) => account.entityId === entityId);
  }

  deleteServiceAccount(id: string): void {
    this.serviceAccounts.delete(id);
    this.removeBindingsWhere((b) => b.serviceAccountId === id);
  }

  /** Hard delete: the deployment, its bindings, its service accounts. */
  deleteDeployment(id: string): void {
    this.deployments.delete(id);
    this.logs.forget(id);
    this.removeBindingsWhere((b) => b.deploymentId === id);
    for (const account of this.serviceAccountsOf(id)) this.deleteServiceAccount(account.id);
  }

  deleteWorkspace(id: string): void {
    for (const deployment of this.deploymentsOf(id)) this.deleteDeployment(deployment.id);
    this.workspaces.delete(id);
    this.removeBindingsWhere((b) => b.workspaceId === id);
    for (const account of this.serviceAccountsOf(id)) this.deleteServiceAccount(account.id);
    for (const invite of this.invites.values()) if (invite.workspaceId === id) this.invites.delete(invite.id);
  }

  deleteUser(id: string): void {
    this.users.delete(id);
    this.removeBindingsWhere((b) => b.userId === id);
    for (const [token, record] of this.tokens) if (record.userId === id) this.tokens.delete(token);
    for (const team of this.teams.values()) team.memberIds = team.memberIds.filter((member) => member !== id);
  }
}
