// A platform portal's flow through a client generated from openapi/openapi.json (openapi-typescript
// types + openapi-fetch), on a 0.37 line and on a 2.1 line: pick a Runtime version, create a
// deployment with it, ship an image with a CI key that can do nothing else, read and follow the
// logs, start and cancel a Runtime upgrade, give a team a role, and page through 250 deployments.
import type { AddressInfo } from 'node:net';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../generated/houston-gateway-api.js';
import { buildTestApp, type TestGateway } from '../helpers/gateway.js';

const clientFor = (gw: TestGateway, key: string): Client<paths> => {
  const { port } = gw.app.server.address() as AddressInfo;
  return createClient<paths>({ baseUrl: `http://127.0.0.1:${port}`, headers: { authorization: `Bearer ${key}` } });
};

/** Reads an SSE body until an event whose data names `message` arrives; gives up after `ms`. */
async function waitForEvent(body: ReadableStream<Uint8Array>, message: string, ms: number): Promise<boolean> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let seen = '';
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!next || next.done) return false;
      seen += decoder.decode(next.value, { stream: true });
      if (seen.includes(message)) return true;
    }
    return false;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe.each(['0.37.7', '2.1.0'])('a portal on Houston %s, through the generated client', (houstonVersion) => {
  let gw: TestGateway;
  let portal: Client<paths>;
  let workspaceId: string;

  beforeAll(async () => {
    // Rollouts last a minute here, so the Runtime upgrade is still under way when it is cancelled.
    gw = await buildTestApp({ emulator: { houstonVersion, deployingMs: 60_000 }, env: { HOUSTON_DEFAULT_CLUSTER_ID: '' } });
    portal = clientFor(gw, gw.adminKey);
    const workspace = await portal.POST('/workspaces', { body: { label: `portal-${houstonVersion}` } });
    workspaceId = workspace.data!.id;
  });

  afterAll(async () => {
    // fetch leaves a spare connection to the gateway after a streamed body is cancelled; Node's idle
    // sweep does not take it, so it is closed here rather than left to the 60 s headers timeout.
    gw?.app.server.closeAllConnections();
    await gw?.close();
  });

  it('runs the whole flow', async () => {
    const platform = await portal.GET('/platform');
    const clusterId = platform.data!.capabilities.clusters ? (await portal.GET('/clusters', { params: { query: {} } })).data![0]!.id : undefined;

    const releases = await portal.GET('/runtime-releases', { params: { query: clusterId ? { clusterId } : {} } });
    expect(releases.response.status).toBe(200);
    const runtimeVersion = releases.data!.find((release) => release.version === '9.1.0')!.version;

    const created = await portal.POST('/deployments', { body: { workspaceId, label: 'etl', executor: 'CeleryExecutor', runtimeVersion, ...(clusterId ? { clusterId } : {}) } });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const deploymentId = created.data!.id;
    const byId = { params: { path: { deploymentId } } };

    const ci = clientFor(gw, await gw.keyWith(['deployments:deploy']));
    const image = `registry.local.houston.test/${created.data!.releaseName}/airflow:ci-1`;
    const deployed = await ci.PUT('/deployments/{deploymentId}/image', { ...byId, body: { image } });
    expect(deployed.response.status, JSON.stringify(deployed.error)).toBe(202);
    expect(deployed.data).toMatchObject({ deploymentId, image, runtimeVersion });
    const refused = await ci.DELETE('/deployments/{deploymentId}', { ...byId, params: { ...byId.params, query: {} } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.code).toBe('GW_AUTH_SCOPE');

    gw.emulator.logs.emit({ deploymentId, component: 'scheduler', message: 'scheduler started' });
    const logs = await portal.GET('/deployments/{deploymentId}/logs', { params: { path: { deploymentId }, query: { component: 'scheduler' } } });
    expect(logs.response.status).toBe(200);
    expect(Array.isArray(logs.data) ? logs.data.map((line) => line.message) : []).toContain('scheduler started');

    const stream = await portal.GET('/deployments/{deploymentId}/logs', {
      params: { path: { deploymentId }, query: { component: 'scheduler' } },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
    });
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Emitted once the gateway holds its Houston subscription (the stream has begun).
    await expect.poll(() => gw.emulator.logs.openSubscriptions()).toBeGreaterThan(0);
    gw.emulator.logs.emit({ deploymentId, component: 'scheduler', message: 'task etl.load succeeded' });
    expect(await waitForEvent(stream.response.body!, 'task etl.load succeeded', 2_000)).toBe(true);

    const upgrading = await portal.POST('/deployments/{deploymentId}/runtime-upgrade', { ...byId, body: { runtimeVersion: '9.5.0' } });
    expect(upgrading.response.status, JSON.stringify(upgrading.error)).toBe(202);
    expect(upgrading.data).toMatchObject({ runtimeVersion, desiredRuntimeVersion: '9.5.0' });
    const cancelled = await portal.DELETE('/deployments/{deploymentId}/runtime-upgrade', byId);
    expect(cancelled.data).toMatchObject({ runtimeVersion, desiredRuntimeVersion: runtimeVersion });

    const team = gw.emulator.seed.team({ name: `analysts-${houstonVersion}` });
    const added = await portal.POST('/workspaces/{workspaceId}/teams', { params: { path: { workspaceId } }, body: { teamId: team.id, role: 'WORKSPACE_EDITOR' } });
    expect(added.response.status, JSON.stringify(added.error)).toBe(201);
    const teams = await portal.GET('/workspaces/{workspaceId}/teams', { params: { path: { workspaceId }, query: {} } });
    expect(teams.data).toContainEqual(expect.objectContaining({ id: team.id, role: 'WORKSPACE_EDITOR' }));
  });

  it('pages through 250 deployments 100 at a time by following Link headers, seeing each exactly once', async () => {
    const clusterId = gw.emulator.clusters[0]?.id;
    const made = new Set<string>();
    for (let i = 0; i < 250; i += 1) {
      const res = await portal.POST('/deployments', { body: { workspaceId, label: `bulk-${i}`, executor: 'LocalExecutor', runtimeVersion: '9.1.0', ...(clusterId ? { clusterId } : {}) } });
      expect(res.response.status).toBe(201);
      made.add(res.data!.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await portal.GET('/workspaces/{workspaceId}/deployments', { params: { path: { workspaceId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
      seen.push(...page.data!.map((deployment) => deployment.id));
      const next = /^<([^>]+)>; rel="next"$/.exec(page.response.headers.get('link') ?? '')?.[1];
      cursor = next ? (new URL(next, 'http://gateway').searchParams.get('cursor') ?? undefined) : undefined;
      pages += 1;
    } while (cursor && pages < 10);
    const bulk = seen.filter((id) => made.has(id));
    expect(bulk).toHaveLength(250);
    expect(new Set(bulk).size).toBe(250);
    expect(pages).toBe(3);
  }, 60_000);
});
