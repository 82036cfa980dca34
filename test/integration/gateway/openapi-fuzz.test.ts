// Property-based fuzzing of every operation in openapi/openapi.json (issue 14): malformed, hostile
// and valid requests, over real sockets, to a gateway of its own with its own emulator. Whatever
// comes in, the answer keeps the document's promises: no 5xx (but 501 where the emulated Houston
// line lacks the route), errors as problem+json with the HTTP status and x-request-id, only
// statuses the operation declares, and 2xx bodies valid against the declared schema.
// A failure prints how to run it again: FUZZ_SEED=<seed> npx vitest run --project main <this file> -t '<operation>'.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestCases, toRequest, type FuzzWorld, type RequestCase } from '../../helpers/fuzz-inputs.js';
import { buildTestApp, testHoustonVersion, type TestGateway } from '../../helpers/gateway.js';
import { unsupportedRoutesOn } from '../../helpers/houston-line.js';
import { createOracle, loadDocument, operationsOf, routeOf, type Answer, type Oracle, type Operation } from '../../helpers/openapi-oracle.js';
import { bearer } from '../../helpers/problem.js';
import { rawClient } from '../../helpers/raw-request.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_214);
/** Runs per operation: the whole file in 11 s on two idle-ish cores, 25 s on busy ones. FUZZ_RUNS=500 for a long hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

const doc = loadDocument();
const unsupportedRoutes = new Set(unsupportedRoutesOn(testHoustonVersion()));
// Writes before deletions, and among deletions the deepest paths first, so a deleted workspace or
// deployment does not turn every later request into a 404 (2xx answers stay exercised).
const operations = operationsOf(doc).sort((a, b) => rank(a) - rank(b));
function rank(op: Operation): number {
  return op.method === 'DELETE' ? 100 - op.path.split('/').length : 0;
}

/** Each operation draws from its own stream (the same seed everywhere would repeat one sequence of choices). */
function seedOf(op: Operation): number {
  return (SEED ^ createHash('sha256').update(op.name).digest().readInt32BE(0)) | 0;
}

let gw: TestGateway;
let world: FuzzWorld;
let oracle: Oracle;
let client: ReturnType<typeof rawClient>;
/** Statuses answered, by operation reached: what the coverage check reads. */
const statuses = new Map<string, Set<number>>();

