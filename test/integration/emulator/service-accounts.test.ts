// Workspace and deployment service accounts (FACTS §3.9): the key is shown once, at creation.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, idsOf, uniqueLabel } from '../../helpers/emulator-client.js';
import {
  CREATE_DEPLOYMENT_SA,
  CREATE_WORKSPACE_SA,
  DELETE_DEPLOYMENT_SA,
  DELETE_WORKSPACE_SA,
  GET_WORKSPACE,
  LIST_DEPLOYMENT_SAS,
  LIST_WORKSPACE_SAS,
} from './documents.js';
import { createDeployment, createWorkspace, startEmulator, workspaceKey, type Deployment, type Workspace } from './seed.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UNKNOWN_ID = 'ckunknown0000000000000000';

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

interface ServiceAccount {
  id: string;
  label: string;
  apiKey: string | null;
  active: boolean;
}

/** The variables `astro workspace sa create` sends, including the undeclared empty deploymentUuid. */
function workspaceSaVariables(role: string, workspaceId = workspace.id) {
  return { workspaceUuid: workspaceId, deploymentUuid: '', label: uniqueLabel('ci'), category: 'default', role };
}

/** The variables `astro deployment sa create` sends, including the undeclared empty workspaceUuid. */
function deploymentSaVariables(role: string, deploymentId = deployment.id) {
  return { workspaceUuid: '', deploymentUuid: deploymentId, label: uniqueLabel('ci'), category: 'default', role };
}

describe('workspace service accounts', () => {
  it('creates one and returns its apiKey once', async () => {
    const variables = workspaceSaVariables('WORKSPACE_EDITOR');
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE_SA, variables));
    const created = data.createWorkspaceServiceAccount;
    expect(created).toMatchObject({ label: variables.label, category: 'default', entityType: 'WORKSPACE', workspaceUuid: workspace.id, active: true });
    expect(created.apiKey).toMatch(/^\S{16,}$/);
    expect(created.createdAt).toMatch(RFC3339);
  });

  it('lists the account without its apiKey', async () => {
    const created = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE_SA, workspaceSaVariables('WORKSPACE_VIEWER')))
      .createWorkspaceServiceAccount as ServiceAccount;
    const result = await gql(emulator, emulator.adminKey, LIST_WORKSPACE_SAS, { workspaceUuid: workspace.id });
    const listed = (dataOf(result).workspaceServiceAccounts as ServiceAccount[]).find((sa) => sa.id === created.id);
    expect(listed).toMatchObject({ label: created.label, active: true, entityType: 'WORKSPACE', entityUuid: workspace.id });
    expect(listed?.apiKey).toBeNull();
    expect(JSON.stringify(result.body)).not.toContain(created.apiKey);
  });

  it('deletes the account, which also revokes its key', async () => {
    const key = await workspaceKey(emulator, workspace.id, 'WORKSPACE_VIEWER');
    dataOf(await gql(emulator, key.apiKey, GET_WORKSPACE, { workspaceUuid: workspace.id }));
    const variables = { workspaceUuid: workspace.id, deploymentUuid: '', serviceAccountUuid: key.id };
    const data = dataOf(await gql(emulator, emulator.adminKey, DELETE_WORKSPACE_SA, variables));
    expect(data.deleteWorkspaceServiceAccount.id).toBe(key.id);
    const list = dataOf(await gql(emulator, emulator.adminKey, LIST_WORKSPACE_SAS, { workspaceUuid: workspace.id }));
    expect(idsOf(list.workspaceServiceAccounts)).not.toContain(key.id);
    const revoked = await gql(emulator, key.apiKey, GET_WORKSPACE, { workspaceUuid: workspace.id });
    expectForbidden(revoked, 'workspace');
  });

  it('denies createWorkspaceServiceAccount to a WORKSPACE_VIEWER service account', async () => {
    const viewer = await workspaceKey(emulator, workspace.id, 'WORKSPACE_VIEWER');
    const result = await gql(emulator, viewer.apiKey, CREATE_WORKSPACE_SA, workspaceSaVariables('WORKSPACE_ADMIN'));
    expectForbidden(result, 'createWorkspaceServiceAccount');
  });

  it('denies a service account of workspace A listing the accounts of workspace B', async () => {
    const other = await createWorkspace(emulator);
    const admin = await workspaceKey(emulator, workspace.id, 'WORKSPACE_ADMIN');
    const result = await gql(emulator, admin.apiKey, LIST_WORKSPACE_SAS, { workspaceUuid: other.id });
    expectForbidden(result, 'workspaceServiceAccounts');
  });

  it('rejects a deployment role as BAD_USER_INPUT', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_WORKSPACE_SA, workspaceSaVariables('DEPLOYMENT_ADMIN'));
    expectFieldError(result, 'createWorkspaceServiceAccount', { code: 'BAD_USER_INPUT' });
  });

  it('answers not found when deleting an unknown account', async () => {
    const variables = { workspaceUuid: workspace.id, deploymentUuid: '', serviceAccountUuid: UNKNOWN_ID };
    const result = await gql(emulator, emulator.adminKey, DELETE_WORKSPACE_SA, variables);
    expectNotFound(result, 'deleteWorkspaceServiceAccount');
  });
});

