// Behaviour that differs per line beyond the schema: Astronomer Certified before 0.29, dag_deploy
// from 0.34, image deploys at 1.0.1 and 2.1, inactive clusters at 2.0, modes and adoption at 2.1.
import { describe, it, expect, afterEach } from 'vitest';
import type { EmulatorOptions, HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { dataOf, expectFieldError, gql, uniqueLabel } from '../../helpers/emulator-client.js';
import {
  ADOPT,
  CLUSTER_STATUS,
  CREATE_DEPLOYMENT_025,
  CREATE_DEPLOYMENT_TRIGGERER,
  DEPLOYMENT_CLUSTER,
  UNADOPT,
  UPDATE_IMAGE_101,
  UPSERT_CREATE,
  UPSERT_CREATE_MODE,
  UPSERT_IMAGE,
} from './line-documents.js';
import { createWorkspace } from './seed.js';

const started: HoustonEmulator[] = [];

async function start(houstonVersion: string, options: EmulatorOptions = {}): Promise<HoustonEmulator> {
  const emulator = await createEmulator({ port: 0, houstonVersion, ...options });
  started.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.close()));
});

async function admin(emulator: HoustonEmulator, query: string, variables: Record<string, unknown>) {
  return gql(emulator, emulator.adminKey, query, variables);
}

function firstCluster(emulator: HoustonEmulator): string {
  const cluster = emulator.clusters[0];
  if (!cluster) throw new Error('no cluster');
  return cluster.id;
}

describe('before 0.29 (no Runtime)', () => {
  it('makes Astronomer Certified deployments, the newest AC version by default', async () => {
    const emulator = await start('0.25.0');
    const { id: workspaceId } = await createWorkspace(emulator);
    const byDefault = dataOf(await admin(emulator, CREATE_DEPLOYMENT_025, { label: uniqueLabel('ac'), workspaceId })).createDeployment;
    expect(byDefault.airflowVersion).toBe('2.4.3');
    const chosen = await admin(emulator, CREATE_DEPLOYMENT_025, { label: uniqueLabel('ac'), workspaceId, airflowVersion: '2.3.4' });
    expect(dataOf(chosen).createDeployment.airflowVersion).toBe('2.3.4');
  });

  it('takes the triggerer argument from 0.28', async () => {
    const emulator = await start('0.28.0');
    const { id: workspaceId } = await createWorkspace(emulator);
    const variables = { label: uniqueLabel('ac'), workspaceId, triggererReplicas: 2 };
    const created = dataOf(await admin(emulator, CREATE_DEPLOYMENT_TRIGGERER, variables)).createDeployment;
    expect(created).toMatchObject({ airflowVersion: '2.4.3', triggerer: { replicas: 2 } });
  });
});

describe('dag_deploy', () => {
  const dagDeploy = (workspaceId: string) => ({ label: uniqueLabel('dags'), workspaceId, dagDeployment: { type: 'dag_deploy' } });

  it('is refused before 0.34', async () => {
    const emulator = await start('0.33.3');
    const { id } = await createWorkspace(emulator);
    expectFieldError(await admin(emulator, CREATE_DEPLOYMENT_025, dagDeploy(id)), 'createDeployment', { code: 'BAD_USER_INPUT', message: /dag_deploy/ });
  });

  it('is accepted from 0.34, with a dagserver URL', async () => {
    const emulator = await start('0.34.5');
    const { id } = await createWorkspace(emulator);
    const created = dataOf(await admin(emulator, CREATE_DEPLOYMENT_025, dagDeploy(id))).createDeployment;
    expect(created.urls).toContainEqual(expect.objectContaining({ type: 'dagserver' }));
  });
});

