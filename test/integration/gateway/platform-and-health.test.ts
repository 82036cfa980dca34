// GET /platform (any valid caller key) and the public operations endpoints /healthz and /readyz,
// on every Houston line of the matrix: /platform and /readyz say what the line supports.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { suiteLine, unsupportedRoutesOn } from '../../helpers/houston-line.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

let gw: TestGateway;
const line = suiteLine();
const UNSUPPORTED = unsupportedRoutesOn(line.version);

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

async function whileHoustonIsDown<T>(run: () => Promise<T>): Promise<T> {
  await gw.emulator.stop();
  try {
    return await run();
  } finally {
    await gw.emulator.start();
  }
}

beforeAll(async () => {
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false' } });
});

afterEach(() => {
  gw.emulator.faults.clear();
});

afterAll(async () => {
  await gw?.close();
});

describe('GET /platform', () => {
  it('returns version, base domain and boolean feature flags, not the appConfig envelope', async () => {
    const res = await gw.http().get('/platform').set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['baseDomain', 'capabilities', 'features', 'houston', 'version']);
    expect(res.body).toMatchObject({ version: line.version, baseDomain: 'local.houston.test' });
    // Before 2.0 the flags come at top level too (before 0.28 only there); 2.0 keeps them in featureFlags.
    expect(res.body.features).toMatchObject({ manualReleaseNames: true, hardDeleteDeployment: true });
    for (const value of Object.values(res.body.features as Record<string, unknown>)) expect(typeof value).toBe('boolean');
  });

  it('says what this Houston line supports, so a portal can shape its forms', async () => {
    const res = await gw.http().get('/platform').set(bearer(gw.adminKey));
    expect(res.body.capabilities).toEqual({
      clusters: line.clusters,
      runtime: line.runtime,
      astronomerCertified: line.astronomerCertified,
      deploymentModes: line.modes ? ['helm', 'operator'] : [],
      runtimeReleases: line.runtime,
      teams: line.teams,
    });
    expect(res.body.houston.detectedBy).toBe('introspection');
    expect([...(res.body.houston.unsupportedRoutes as string[])].sort()).toEqual(UNSUPPORTED);
  });

  it('answers any valid caller key, even one without scopes', async () => {
    const res = await gw.http().get('/platform').set(bearer(await gw.keyWith(['users:read'])));
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(line.version);
  });

  it('returns 401 with WWW-Authenticate without a key, without asking Houston', async () => {
    const before = gw.emulator.calls.count();
    const res = await gw.http().get('/platform');
    expectProblem(res, 401, 'GW_AUTH_MISSING');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('returns 401 with WWW-Authenticate for an unknown key', async () => {
    const res = await gw.http().get('/platform').set(bearer('hgw_unknown_key_000000000000000000'));
    expectProblem(res, 401, 'GW_AUTH_INVALID');
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it('returns 401 for a malformed Authorization header', async () => {
    const res = await gw.http().get('/platform').set({ authorization: 'Basic dXNlcjpwYXNz' });
    expectProblem(res, 401, 'GW_AUTH_INVALID');
  });

  it('returns 502 when Houston is down', async () => {
    const res = await whileHoustonIsDown(() => gw.http().get('/platform').set(bearer(gw.adminKey)));
    expectProblem(res, 502, 'GW_UPSTREAM_UNAVAILABLE');
  });

  it('returns 504 when Houston is too slow', async () => {
    gw.emulator.faults.set({ latencyMs: 3000 });
    expectProblem(await gw.http().get('/platform').set(bearer(gw.adminKey)), 504, 'GW_UPSTREAM_TIMEOUT');
  });
});

describe('GET /healthz', () => {
  it('answers ok without a key', async () => {
    const res = await gw.http().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('stays ok while Houston is down: it reports the process only', async () => {
    const res = await whileHoustonIsDown(() => gw.http().get('/healthz'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers ready with a Houston check when Houston answers, without a key', async () => {
    const res = await gw.http().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      status: 'ready',
      checks: {
        houston: { ok: true },
        houstonSchema: {
          ok: true,
          detail: UNSUPPORTED.length ? expect.stringMatching(/^unsupported on this Houston: /) : 'all routes supported (learned by introspection)',
        },
        redis: { ok: true, detail: expect.stringMatching(/^server redis:\/\/127\.0\.0\.1:\d+: primary; takes writes$/) },
        rateLimits: { ok: true },
        idempotency: { ok: true },
        callerKeys: { ok: true },
        cache: { ok: true, detail: 'off' },
      },
    });
    const listed = String(res.body.checks.houstonSchema.detail).replace(/^unsupported on this Houston: /, '');
    expect(UNSUPPORTED.length ? listed.split(', ').sort() : []).toEqual(UNSUPPORTED);
  });

  it('asks Houston with the request id of the readiness probe', async () => {
    await gw.http().get('/readyz').set('x-request-id', 'probe-42');
    expect(gw.emulator.calls.all.at(-1)?.headers['x-request-id']).toBe('probe-42');
  });

  it('answers 503 not-ready while Houston is down', async () => {
    const res = await whileHoustonIsDown(() => gw.http().get('/readyz'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'not-ready', checks: { houston: { ok: false } } });
    expect(res.text).not.toContain(gw.emulator.adminKey);
  });

  it('answers 503 not-ready when Houston fails with 5xx', async () => {
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    const res = await gw.http().get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not-ready');
  });

  it('is ready again once Houston is back', async () => {
    await whileHoustonIsDown(() => gw.http().get('/readyz'));
    const res = await gw.http().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });
});
