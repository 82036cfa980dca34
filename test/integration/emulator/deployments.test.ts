// Deployments at 0.35 (FACTS §3.3): createDeployment@0.29.0, workspaceDeployments@0.29.0,
// deployment(where:{id})@0.29.0, updateDeployment@0.28.0 and deleteDeployment, with their denials.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, idsOf } from '../../helpers/emulator-client.js';
import {
  CREATE_DEPLOYMENT,
  CREATE_DEPLOYMENT_STATUS,
  DELETE_DEPLOYMENT,
  DEPLOYMENT_STATUS,
  GET_DEPLOYMENT,
  LIST_DEPLOYMENTS,
  UPDATE_DEPLOYMENT,
  UPDATE_DEPLOYMENT_STATUS,
} from './documents.js';
import {
  RUNTIME_VERSION,
  createDeployment,
  createDeploymentVariables,
  createWorkspace,
  deploymentKey,
  startEmulator,
  workspaceKey,
  type Workspace,
} from './seed.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RELEASE_NAME = /^[a-z]+-[a-z]+-\d{4}$/;
const UNKNOWN_ID = 'ckunknown0000000000000000';

let emulator: HoustonEmulator;
let workspaceA: Workspace;
let workspaceB: Workspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workspaceA = await createWorkspace(emulator);
  workspaceB = await createWorkspace(emulator);
});

afterAll(async () => {
  await emulator.close();
});

async function statusOf(id: string): Promise<string> {
  return dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_STATUS, { id })).deployment.status as string;
}

