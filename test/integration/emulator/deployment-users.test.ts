// Deployment users (FACTS §3.4): the Id-typed operations the CLI sends.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, idsOf } from '../../helpers/emulator-client.js';
import { DEPLOYMENT_ADD_USER, DEPLOYMENT_REMOVE_USER, DEPLOYMENT_UPDATE_USER, DEPLOYMENT_USERS } from './documents.js';
import {
  addUser,
  createDeployment,
  createWorkspace,
  deploymentKey,
  startEmulator,
  type Deployment,
  type User,
  type Workspace,
} from './seed.js';

let emulator: HoustonEmulator;
let workspace: Workspace;
let deployment: Deployment;

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await createWorkspace(emulator);
  deployment = await createDeployment(emulator, workspace.id);
});

afterAll(async () => {
  await emulator.close();
});

interface DeploymentUser {
  id: string;
  username: string;
  roleBindings: { role: string; deployment: { id: string } | null }[];
}

const NO_FILTER = { userId: '', email: '', fullName: '' };

async function listUsers(filter = NO_FILTER): Promise<DeploymentUser[]> {
  const data = dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_USERS, { user: filter, deploymentId: deployment.id }));
  return data.deploymentUsers as DeploymentUser[];
}

function deploymentRole(user: DeploymentUser | undefined): string | undefined {
  return user?.roleBindings.find((binding) => binding.deployment?.id === deployment.id)?.role;
}

async function memberWithRole(role: string): Promise<User> {
  const user = await addUser(emulator, workspace.id);
  const variables = { email: user.email, role, deploymentId: deployment.id };
  dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_ADD_USER, variables));
  return user;
}

describe('deploymentAddUserRole', () => {
  it('binds a workspace member to the deployment and returns the binding', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { email: user.email, role: 'DEPLOYMENT_EDITOR', deploymentId: deployment.id };
    const data = dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_ADD_USER, variables));
    expect(data.deploymentAddUserRole).toMatchObject({
      role: 'DEPLOYMENT_EDITOR',
      user: { username: user.email },
      deployment: { id: deployment.id, releaseName: deployment.releaseName },
    });
    expect(typeof data.deploymentAddUserRole.id).toBe('string');
  });

  it('rejects a user who already has a role on the deployment as BAD_USER_INPUT', async () => {
    const user = await memberWithRole('DEPLOYMENT_VIEWER');
    const variables = { email: user.email, role: 'DEPLOYMENT_ADMIN', deploymentId: deployment.id };
    const result = await gql(emulator, emulator.adminKey, DEPLOYMENT_ADD_USER, variables);
    expectFieldError(result, 'deploymentAddUserRole', { code: 'BAD_USER_INPUT', message: /already/i });
  });

  it('rejects a workspace role as BAD_USER_INPUT', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { email: user.email, role: 'WORKSPACE_ADMIN', deploymentId: deployment.id };
    const result = await gql(emulator, emulator.adminKey, DEPLOYMENT_ADD_USER, variables);
    expectFieldError(result, 'deploymentAddUserRole', { code: 'BAD_USER_INPUT' });
  });

  it('answers not found for an unknown deployment', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { email: user.email, role: 'DEPLOYMENT_VIEWER', deploymentId: 'ckunknown0000000000000000' };
    const result = await gql(emulator, emulator.adminKey, DEPLOYMENT_ADD_USER, variables);
    expectNotFound(result, 'deploymentAddUserRole');
  });

  it('denies deploymentAddUserRole to a DEPLOYMENT_VIEWER service account', async () => {
    const viewer = await deploymentKey(emulator, deployment.id, 'DEPLOYMENT_VIEWER');
    const user = await addUser(emulator, workspace.id);
    const variables = { email: user.email, role: 'DEPLOYMENT_VIEWER', deploymentId: deployment.id };
    expectForbidden(await gql(emulator, viewer.apiKey, DEPLOYMENT_ADD_USER, variables), 'deploymentAddUserRole');
  });
});

describe('deploymentUsers', () => {
  it('lists users with their binding to the deployment when no filter is set', async () => {
    const user = await memberWithRole('DEPLOYMENT_ADMIN');
    const listed = (await listUsers()).find((u) => u.id === user.id);
    expect(listed?.username).toBe(user.email);
    expect(deploymentRole(listed)).toBe('DEPLOYMENT_ADMIN');
  });

  it('filters by e-mail', async () => {
    const user = await memberWithRole('DEPLOYMENT_VIEWER');
    await memberWithRole('DEPLOYMENT_VIEWER');
    const listed = await listUsers({ ...NO_FILTER, email: user.email });
    expect(listed.map((u) => u.id)).toEqual([user.id]);
  });

  it('lets a DEPLOYMENT_VIEWER service account list the users', async () => {
    const user = await memberWithRole('DEPLOYMENT_EDITOR');
    const viewer = await deploymentKey(emulator, deployment.id, 'DEPLOYMENT_VIEWER');
    const data = dataOf(await gql(emulator, viewer.apiKey, DEPLOYMENT_USERS, { user: NO_FILTER, deploymentId: deployment.id }));
    expect(idsOf(data.deploymentUsers)).toContain(user.id);
  });
});

describe('deploymentUpdateUserRole', () => {
  it('changes the role of an existing binding', async () => {
    const user = await memberWithRole('DEPLOYMENT_VIEWER');
    const variables = { email: user.email, role: 'DEPLOYMENT_ADMIN', deploymentId: deployment.id };
    const data = dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_UPDATE_USER, variables));
    expect(data.deploymentUpdateUserRole).toMatchObject({ role: 'DEPLOYMENT_ADMIN', user: { username: user.email }, deployment: { id: deployment.id } });
    expect(deploymentRole((await listUsers()).find((u) => u.id === user.id))).toBe('DEPLOYMENT_ADMIN');
  });

  it('denies deploymentUpdateUserRole to a DEPLOYMENT_VIEWER service account', async () => {
    const user = await memberWithRole('DEPLOYMENT_VIEWER');
    const viewer = await deploymentKey(emulator, deployment.id, 'DEPLOYMENT_VIEWER');
    const variables = { email: user.email, role: 'DEPLOYMENT_ADMIN', deploymentId: deployment.id };
    expectForbidden(await gql(emulator, viewer.apiKey, DEPLOYMENT_UPDATE_USER, variables), 'deploymentUpdateUserRole');
  });
});

describe('deploymentRemoveUserRole', () => {
  it('removes the binding and returns the role it had', async () => {
    const user = await memberWithRole('DEPLOYMENT_EDITOR');
    const data = dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_REMOVE_USER, { email: user.email, deploymentId: deployment.id }));
    expect(data.deploymentRemoveUserRole.role).toBe('DEPLOYMENT_EDITOR');
    expect(deploymentRole((await listUsers()).find((u) => u.id === user.id))).toBeUndefined();
  });

  it('answers not found for a user without a role on the deployment', async () => {
    const user = await addUser(emulator, workspace.id);
    const result = await gql(emulator, emulator.adminKey, DEPLOYMENT_REMOVE_USER, { email: user.email, deploymentId: deployment.id });
    expectNotFound(result, 'deploymentRemoveUserRole');
  });
});
