// Clusters from Houston 1.0: two seeded by default, a new deployment needs one, and appConfig flags,
// namespaces and Runtime releases differ per cluster (VERSIONS §3). Played here as 1.1.7.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, idsOf, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import {
  APP_CONFIG_FOR_CLUSTER,
  CLUSTER,
  DEPLOYMENT_CLUSTER,
  NAMESPACES,
  PAGINATED_CLUSTERS,
  RUNTIME_RELEASES,
  UPSERT_CREATE,
  UPSERT_UPDATE,
} from './line-documents.js';
import { createWorkspace, type Workspace } from './seed.js';

const NEWEST_RUNTIME = '10.3.0';
const UNKNOWN = 'ckunknown0000000000000000';

let emulator: HoustonEmulator;
let workspace: Workspace;
let primary: string;
let edge: string;

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, houstonVersion: '1.1.7' });
  workspace = await createWorkspace(emulator);
  [primary, edge] = emulator.clusters.map((cluster) => cluster.id) as [string, string];
});

afterAll(async () => {
  await emulator.close();
});

function create(variables: Record<string, unknown>) {
  return gql(emulator, emulator.adminKey, UPSERT_CREATE, { workspaceId: workspace.id, label: uniqueLabel('dep'), executor: 'CeleryExecutor', ...variables });
}

describe('paginatedClusters and cluster', () => {
  it('lists the two seeded clusters to any signed-in user, with the total count', async () => {
    const user = emulator.seed.user({ email: uniqueEmail() });
    const data = dataOf(await gql(emulator, user.token, PAGINATED_CLUSTERS, {}));
    expect(data.paginatedClusters.count).toBe(2);
    expect(idsOf(data.paginatedClusters.clusters)).toEqual([primary, edge]);
  });

  it('pages and filters, with count the total that match', async () => {
    const page = dataOf(await gql(emulator, emulator.adminKey, PAGINATED_CLUSTERS, { take: 1, pageNumber: 1 })).paginatedClusters;
    expect(page).toMatchObject({ count: 2, clusters: [{ id: edge, name: 'edge' }] });
    const found = dataOf(await gql(emulator, emulator.adminKey, PAGINATED_CLUSTERS, { searchPhrase: 'PRIM' })).paginatedClusters;
    expect(found).toMatchObject({ count: 1, clusters: [{ id: primary }] });
  });

  it('answers cluster(id) to a System Admin only', async () => {
    expect(dataOf(await gql(emulator, emulator.adminKey, CLUSTER, { id: edge })).cluster).toEqual({ id: edge, name: 'edge' });
    const user = emulator.seed.user({ email: uniqueEmail() });
    expectForbidden(await gql(emulator, user.token, CLUSTER, { id: edge }), 'cluster');
  });

  it('seeds exactly the clusters named in the options', async () => {
    const solo = await createEmulator({ port: 0, houstonVersion: '1.0.0', clusters: ['solo'] });
    try {
      expect(solo.clusters.map((cluster) => cluster.name)).toEqual(['solo']);
      expect(dataOf(await gql(solo, solo.adminKey, PAGINATED_CLUSTERS, {})).paginatedClusters.count).toBe(1);
    } finally {
      await solo.close();
    }
  });
});

describe('upsertDeployment create', () => {
  it('refuses a create without clusterId as BAD_USER_INPUT', async () => {
    expectFieldError(await create({}), 'upsertDeployment', { code: 'BAD_USER_INPUT', message: /clusterId/ });
  });

  it('answers not found for an unknown cluster', async () => {
    expectNotFound(await create({ clusterId: UNKNOWN }), 'upsertDeployment');
  });

  it('creates on the cluster named, stores clusterId and lists a registry URL', async () => {
    const created = dataOf(await create({ clusterId: edge, runtimeVersion: '9.1.0' })).upsertDeployment;
    expect(created).toMatchObject({ clusterId: edge, runtimeVersion: '9.1.0' });
    expect(created.urls).toContainEqual(expect.objectContaining({ type: 'registry' }));
    const read = dataOf(await gql(emulator, emulator.adminKey, DEPLOYMENT_CLUSTER, { id: created.id }));
    expect(read.deployment).toEqual({ id: created.id, clusterId: edge, runtimeVersion: '9.1.0' });
  });

  it('defaults to the newest Runtime the cluster offers', async () => {
    expect(dataOf(await create({ clusterId: primary })).upsertDeployment.runtimeVersion).toBe(NEWEST_RUNTIME);
    expect(dataOf(await create({ clusterId: edge })).upsertDeployment.runtimeVersion).not.toBe(NEWEST_RUNTIME);
  });

  it('refuses a Runtime release the cluster lacks, with Houston\'s invalid-runtime-version error', async () => {
    expectFieldError(await create({ clusterId: edge, runtimeVersion: NEWEST_RUNTIME }), 'upsertDeployment', {
      code: 'BAD_USER_INPUT',
      message: `Invalid runtime version ${NEWEST_RUNTIME}`,
    });
  });
});

describe('upsertDeployment update', () => {
  it('updates label and description by deploymentUuid and keeps the cluster', async () => {
    const created = dataOf(await create({ clusterId: primary })).upsertDeployment;
    const variables = { deploymentId: created.id, label: `${created.label}-2`, description: 'nightly' };
    const updated = dataOf(await gql(emulator, emulator.adminKey, UPSERT_UPDATE, variables)).upsertDeployment;
    expect(updated).toEqual({ id: created.id, label: variables.label, description: 'nightly', clusterId: primary });
  });

  it('refuses to move a deployment to another cluster', async () => {
    const created = dataOf(await create({ clusterId: primary })).upsertDeployment;
    const result = await gql(emulator, emulator.adminKey, UPSERT_UPDATE, { deploymentId: created.id, clusterId: edge });
    expectFieldError(result, 'upsertDeployment', { code: 'BAD_USER_INPUT', message: /cluster/ });
  });
});

describe('per-cluster platform data', () => {
  it('offers each cluster its own Runtime releases', async () => {
    const versions = async (clusterId?: string) =>
      (dataOf(await gql(emulator, emulator.adminKey, RUNTIME_RELEASES, { clusterId })).runtimeReleases as { version: string }[]).map((r) => r.version);
    expect(await versions(primary)).toContain(NEWEST_RUNTIME);
    expect(await versions(edge)).not.toContain(NEWEST_RUNTIME);
    expect((await versions(edge)).length).toBeGreaterThan(0);
  });

  it('answers appConfig(clusterId) with that cluster\'s flags', async () => {
    const flags = async (clusterId: string): Promise<unknown> => dataOf(await gql(emulator, null, APP_CONFIG_FOR_CLUSTER, { clusterId })).appConfig;
    expect(await flags(primary)).toMatchObject({ version: '1.1.7', manualNamespaceNames: false });
    expect(await flags(edge)).toMatchObject({ manualNamespaceNames: true, featureFlags: expect.objectContaining({ manualNamespaceNames: true }) });
  });

  it('offers each cluster its own namespaces', async () => {
    const names = async (clusterId: string) =>
      (dataOf(await gql(emulator, emulator.adminKey, NAMESPACES, { clusterId })).availableNamespaces as { name: string }[]).map((n) => n.name);
    const [onPrimary, onEdge] = [await names(primary), await names(edge)];
    expect(onPrimary.length).toBeGreaterThan(0);
    expect(onEdge.length).toBeGreaterThan(0);
    expect(onPrimary.filter((name) => onEdge.includes(name))).toEqual([]);
  });
});
