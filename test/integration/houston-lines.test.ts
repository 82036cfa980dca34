// The acceptance run, as a curl user would do it: for each Houston release of the matrix,
// `npm run sandbox` (startSandbox, the same code) with EMULATOR_HOUSTON_VERSION, then the whole
// deployment flow over HTTP — with Houston's introspection on, and again with it off (the gateway
// then goes by the version Houston reports).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { uniqueEmail, uniqueLabel } from '../helpers/emulator-client.js';
import { buildTestApp } from '../helpers/gateway.js';
import { bearer } from '../helpers/problem.js';
import { suiteLine } from '../helpers/houston-line.js';
import { MATRIX_VERSIONS } from '../../vitest.config.js';

const cases = MATRIX_VERSIONS.flatMap((version) => [
  { version, introspection: true },
  { version, introspection: false },
]);

describe.each(cases)('a curl user on Houston $version (introspection $introspection)', ({ version, introspection }) => {
  const line = suiteLine(version);
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      EMULATOR_PORT: '0',
      LOG_LEVEL: 'silent',
      EMULATOR_HOUSTON_VERSION: version,
      EMULATOR_INTROSPECTION: String(introspection),
    });
    sandbox = await startSandbox(config, { logger: false });
  });
  afterAll(() => sandbox?.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked field by field below
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${sandbox.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  it('reads the platform, creates a workspace and a deployment, changes it, sets variables, adds a user, deletes it', async () => {
    const platform = await call('GET', '/platform');
    expect(platform.status).toBe(200);
    expect(platform.body.version).toBe(version);
    expect(platform.body.houston.detectedBy).toBe(introspection ? 'introspection' : 'version');
    expect(platform.body.capabilities.clusters).toBe(line.clusters);
    expect(platform.body.capabilities.deploymentModes).toEqual(line.modes ? ['helm', 'operator'] : []);

    const workspace = await call('POST', '/workspaces', { label: uniqueLabel('flow') });
    expect(workspace.status).toBe(201);

    const clusters = await call('GET', '/clusters');
    let clusterId: string | undefined;
    if (line.clusters) {
      expect(clusters.status).toBe(200);
      expect(clusters.body.length).toBeGreaterThanOrEqual(2);
      clusterId = clusters.body[0].id as string;
    } else {
      expect(clusters.status).toBe(501);
      expect(clusters.body.code).toBe('GW_UPSTREAM_UNSUPPORTED');
    }

    const created = await call('POST', '/deployments', {
      workspaceId: workspace.body.id,
      label: 'etl',
      executor: 'CeleryExecutor',
      ...(line.runtime ? { runtimeVersion: '9.1.0' } : { airflowVersion: '2.3.4' }),
      ...(clusterId ? { clusterId } : {}),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body.clusterId).toBe(clusterId ?? null);

    const read = await call('GET', `/deployments/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, label: 'etl', workspaceId: workspace.body.id, clusterId: clusterId ?? null });
    expect(read.body[line.runtime ? 'runtimeVersion' : 'airflowVersion']).toBe(line.runtime ? '9.1.0' : '2.3.4');

    const listed = await call('GET', `/workspaces/${workspace.body.id}/deployments`);
    expect((listed.body as { id: string }[]).map((d) => d.id)).toEqual([id]);

    const changed = await call('PATCH', `/deployments/${id}`, { label: 'etl-nightly', description: 'nightly loads' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ label: 'etl-nightly', description: 'nightly loads' });

    const variables = [{ key: 'TARGET', value: 'warehouse', isSecret: false }, { key: 'TOKEN', value: 's3cr3t-value', isSecret: true }];
    const put = await call('PUT', `/deployments/${id}/environment-variables`, { environmentVariables: variables });
    expect(put.status).toBe(200);
    const got = await call('GET', `/deployments/${id}/environment-variables`);
    expect(got.body.environmentVariables).toEqual([{ key: 'TARGET', value: 'warehouse', isSecret: false }, { key: 'TOKEN', value: null, isSecret: true }]);

    const user = await call('POST', `/workspaces/${workspace.body.id}/users`, { email: uniqueEmail('flow'), role: 'WORKSPACE_EDITOR', bypassInvite: true });
    expect(user.status, JSON.stringify(user.body)).toBe(201);

    expect((await call('DELETE', `/deployments/${id}`)).status).toBe(204);
    const gone = await call('GET', `/deployments/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('GW_UPSTREAM_NOT_FOUND');
  });
});

describe('a Houston whose version string is not its platform version', () => {
  it.each([
    { what: 'APC 1.1 reporting its Houston image version 1.0.58, introspection off', reportedVersion: '1.0.58', introspection: false },
    { what: 'a development build reporting "dev", introspection on', reportedVersion: 'dev', introspection: true },
  ])('still creates deployments on their cluster: $what', async ({ reportedVersion, introspection }) => {
    const gw = await buildTestApp({ emulator: { houstonVersion: '1.1.7', reportedVersion, introspection } });
    try {
      const platform = await gw.http().get('/platform').set(bearer(gw.adminKey));
      expect(platform.body).toMatchObject({ version: reportedVersion, capabilities: { clusters: true, astronomerCertified: false } });
      const clusterId = gw.emulator.clusters[1]!.id;
      const res = await gw
        .http()
        .post('/deployments')
        .set(bearer(gw.adminKey))
        .send({ workspaceId: gw.emulator.demo!.workspaceId, label: uniqueLabel('v'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0', clusterId });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ clusterId, runtimeVersion: '9.1.0', airflowVersion: null });
    } finally {
      await gw.close();
    }
  });
});
