// A Houston upgraded under a running gateway, at the same URL: the gateway logs what the old line
// lacked, then, when the new Houston refuses an old document as invalid, learns the new schema and
// answers with the new line's variant in the same request — no restart, no error to the caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';

const lines: string[] = [];
let gw: TestGateway;
let upgraded: HoustonEmulator | undefined;

beforeAll(async () => {
  const stream = logSink(lines);
  gw = await buildTestApp({ emulator: { houstonVersion: '0.37.7' }, env: { CACHE_ENABLED: 'false' }, logger: { level: 'info', stream } });
});

afterAll(async () => {
  await gw?.close();
  await upgraded?.close();
});

const logged = () => lines.map((line) => JSON.parse(line) as { msg: string; houston?: { unsupportedRoutes: string[] } });

describe('Houston upgraded from 0.37.7 to 2.1.0 at the same URL', () => {
  it('logs the routes the old line lacks when it learns them', () => {
    const warning = logged().find((line) => line.msg === 'these routes answer 501 on the connected Houston');
    expect(warning?.houston?.unsupportedRoutes).toEqual(['GET /clusters', 'GET /clusters/:clusterId']);
    expect(lines.join('')).not.toContain(gw.emulator.adminKey);
  });

  it('answers reads with the new line\'s documents after Houston refuses the old ones, in the same request', async () => {
    expect((await gw.http().get('/clusters').set(bearer(gw.adminKey))).status).toBe(501);
    const { port, adminKey } = gw.emulator;
    await gw.emulator.stop();
    upgraded = await createEmulator({ port, adminKey, houstonVersion: '2.1.0', seedDemo: true, deployingMs: 50 });
    const before = upgraded.calls.count();

    const res = await gw.http().get(`/workspaces/${upgraded.demo!.workspaceId}/deployments`).set(bearer(gw.adminKey));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: upgraded.demo!.deploymentId, clusterId: upgraded.clusters[0]!.id, airflowVersion: null })]);
    // The old text was refused (it selects airflowVersion), the schema learned, the new text sent.
    const sent = upgraded.calls.all.slice(before).map((call) => call.operationName);
    expect(sent).toEqual(expect.arrayContaining(['ListWorkspaceDeployments', 'IntrospectionQuery']));
    expect(sent.filter((name) => name === 'ListWorkspaceDeployments')).toHaveLength(2);

    expect((await gw.http().get('/clusters').set(bearer(gw.adminKey))).status).toBe(200);
    const ready = await gw.http().get('/readyz');
    expect(ready.body.checks.houstonSchema.detail).toBe('all routes supported (learned by introspection)');
  });
});