async function waitForStatus(id: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await statusOf(id)) !== wanted) {
    if (Date.now() > deadline) throw new Error(`deployment ${id} never reached ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('createDeployment', () => {
  it('creates a deployment with a Houston-style release name, airflow URLs and RFC 3339 timestamps', async () => {
    const variables = createDeploymentVariables(workspaceA.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT, variables));
    const deployment = data.createDeployment;
    expect(deployment).toMatchObject({ type: 'airflow', label: variables.label, runtimeVersion: RUNTIME_VERSION });
    expect(deployment.releaseName).toMatch(RELEASE_NAME);
    expect(deployment.createdAt).toMatch(RFC3339);
    expect(deployment.updatedAt).toMatch(RFC3339);
    const airflow = (deployment.urls as { type: string; url: string }[]).find((u) => u.type === 'airflow');
    expect(airflow?.url).toContain('local.houston.test');
  });

  it('gives every deployment its own release name', async () => {
    const first = await createDeployment(emulator, workspaceA.id);
    const second = await createDeployment(emulator, workspaceA.id);
    expect(second.releaseName).toMatch(RELEASE_NAME);
    expect(second.releaseName).not.toBe(first.releaseName);
  });

  it('reports DEPLOYING at creation and HEALTHY once deployingMs has passed', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_STATUS, createDeploymentVariables(workspaceA.id));
    const created = dataOf(result).createDeployment as { id: string; status: string };
    expect(created.status).toBe('DEPLOYING');
    await waitForStatus(created.id, 'HEALTHY');
  });

  it('lets a WORKSPACE_ADMIN service account create a deployment in its workspace', async () => {
    const admin = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_ADMIN');
    const deployment = await createDeployment(emulator, workspaceA.id, admin.apiKey);
    expect(deployment.releaseName).toMatch(RELEASE_NAME);
  });

  it('denies createDeployment to a WORKSPACE_VIEWER service account', async () => {
    const viewer = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_VIEWER');
    const result = await gql(emulator, viewer.apiKey, CREATE_DEPLOYMENT, createDeploymentVariables(workspaceA.id));
    expectForbidden(result, 'createDeployment');
  });

  it('denies a service account bound to workspace A creating a deployment in workspace B', async () => {
    const admin = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_ADMIN');
    const result = await gql(emulator, admin.apiKey, CREATE_DEPLOYMENT, createDeploymentVariables(workspaceB.id));
    expectForbidden(result, 'createDeployment');
  });

  it('rejects a label already used in the workspace as BAD_USER_INPUT', async () => {
    const existing = await createDeployment(emulator, workspaceA.id);
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT, createDeploymentVariables(workspaceA.id, existing.label));
    expectFieldError(result, 'createDeployment', { code: 'BAD_USER_INPUT', message: /already/i });
  });

  it('answers not found for an unknown workspace', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT, createDeploymentVariables(UNKNOWN_ID));
    expectNotFound(result, 'createDeployment');
  });
});

describe('workspaceDeployments', () => {
  it('lists the deployments of the workspace only, with workspace and deployInfo', async () => {
    const workspace = await createWorkspace(emulator);
    const mine = await createDeployment(emulator, workspace.id);
    const other = await createDeployment(emulator, workspaceB.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, LIST_DEPLOYMENTS, { workspaceId: workspace.id }));
    expect(data.workspaceDeployments).toHaveLength(1);
    const listed = data.workspaceDeployments[0];
    expect(listed).toMatchObject({ id: mine.id, label: mine.label, releaseName: mine.releaseName, type: 'airflow', workspace: { id: workspace.id } });
    expect(listed.deployInfo.nextCli).toMatch(/^cli-\d+$/);
    expect(listed.createdAt).toMatch(RFC3339);
    expect(idsOf(data.workspaceDeployments)).not.toContain(other.id);
  });

  it('lets a WORKSPACE_VIEWER service account list its workspace deployments', async () => {
    const viewer = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_VIEWER');
    const deployment = await createDeployment(emulator, workspaceA.id);
    const data = dataOf(await gql(emulator, viewer.apiKey, LIST_DEPLOYMENTS, { workspaceId: workspaceA.id }));
    expect(idsOf(data.workspaceDeployments)).toContain(deployment.id);
  });

  it('denies a service account of workspace A listing workspace B', async () => {
    const viewer = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_VIEWER');
    expectForbidden(await gql(emulator, viewer.apiKey, LIST_DEPLOYMENTS, { workspaceId: workspaceB.id }), 'workspaceDeployments');
  });
});

describe('deployment(where: {id})', () => {
  it('returns the 0.29.0 selection for a known id', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: created.id }));
    expect(data.deployment).toMatchObject({ id: created.id, releaseName: created.releaseName, runtimeVersion: RUNTIME_VERSION });
    expect(data.deployment.urls).toContainEqual(expect.objectContaining({ type: 'airflow' }));
    expect(typeof data.deployment.dagDeployment.type).toBe('string');
  });

  it('returns null without errors for an unknown id', async () => {
    const result = await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: UNKNOWN_ID });
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty('errors');
    expect(result.body.data).toEqual({ deployment: null });
  });
});

describe('updateDeployment', () => {
  it('applies the payload when sent with the undeclared keys the client adds (label, description, sync)', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    const payload = { label: `${created.label}-new`, description: 'nightly ETL' };
    const variables = { deploymentId: created.id, payload, cloudRole: '', dagDeployment: {}, executor: 'KubernetesExecutor', sync: true, ...payload };
    const data = dataOf(await gql(emulator, emulator.adminKey, UPDATE_DEPLOYMENT, variables));
    expect(data.updateDeployment).toMatchObject({ id: created.id, label: payload.label, description: 'nightly ETL', releaseName: created.releaseName, workspace: { id: workspaceA.id } });
    expect(data.updateDeployment.updatedAt).toMatch(RFC3339);
  });

  it('reports DEPLOYING again after an update, then HEALTHY', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    await waitForStatus(created.id, 'HEALTHY');
    const result = await gql(emulator, emulator.adminKey, UPDATE_DEPLOYMENT_STATUS, { deploymentId: created.id, payload: { description: 'v2' } });
    expect(dataOf(result).updateDeployment).toEqual({ id: created.id, status: 'DEPLOYING' });
    await waitForStatus(created.id, 'HEALTHY');
  });

  it('denies updateDeployment to a DEPLOYMENT_VIEWER service account', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    const viewer = await deploymentKey(emulator, created.id, 'DEPLOYMENT_VIEWER');
    const variables = { deploymentId: created.id, payload: { label: 'renamed' }, cloudRole: '', dagDeployment: {} };
    expectForbidden(await gql(emulator, viewer.apiKey, UPDATE_DEPLOYMENT, variables), 'updateDeployment');
  });

  it('answers not found for an unknown deployment', async () => {
    const variables = { deploymentId: UNKNOWN_ID, payload: {}, cloudRole: '', dagDeployment: {} };
    const result = await gql(emulator, emulator.adminKey, UPDATE_DEPLOYMENT, variables);
    expectNotFound(result, 'updateDeployment');
  });
});

describe('deleteDeployment', () => {
  it('hard-deletes the deployment so that it is gone from reads and lists', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, DELETE_DEPLOYMENT, { deploymentId: created.id, deploymentHardDelete: true }));
    expect(data.deleteDeployment).toMatchObject({ id: created.id, releaseName: created.releaseName, workspace: { id: workspaceA.id } });
    const read = await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: created.id });
    expect(read.body.data).toEqual({ deployment: null });
    const list = dataOf(await gql(emulator, emulator.adminKey, LIST_DEPLOYMENTS, { workspaceId: workspaceA.id }));
    expect(idsOf(list.workspaceDeployments)).not.toContain(created.id);
  });

  it('denies deleteDeployment to a WORKSPACE_VIEWER service account', async () => {
    const created = await createDeployment(emulator, workspaceA.id);
    const viewer = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_VIEWER');
    const result = await gql(emulator, viewer.apiKey, DELETE_DEPLOYMENT, { deploymentId: created.id, deploymentHardDelete: true });
    expectForbidden(result, 'deleteDeployment');
    expect(dataOf(await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: created.id })).deployment.id).toBe(created.id);
  });

  it('answers not found for an unknown deployment', async () => {
    const result = await gql(emulator, emulator.adminKey, DELETE_DEPLOYMENT, { deploymentId: UNKNOWN_ID, deploymentHardDelete: true });
    expectNotFound(result, 'deleteDeployment');
  });
});
