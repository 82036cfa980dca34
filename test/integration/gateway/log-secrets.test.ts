import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const SECRET_VALUE = 'env-secret-value-7f3a9c';
const lines: string[] = [];
let gw: TestGateway;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  gw = await buildTestApp({ logger: { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream } });
});
afterAll(() => gw.close());

describe('log lines', () => {
  it('carry no caller key, Houston key or secret value, even when Houston fails mid-write', async () => {
    const deploymentId = gw.emulator.demo!.deploymentId;
    const path = `/deployments/${deploymentId}/environment-variables`;
    const body = { environmentVariables: [{ key: 'TOKEN', value: SECRET_VALUE, isSecret: true }] };

    const ok = await gw.http().put(path).set(bearer(gw.adminKey)).send(body);
    expect(ok.status).toBe(200);
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    try {
      const failed = await gw.http().put(path).set('x-api-key', gw.adminKey).send(body);
      expect(failed.status).toBe(502);
    } finally {
      gw.emulator.faults.clear();
    }
    await gw.http().get('/workspaces').set(bearer('hgw_wrong-key-that-is-not-known'));

    const log = lines.join('');
    expect(log).toContain('request failed'); // the 502 was logged at error level
    for (const secret of [gw.adminKey, gw.emulator.adminKey, SECRET_VALUE, 'hgw_wrong-key-that-is-not-known']) {
      expect(log).not.toContain(secret);
    }
  });
});