describe('image deploys', () => {
  it('require a Runtime version from 1.0.1', async () => {
    const emulator = await start('1.1.7');
    const query = 'mutation { updateDeploymentImage(releaseName: "x", image: "y") { releaseName } }';
    const result = await gql(emulator, emulator.adminKey, query);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toBe('Field "updateDeploymentImage" argument "runtimeVersion" of type "String!" is required, but it was not provided.');
    const { id: workspaceId } = await createWorkspace(emulator);
    const created = dataOf(await admin(emulator, UPSERT_CREATE, { workspaceId, clusterId: firstCluster(emulator), label: uniqueLabel('d') })).upsertDeployment;
    const deployed = await admin(emulator, UPDATE_IMAGE_101, { releaseName: created.releaseName, image: 'registry/x:cli-1', runtimeVersion: '9.5.0' });
    expect(dataOf(deployed).updateDeploymentImage).toEqual({ releaseName: created.releaseName, runtimeVersion: '9.5.0' });
  });

  it('go through upsertDeployment by release name at 2.1, with Houston\'s error for an unknown one', async () => {
    const emulator = await start('2.1.0');
    const { id: workspaceId } = await createWorkspace(emulator);
    const created = dataOf(await admin(emulator, UPSERT_CREATE, { workspaceId, clusterId: firstCluster(emulator), label: uniqueLabel('d') })).upsertDeployment;
    const variables = { releaseName: created.releaseName, image: 'registry/x:cli-2', runtimeVersion: '10.0.0' };
    expect(dataOf(await admin(emulator, UPSERT_IMAGE, variables)).upsertDeployment).toEqual({ id: created.id, releaseName: created.releaseName, runtimeVersion: '10.0.0' });
    const unknown = await admin(emulator, UPSERT_IMAGE, { ...variables, releaseName: 'no-such-release-0000' });
    expectFieldError(unknown, 'upsertDeployment', { message: 'No deployment exists with releaseName: no-such-release-0000' });
  });
});

describe('cluster status (2.0)', () => {
  it('reports ACTIVE clusters, and an INACTIVE one takes no new deployments', async () => {
    const emulator = await start('2.0.1');
    const [primary, edge] = emulator.clusters.map((cluster) => cluster.id) as [string, string];
    expect(dataOf(await admin(emulator, CLUSTER_STATUS, { id: edge })).cluster).toMatchObject({ id: edge, status: 'ACTIVE' });
    emulator.seed.clusterStatus(edge, 'INACTIVE', { message: 'maintenance' });
    expect(dataOf(await admin(emulator, CLUSTER_STATUS, { id: edge })).cluster).toMatchObject({ status: 'INACTIVE', statusReason: { message: 'maintenance' } });
    const { id: workspaceId } = await createWorkspace(emulator);
    const refused = await admin(emulator, UPSERT_CREATE, { workspaceId, clusterId: edge, label: uniqueLabel('d') });
    expectFieldError(refused, 'upsertDeployment', { code: 'BAD_USER_INPUT', message: /cluster is not active/ });
    expect(dataOf(await admin(emulator, UPSERT_CREATE, { workspaceId, clusterId: primary, label: uniqueLabel('d') })).upsertDeployment.clusterId).toBe(primary);
  });

  it('cannot be set before 2.0', async () => {
    const emulator = await start('1.1.7');
    expect(() => emulator.seed.clusterStatus(firstCluster(emulator), 'INACTIVE')).toThrow(/no status/);
  });
});

describe('deployment modes and adoption (2.1)', () => {
  it('creates helm deployments unless operator mode is asked for', async () => {
    const emulator = await start('2.1.0');
    const { id: workspaceId } = await createWorkspace(emulator);
    const base = { workspaceId, clusterId: firstCluster(emulator) };
    expect(dataOf(await admin(emulator, UPSERT_CREATE_MODE, { ...base, label: uniqueLabel('d') })).upsertDeployment.mode).toBe('helm');
    const operator = await admin(emulator, UPSERT_CREATE_MODE, { ...base, label: uniqueLabel('d'), mode: 'operator' });
    expect(dataOf(operator).upsertDeployment.mode).toBe('operator');
  });

  it('adopts an operator deployment on a cluster, and unadopts it', async () => {
    const emulator = await start('2.1.0');
    const { id: workspaceId } = await createWorkspace(emulator);
    const clusterId = firstCluster(emulator);
    const variables = { workspaceId, clusterId, crNamespace: 'team-x', crName: 'orders-etl' };
    const adopted = dataOf(await admin(emulator, ADOPT, variables)).adoptDeployment;
    expect(adopted).toMatchObject({ label: 'orders-etl', releaseName: 'orders-etl', namespace: 'team-x', clusterId, mode: 'operator' });
    expect(dataOf(await admin(emulator, UNADOPT, { deploymentId: adopted.id })).unadoptDeployment).toEqual({ id: adopted.id, releaseName: 'orders-etl' });
    expect(dataOf(await admin(emulator, DEPLOYMENT_CLUSTER, { id: adopted.id })).deployment).toBeNull();
  });
});

describe('seedDemo from 1.0', () => {
  it('puts the demo deployment on the first cluster', async () => {
    const emulator = await start('2.1.0', { seedDemo: true });
    const demo = dataOf(await admin(emulator, DEPLOYMENT_CLUSTER, { id: emulator.demo?.deploymentId }));
    expect(demo.deployment.clusterId).toBe(firstCluster(emulator));
  });
});
