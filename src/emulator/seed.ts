// Data an emulator starts with (the SYSTEM_ADMIN service account, the optional demo workspace)
// and the seed helpers tests use for what Houston's API cannot create (teams, users with roles).
import { createUserRecord, issueToken } from './accounts.js';
import type { DemoSeed, EmulatorSeeder, SeededUser } from './api.js';
import type { EmulatorConfig } from './context.js';
import { createDeploymentRecord } from './deployment-writes.js';
import { newId } from './ids.js';
import { seedDemoLogs } from './logs.js';
import type { HoustonLine } from './schema/index.js';
import type { BindingTarget, Store } from './store.js';

export const DEMO_PASSWORD = 'demo-password';

export function seedAdmin(store: Store, apiKey: string, now: Date): void {
  const id = newId();
  store.serviceAccounts.set(id, {
    id,
    label: 'emulator-admin',
    category: 'emulator',
    apiKey,
    entityType: 'SYSTEM',
    entityId: null,
    active: true,
    lastUsedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  store.addBinding('SYSTEM_ADMIN', { serviceAccountId: id }, {}, now);
}

/**
 * Workspace "demo" with demo@example.com as WORKSPACE_ADMIN and a HEALTHY Celery deployment
 * "example", on the first cluster from 1.0, with a few log lines per component.
 */
export function seedDemo(store: Store, config: EmulatorConfig, line: HoustonLine, now: Date): DemoSeed {
  const cluster = line.features.clusters ? [...store.clusters.values()][0] : null;
  if (cluster === undefined) throw new Error('seedDemo needs a cluster on Houston 1.0 and later; `clusters` is empty');
  const workspaceId = newId();
  store.workspaces.set(workspaceId, { id: workspaceId, label: 'demo', description: 'Demo workspace', active: true, createdAt: now, updatedAt: now });
  const user = createUserRecord(store, { email: 'demo@example.com', password: DEMO_PASSWORD, fullName: 'Demo User' }, now);
  store.addBinding('WORKSPACE_ADMIN', { userId: user.id }, { workspaceId }, now);
  const ctx = { store, config, line, principal: null, now };
  const demo = { label: 'example', executor: 'CeleryExecutor' as const, description: 'Demo deployment' };
  const deployment = createDeploymentRecord(ctx, workspaceId, demo, cluster);
  deployment.deployingSince = new Date(now.getTime() - config.deployingMs);
  seedDemoLogs(store, deployment.id, deployment.releaseName, now);
  return { workspaceId, deploymentId: deployment.id, userId: user.id, userEmail: 'demo@example.com', userPassword: DEMO_PASSWORD };
}

export function createSeeder(store: Store, line: HoustonLine, clock: () => Date = () => new Date()): EmulatorSeeder {
  return {
    user(input): SeededUser {
      const now = clock();
      const user = createUserRecord(store, input, now);
      for (const role of input.systemRoles ?? []) store.addBinding(role, { userId: user.id }, {}, now);
      return { id: user.id, email: user.emails[0]?.address ?? input.email, token: issueToken(store, user, now).value };
    },
    team(input): { id: string } {
      const now = clock();
      const id = newId();
      const memberIds = (input.memberIds ?? []).filter((member) => store.users.has(member));
      store.teams.set(id, { id, name: input.name, description: input.description ?? null, memberIds, createdAt: now, updatedAt: now });
      return { id };
    },
    clusterStatus(clusterId, status, statusReason): void {
      if (!line.features.clusterStatus) throw new Error(`clusters have no status on Houston ${line.label}`);
      const cluster = store.clusters.get(clusterId);
      if (!cluster) throw new Error(`no cluster ${clusterId}`);
      Object.assign(cluster, { status, statusReason: statusReason ?? null, updatedAt: clock() });
    },
    roleBinding(input): { id: string } {
      const now = clock();
      const subject = input.teamId ? { teamId: input.teamId } : { userId: input.userId ?? '' };
      let target: BindingTarget = {};
      if (input.workspaceId) target = { workspaceId: input.workspaceId };
      if (input.deploymentId) target = { deploymentId: input.deploymentId };
      return { id: store.addBinding(input.role, subject, target, now).id };
    },
  };
}
