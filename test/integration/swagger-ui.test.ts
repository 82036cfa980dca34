// Issue 16's done-when: the API docs at /docs work as a client. A real Chromium (Debian's package,
// driven by playwright-core) loads Swagger UI from a running gateway, authorizes with a caller key
// through the Authorize dialog, and runs POST /deployments with the body Swagger UI pre-fills from
// the document, changing only the workspace id: the page must show 201. It fails on a relative or
// wrong server URL, on examples that do not make a valid request, and on patterns Swagger UI
// cannot read (issue 16 saw ids pre-filled as "P{Cc}}}").
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../helpers/gateway.js';
import { freePort } from '../helpers/redis-server.js';

/** Debian's package; CHROMIUM_PATH names another build. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Quiet, offline and reproducible: no sandbox (CI runs as root), no GPU, no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * Bounds each browser step, so a missing element fails the test with its name, not a timeout of the
 * whole test. Generous: in CI this file shares two cores with the other test files, and Swagger UI
 * re-renders the whole document after each step (a first render once took over 5 s there).
 */
const STEP_MS = 20_000;

async function requireChromium(): Promise<void> {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `This test drives a real Chromium and found none at ${CHROMIUM}. Install Debian's package ` +
        '(`apt-get install -y --no-install-recommends chromium`; .ci/run does it) or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
}

let gw: TestGateway;
let base: string;
let profile: string;
let context: BrowserContext;

beforeAll(async () => {
  await requireChromium();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The served document's server is PUBLIC_URL: Swagger UI sends "Try it out" requests there.
  gw = await buildTestApp({ port, env: { PUBLIC_URL: base } });
  // A fresh profile each run (the --user-data-dir Playwright manages for a persistent context).
  profile = await mkdtemp(join(tmpdir(), 'hgw-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  context.setDefaultTimeout(STEP_MS);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await gw?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Opens the Authorize dialog, gives the caller key as the bearer token, and closes the dialog. */
async function authorize(page: Page, key: string): Promise<void> {
  await page.getByRole('button', { name: 'Authorize' }).first().click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  const bearer = dialog.locator('.auth-container').filter({ hasText: 'bearerAuth' });
  // Swagger UI's own accessible names for the bearer input and its buttons.
  await bearer.getByLabel('auth-bearer-value').fill(key);
  await bearer.getByRole('button', { name: 'Apply credentials' }).click();
  await bearer.getByRole('button', { name: 'Remove authorization' }).waitFor();
  await bearer.getByRole('button', { name: 'Close' }).click();
}

describe('Swagger UI at /docs, in Chromium', () => {
  // About 8 s alone (Swagger UI re-renders the whole document after each step); the 120 s timeout
  // is margin for a loaded machine, and a step that never happens still fails first, by name.
  it('authorizes with a caller key and creates a deployment from the pre-filled example body (201)', async () => {
    const page = await context.newPage();
    const browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${base}/docs`);
    await authorize(page, gw.adminKey);

    const operation = page.locator('#operations-deployments-createDeployment');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const editor = operation.locator('textarea.body-param__text');
    const example = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
    // A cuid, as Houston's ids are: not text made up from a pattern Swagger UI misread (issue 16).
    expect(example.workspaceId).toMatch(/^c[a-z0-9]{24}$/);
    await editor.fill(JSON.stringify({ ...example, workspaceId: gw.emulator.demo!.workspaceId }, null, 2));
    await operation.getByRole('button', { name: 'Execute' }).click();

    const response = operation.locator('.live-responses-table .response').first();
    await response.waitFor();
    const status = (await response.locator('.response-col_status').textContent())?.trim();
    const text = (await response.locator('.microlight').first().textContent()) ?? '';
    expect(status, text).toBe('201');
    const created = JSON.parse(text) as { id: string; label: string; workspaceId: string };
    expect(created).toMatchObject({ label: example.label, workspaceId: gw.emulator.demo!.workspaceId });
    // It is really there: the gateway finds it in Houston.
    const read = await gw.http().get(`/deployments/${created.id}`).set('authorization', `Bearer ${gw.adminKey}`);
    expect(read.status, read.text).toBe(200);
    expect(browserErrors).toEqual([]);
  }, 120_000);
});