beforeAll(async () => {
  // Limits far above what the run sends: a 429 would hide every other answer. Load shedding off:
  // a busy machine's event-loop delay is not what this file tests.
  gw = await buildTestApp({ env: { RATE_LIMIT_MAX: '1000000', AUTH_FAILURE_LIMIT: '1000000', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' } });
  const demo = gw.emulator.demo!;
  const created = async (path: string, body: object) => {
    const res = await gw.http().post(path).set(bearer(gw.adminKey)).send(body);
    expect(res.status, res.text).toBe(201);
    return (res.body as { id: string }).id;
  };
  const teamId = gw.emulator.seed.team({ name: 'fuzz-team', memberIds: [demo.userId] }).id;
  gw.emulator.seed.roleBinding({ role: 'WORKSPACE_VIEWER', teamId, workspaceId: demo.workspaceId });
  gw.emulator.seed.roleBinding({ role: 'DEPLOYMENT_VIEWER', teamId, deploymentId: demo.deploymentId });
  const releases = await gw.http().get('/runtime-releases').set(bearer(gw.adminKey));
  world = {
    known: {
      workspaceId: [demo.workspaceId],
      deploymentId: [demo.deploymentId],
      userId: [demo.userId],
      // The demo user (already a member: 409) and users of no workspace yet (201).
      email: [demo.userEmail, ...[1, 2, 3].map((n) => gw.emulator.seed.user({ email: `fuzz-${n}@example.com` }).email)],
      teamId: [teamId],
      // DELETE /admin/keys/{keyId} revokes these, never the keys the run sends.
      keyId: [await created('/admin/keys', { name: 'fuzz victim', scopes: ['workspaces:read'] })],
      serviceAccountId: [
        await created(`/workspaces/${demo.workspaceId}/service-accounts`, { label: 'fuzz-ws-sa', role: 'WORKSPACE_VIEWER' }),
        await created(`/deployments/${demo.deploymentId}/service-accounts`, { label: 'fuzz-dep-sa', role: 'DEPLOYMENT_VIEWER' }),
      ],
      ...(gw.emulator.clusters.length ? { clusterId: gw.emulator.clusters.map((c) => c.id) } : {}),
      ...(releases.status === 200 ? { runtimeVersion: (releases.body as { version: string }[]).map((r) => r.version) } : {}),
    },
    opaque: ['cursor'],
    keys: { admin: gw.adminKey, narrow: await gw.keyWith(['workspaces:read']) },
    bodyLimit: gw.config.bodyLimitBytes,
  };
  oracle = createOracle(doc, { unsupportedRoutes });
  client = rawClient(gw.app.server);
});

afterAll(async () => {
  client?.close();
  await gw?.close();
});

/** Long runs of one character (padding, huge ids) printed as `x×20000`, so a report stays readable. */
function shorten(text: string): string {
  return text.replace(/(.)\1{39,}/gsu, (run, char: string) => `${char}×${run.length}`);
}

function excerpt(text: string, max = 300): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
}

/** Sends one generated request and throws, describing request and answer, if the oracle objects. */
async function check(op: Operation, c: RequestCase): Promise<void> {
  const req = toRequest(op, c, world);
  const answer = await client.send(req);
  const reached = routeOf(operations, req.method, req.path);
  if (reached) statuses.set(reached.name, (statuses.get(reached.name) ?? new Set()).add(answer.status));
  const problems = oracle(reached, answer);
  if (problems.length === 0) return;
  const keys = new Set(['authorization', 'x-api-key']);
  throw new Error(
    [
      `${req.method} ${excerpt(req.path, 200)} (reaches ${reached?.name ?? 'no operation'})`,
      `  headers: ${excerpt(req.headers.map(([k, v]) => `${k}: ${keys.has(k) ? '[key]' : v}`).join(' | '))}`,
      `  body: ${req.body ? excerpt(req.body.toString('utf8')) : '(none)'}`,
      `  answer: ${answer.status} ${String(answer.headers['content-type'])} ${excerpt(answer.text)}`,
      ...problems.map((p) => `  - ${p}`),
    ].join('\n'),
  );
}

/** fast-check's report, with the command that runs it again and long values shortened. */
function reporter(op: Operation) {
  return (details: fc.RunDetails<[RequestCase]>): void => {
    if (!details.failed) return;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      [
        `Property failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times); fast-check seed ${details.seed}, path "${details.counterexamplePath}".`,
        `Run it again: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx vitest run --project main test/integration/gateway/openapi-fuzz.test.ts -t '${op.name} '`,
        `Counterexample: ${shorten(fc.stringify(details.counterexample))}`,
        shorten(cause),
      ].join('\n'),
    );
  };
}

describe(`every OpenAPI operation under fuzzing (FUZZ_SEED=${SEED}, ${RUNS} runs each)`, () => {
  for (const op of operations) {
    it(`${op.name} keeps the document's promises`, async () => {
      await fc.assert(fc.asyncProperty(requestCases(op, doc, world), (c) => check(op, c)), {
        seed: seedOf(op),
        numRuns: RUNS,
        // Shrinking a failure sends requests too: bounded, so the report arrives before vitest's timeout.
        interruptAfterTimeLimit: 15_000,
        reporter: reporter(op),
      });
    });
  }

  // Not a promise of the gateway but of this file: the inputs reach past validation (2xx answers on
  // most operations) and reach each kind of refusal, so a pass means something.
  it('reached 2xx answers on most operations and every kind of refusal', () => {
    const served = operations.filter((op) => !unsupportedRoutes.has(op.route));
    const succeeded = served.filter((op) => [...(statuses.get(op.name) ?? [])].some((s) => s >= 200 && s < 300));
    expect(succeeded.length, `2xx on ${succeeded.length} of ${served.length} operations`).toBeGreaterThanOrEqual(served.length * 0.75);
    const seen = new Set([...statuses.values()].flatMap((set) => [...set]));
    expect([400, 401, 403, 404, 413, 415, 431].filter((status) => !seen.has(status))).toEqual([]);
  });
});

describe('the oracle', () => {
  const local = createOracle(doc, { unsupportedRoutes: new Set(['GET /clusters']) });
  const byName = (name: string) => operations.find((op) => op.name === name)!;
  const getWorkspace = byName('GET /workspaces/{workspaceId}');
  const problem = (status: number, code: string, contentType = 'application/problem+json; charset=utf-8'): Answer => ({
    status,
    headers: { 'content-type': contentType, 'x-request-id': 'r1' },
    text: JSON.stringify({ type: 'urn:x', title: 't', status, code, requestId: 'r1' }),
  });
  const workspace = { id: 'w1', label: 'demo', description: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
  const ok = (body: unknown): Answer => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' }, text: JSON.stringify(body) });

  it('accepts a valid 2xx body and a declared problem', () => {
    expect(local(getWorkspace, ok(workspace))).toEqual([]);
    expect(local(getWorkspace, problem(404, 'GW_UPSTREAM_NOT_FOUND'))).toEqual([]);
  });

  it('rejects a 2xx body that breaks the response schema', () => {
    expect(local(getWorkspace, ok({ ...workspace, label: undefined })).join()).toMatch(/does not match its schema/);
    expect(local(getWorkspace, ok({ ...workspace, createdAt: 7 })).join()).toMatch(/does not match its schema/);
    expect(local(getWorkspace, ok({ ...workspace, secret: 'x' })).join()).toMatch(/does not match its schema/);
  });

  it('rejects statuses the operation does not declare, and any 5xx but 501 where the line lacks the route', () => {
    expect(local(byName('GET /workspaces'), problem(404, 'GW_UPSTREAM_NOT_FOUND')).join()).toMatch(/not declared/);
    expect(local(getWorkspace, problem(500, 'GW_INTERNAL')).join()).toMatch(/answered 500/);
    expect(local(getWorkspace, problem(502, 'GW_UPSTREAM_UNAVAILABLE')).join()).toMatch(/answered 502/);
    expect(local(getWorkspace, problem(501, 'GW_UPSTREAM_UNSUPPORTED')).join()).toMatch(/answered 501/);
    expect(local(byName('GET /clusters'), problem(501, 'GW_UPSTREAM_UNSUPPORTED'))).toEqual([]);
  });

  it('rejects errors that are not problem+json with the HTTP status and the request id', () => {
    expect(local(getWorkspace, problem(404, 'GW_UPSTREAM_NOT_FOUND', 'application/json')).join()).toMatch(/content-type/);
    const wrongStatus = { ...problem(404, 'GW_UPSTREAM_NOT_FOUND'), status: 400 };
    expect(local(getWorkspace, wrongStatus).join()).toMatch(/not the HTTP status/);
    const replayed = { ...wrongStatus, status: 404, headers: { ...wrongStatus.headers, 'x-request-id': 'r2' } };
    expect(local(getWorkspace, replayed).join()).toMatch(/requestId/);
    expect(local(getWorkspace, { ...replayed, headers: { ...replayed.headers, 'idempotent-replayed': 'true' } })).toEqual([]);
    const noId = problem(404, 'GW_UPSTREAM_NOT_FOUND');
    delete noId.headers['x-request-id'];
    expect(local(getWorkspace, noId).join()).toMatch(/x-request-id/);
  });

  it('finds the operation a raw path reaches, as the router does', () => {
    expect(routeOf(operations, 'GET', '/workspaces/')?.name).toBe('GET /workspaces');
    expect(routeOf(operations, 'GET', '/workspaces//deployments?limit=1')?.name).toBe('GET /workspaces/{workspaceId}/deployments');
    expect(routeOf(operations, 'GET', '/workspaces/../deployments')?.name).toBe('GET /workspaces/{workspaceId}/deployments');
    expect(routeOf(operations, 'GET', '/workspaces/a/b')).toBeUndefined();
    expect(routeOf(operations, 'PUT', '/workspaces/a')).toBeUndefined();
  });
});