describe('deployment service accounts', () => {
  it('creates one and returns its apiKey once', async () => {
    const variables = deploymentSaVariables('DEPLOYMENT_EDITOR');
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, variables));
    const created = data.createDeploymentServiceAccount;
    expect(created).toMatchObject({ label: variables.label, entityType: 'DEPLOYMENT', deploymentUuid: deployment.id, active: true });
    expect(created.apiKey).toMatch(/^\S{16,}$/);
  });

  it('lists the account without its apiKey', async () => {
    const created = dataOf(await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, deploymentSaVariables('DEPLOYMENT_VIEWER')))
      .createDeploymentServiceAccount as ServiceAccount;
    const result = await gql(emulator, emulator.adminKey, LIST_DEPLOYMENT_SAS, { deploymentUuid: deployment.id });
    const listed = (dataOf(result).deploymentServiceAccounts as ServiceAccount[]).find((sa) => sa.id === created.id);
    expect(listed).toMatchObject({ label: created.label, entityType: 'DEPLOYMENT', entityUuid: deployment.id });
    expect(listed?.apiKey).toBeNull();
    expect(JSON.stringify(result.body)).not.toContain(created.apiKey);
  });

  it('deletes the account', async () => {
    const created = dataOf(await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, deploymentSaVariables('DEPLOYMENT_VIEWER')))
      .createDeploymentServiceAccount as ServiceAccount;
    const variables = { workspaceUuid: '', deploymentUuid: deployment.id, serviceAccountUuid: created.id };
    const data = dataOf(await gql(emulator, emulator.adminKey, DELETE_DEPLOYMENT_SA, variables));
    expect(data.deleteDeploymentServiceAccount).toMatchObject({ id: created.id, label: created.label });
    const list = dataOf(await gql(emulator, emulator.adminKey, LIST_DEPLOYMENT_SAS, { deploymentUuid: deployment.id }));
    expect(idsOf(list.deploymentServiceAccounts)).not.toContain(created.id);
  });

  it('denies createDeploymentServiceAccount to a WORKSPACE_VIEWER service account', async () => {
    const viewer = await workspaceKey(emulator, workspace.id, 'WORKSPACE_VIEWER');
    const result = await gql(emulator, viewer.apiKey, CREATE_DEPLOYMENT_SA, deploymentSaVariables('DEPLOYMENT_ADMIN'));
    expectForbidden(result, 'createDeploymentServiceAccount');
  });

  it('rejects a workspace role as BAD_USER_INPUT', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, deploymentSaVariables('WORKSPACE_ADMIN'));
    expectFieldError(result, 'createDeploymentServiceAccount', { code: 'BAD_USER_INPUT' });
  });

  it('answers not found for an unknown deployment', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, deploymentSaVariables('DEPLOYMENT_VIEWER', UNKNOWN_ID));
    expectNotFound(result, 'createDeploymentServiceAccount');
  });
});
