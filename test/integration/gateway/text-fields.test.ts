// Labels and descriptions, through the gateway against the real emulator: text that would display
// other than it reads (control characters, ANSI escapes, bidi overrides and isolates, lone
// surrogates) is refused 400 naming the field before Houston is asked; ordinary Unicode passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

/** Each kind of character refused, placed mid-text (a label's leading and trailing whitespace is trimmed). */
const REFUSED = [
  { kind: 'NUL', char: '\u0000' },
  { kind: 'BEL (C0)', char: '\u0007' },
  { kind: 'ESC (ANSI colour)', char: '\u001b[31m' },
  { kind: 'line feed (C0)', char: '\n' },
  { kind: 'DEL', char: '\u007f' },
  { kind: 'NEL (C1)', char: '\u0085' },
  { kind: 'CSI (C1)', char: '\u009b' },
  { kind: 'LRE (U+202A)', char: '\u202a' },
  { kind: 'RLO (U+202E)', char: '\u202e' },
  { kind: 'LRI (U+2066)', char: '\u2066' },
  { kind: 'PDI (U+2069)', char: '\u2069' },
  { kind: 'lone high surrogate', char: '\ud800' },
  { kind: 'lone low surrogate', char: '\udc00' },
] as const;

const FRIENDLY = 'Données – équipe ☁';

let gw: TestGateway;
let workspaceId: string;
let deploymentId: string;

const expectProblem = problemAsserter(() => gw.emulator.adminKey);
const admin = () => bearer(gw.adminKey);

beforeAll(async () => {
  gw = await buildTestApp();
  workspaceId = gw.emulator.demo!.workspaceId;
  deploymentId = gw.emulator.demo!.deploymentId;
});

afterAll(async () => {
  await gw?.close();
});

type Method = 'post' | 'patch';

const ROUTES: { name: string; method: Method; path: () => string; field: string; body: (text: string) => Record<string, unknown> }[] = [
  { name: 'POST /workspaces label', method: 'post', path: () => '/workspaces', field: 'label', body: (text) => ({ label: text }) },
  {
    name: 'POST /workspaces description',
    method: 'post',
    path: () => '/workspaces',
    field: 'description',
    body: (text) => ({ label: uniqueLabel('ws'), description: text }),
  },
  { name: 'PATCH /workspaces/{id} label', method: 'patch', path: () => `/workspaces/${workspaceId}`, field: 'label', body: (text) => ({ label: text }) },
  {
    name: 'PATCH /workspaces/{id} description',
    method: 'patch',
    path: () => `/workspaces/${workspaceId}`,
    field: 'description',
    body: (text) => ({ description: text }),
  },
  {
    name: 'POST /deployments label',
    method: 'post',
    path: () => '/deployments',
    field: 'label',
    body: (text) => ({ workspaceId, label: text, executor: 'CeleryExecutor' }),
  },
  { name: 'PATCH /deployments/{id} label', method: 'patch', path: () => `/deployments/${deploymentId}`, field: 'label', body: (text) => ({ label: text }) },
  {
    name: 'PATCH /deployments/{id} description',
    method: 'patch',
    path: () => `/deployments/${deploymentId}`,
    field: 'description',
    body: (text) => ({ description: text }),
  },
  {
    name: 'POST /workspaces/{id}/service-accounts label',
    method: 'post',
    path: () => `/workspaces/${workspaceId}/service-accounts`,
    field: 'label',
    body: (text) => ({ label: text, role: 'WORKSPACE_VIEWER' }),
  },
];

/** A description may run over lines: line feeds (and tabs) are the controls it keeps. */
const refusedIn = (field: string) => REFUSED.filter((refused) => field !== 'description' || refused.char !== '\n');

describe.each(ROUTES)('$name', (route) => {
  it.each(refusedIn(route.field))('refuses $kind with 400 naming the field, before Houston is asked', async ({ char }) => {
    const before = gw.emulator.calls.count();
    const res = await gw.http()[route.method](route.path()).set(admin()).send(route.body(`bad${char}text`));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: `body/${route.field}` }));
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

describe('ordinary non-ASCII text', () => {
  it('is accepted as a workspace label and description, and stored as sent', async () => {
    const label = `${FRIENDLY} ${uniqueLabel('ws')}`;
    const res = await gw.http().post('/workspaces').set(admin()).send({ label, description: FRIENDLY });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ label, description: FRIENDLY });
    const patched = await gw.http().patch(`/workspaces/${res.body.id as string}`).set(admin()).send({ label: `${label} ✓` });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.label).toBe(`${label} ✓`);
  });

  it('keeps line feeds and tabs in a description, not in a label', async () => {
    const description = 'Nightly loads.\n\tOwner: data-eng';
    const res = await gw.http().post('/workspaces').set(admin()).send({ label: uniqueLabel('ws'), description });
    expect(res.status, res.text).toBe(201);
    expect(res.body.description).toBe(description);
    expectProblem(await gw.http().post('/workspaces').set(admin()).send({ label: 'two\nlines' }), 400, 'GW_REQUEST_INVALID');
  });

  it('is accepted as a deployment label and description', async () => {
    const label = `${FRIENDLY} ${uniqueLabel('dep')}`;
    const res = await gw.http().post('/deployments').set(admin()).send({ workspaceId, label, executor: 'CeleryExecutor' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.label).toBe(label);
    const patched = await gw.http().patch(`/deployments/${res.body.id as string}`).set(admin()).send({ description: `${FRIENDLY} 🚀` });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.description).toBe(`${FRIENDLY} 🚀`);
  });
});
