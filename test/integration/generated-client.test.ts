// A client generated from openapi/openapi.json (openapi-typescript types + openapi-fetch) runs the
// flow of the Houston documentation against the gateway over a real socket. Only typed calls:
// when the document and the types drift apart, this file stops type-checking.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../generated/houston-gateway-api.js';
import { buildTestApp, type TestGateway } from '../helpers/gateway.js';

let t: TestGateway;
let client: Client<paths>;
let workspaceId: string;

beforeAll(async () => {
  t = await buildTestApp();
  workspaceId = t.emulator.demo!.workspaceId;
  const { port } = t.app.server.address() as AddressInfo;
  client = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}`, headers: { authorization: `Bearer ${t.adminKey}` } });
});

afterAll(async () => {
  await t?.close();
});

describe('the generated client', () => {
  it('creates, reads, configures and deletes a deployment, adding a workspace user on the way', async () => {
    const label = `etl-${randomUUID().slice(0, 8)}`;
    const created = await client.POST('/deployments', { body: { workspaceId, label, executor: 'CeleryExecutor' } });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const deployment = created.data!;
    expect(deployment).toMatchObject({ label, workspaceId, executor: 'CeleryExecutor' });
    expect(deployment.releaseName).not.toBe('');
    expect(created.response.headers.get('location')).toBe(`/deployments/${deployment.id}`);
    const byId = { params: { path: { deploymentId: deployment.id } } };

    const read = await client.GET('/deployments/{deploymentId}', byId);
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ id: deployment.id, label, releaseName: deployment.releaseName });

    const variables = await client.PUT('/deployments/{deploymentId}/environment-variables', {
      ...byId,
      body: {
        environmentVariables: [
          { key: 'LOG_FORMAT', value: 'json', isSecret: false },
          { key: 'WAREHOUSE_PASSWORD', value: 'hunter2', isSecret: true },
        ],
      },
    });
    expect(variables.response.status, JSON.stringify(variables.error)).toBe(200);
    expect(variables.data?.environmentVariables).toEqual(
      expect.arrayContaining([
        { key: 'LOG_FORMAT', value: 'json', isSecret: false },
        { key: 'WAREHOUSE_PASSWORD', value: null, isSecret: true },
      ]),
    );
    const reread = await client.GET('/deployments/{deploymentId}/environment-variables', byId);
    expect(reread.data?.environmentVariables.find((v) => v.key === 'WAREHOUSE_PASSWORD')?.value).toBeNull();

    const email = `ana.${randomUUID().slice(0, 8)}@example.com`;
    const added = await client.POST('/workspaces/{workspaceId}/users', {
      params: { path: { workspaceId } },
      body: { email, role: 'WORKSPACE_EDITOR', bypassInvite: true },
    });
    expect(added.response.status, JSON.stringify(added.error)).toBe(201);
    expect(added.data).toMatchObject({ emails: [email], role: 'WORKSPACE_EDITOR' });

    const deleted = await client.DELETE('/deployments/{deploymentId}', byId);
    expect(deleted.response.status).toBe(204);

    const gone = await client.GET('/deployments/{deploymentId}', byId);
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ status: 404, code: 'GW_UPSTREAM_NOT_FOUND' });
  });

  it('gets a typed problem document back when the request breaks the schema', async () => {
    const rejected = await client.POST('/deployments', { body: { workspaceId, label: '', executor: 'CeleryExecutor' } });
    expect(rejected.response.status).toBe(400);
    expect(rejected.error?.code).toBe('GW_REQUEST_INVALID');
    expect(rejected.error?.errors?.map((problem) => problem.field)).toEqual([expect.stringMatching(/label$/)]);
  });
});
