// The HTTP envelope of the emulator: how it authenticates, what a success and a failure look like
// (FACTS §1), and the appConfig documents every CLI start sends (FACTS §2.1, §3.1).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectForbidden, firstError, gql, idsOf } from '../../helpers/emulator-client.js';
import {
  APP_CONFIG,
  APP_CONFIG_VERSION,
  CREATE_DEPLOYMENT,
  GET_WORKSPACE,
  LIST_WORKSPACES,
  PAGINATED_WORKSPACE_USERS,
  WORKSPACE_ADD_USER,
} from './documents.js';
import { HOUSTON_0X, addUser, createDeploymentVariables, createWorkspace, startEmulator, workspaceKey, type Workspace } from './seed.js';

let emulator: HoustonEmulator;
let workspace: Workspace;

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await createWorkspace(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe('appConfig', () => {
  it('answers the version query without a token and with variables null', async () => {
    const result = await gql(emulator, null, APP_CONFIG_VERSION, null);
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty('errors');
    expect(result.body.data).toEqual({ appConfig: { version: HOUSTON_0X } });
  });

  it('answers the full 0.29.2 appConfig document with booleans and a feature-flag object', async () => {
    const data = dataOf(await gql(emulator, null, APP_CONFIG, {}));
    const config = data.appConfig;
    expect(config.version).toBe(HOUSTON_0X);
    expect(config.baseDomain).toBe('local.houston.test');
    for (const flag of ['smtpConfigured', 'manualReleaseNames', 'configureDagDeployment', 'nfsMountDagDeployment', 'manualNamespaceNames', 'hardDeleteDeployment', 'triggererEnabled']) {
      expect(typeof config[flag], flag).toBe('boolean');
    }
    expect(config.featureFlags).toBeTypeOf('object');
    expect(config.featureFlags).not.toBeNull();
    for (const [name, value] of Object.entries(config.featureFlags as Record<string, unknown>)) {
      expect(typeof value, `featureFlags.${name}`).toBe('boolean');
    }
  });
});

describe('authentication', () => {
  it('accepts the raw key in the authorization header', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: workspace.id }));
    expect(data.workspace).toMatchObject({ id: workspace.id, label: workspace.label });
  });

  it('accepts the key with a Bearer prefix', async () => {
    const data = dataOf(await gql(emulator, `Bearer ${emulator.adminKey}`, GET_WORKSPACE, { workspaceUuid: workspace.id }));
    expect(data.workspace).toMatchObject({ id: workspace.id, label: workspace.label });
  });

  it('accepts variables: null for a document without variables', async () => {
    const viewer = await workspaceKey(emulator, workspace.id, 'WORKSPACE_VIEWER');
    const data = dataOf(await gql(emulator, viewer.apiKey, LIST_WORKSPACES, null));
    expect(idsOf(data.workspaces)).toEqual([workspace.id]);
  });

  it('denies a request with an unknown token with Houston\'s FORBIDDEN error over HTTP 200', async () => {
    const result = await gql(emulator, 'not-a-real-key', GET_WORKSPACE, { workspaceUuid: workspace.id });
    expectForbidden(result, 'workspace');
  });

  it('denies a request without a token', async () => {
    const result = await gql(emulator, null, GET_WORKSPACE, { workspaceUuid: workspace.id });
    expectForbidden(result, 'workspace');
  });
});

describe('variables', () => {
  it('ignores variables the document does not declare', async () => {
    const variables = { workspaceUuid: workspace.id, deploymentUuid: '', sync: true, payload: { label: 'x' } };
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_WORKSPACE, variables));
    expect(data.workspace.id).toBe(workspace.id);
  });

  it('accepts "" for an optional Uuid and treats it as absent', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { workspaceUuid: workspace.id, cursorUuid: '', take: 100 };
    const data = dataOf(await gql(emulator, emulator.adminKey, PAGINATED_WORKSPACE_USERS, variables));
    expect(idsOf(data.paginatedWorkspaceUsers)).toContain(user.id);
  });
});

describe('request errors', () => {
  it('answers HTTP 400 "Cannot query field" for a field the schema lacks', async () => {
    const result = await gql(emulator, emulator.adminKey, 'query AppConfig { appConfig { version notAField } }');
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toContain('Cannot query field "notAField"');
  });

  it('answers HTTP 400 for a document that does not parse', async () => {
    const result = await gql(emulator, emulator.adminKey, 'query { appConfig { version ');
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toMatch(/Syntax Error/);
  });

  it('answers HTTP 400 when a required argument is missing', async () => {
    const result = await gql(emulator, emulator.adminKey, 'mutation { createWorkspace(description: "no label") { id } }');
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toMatch(/argument "label"/);
  });

  it('answers HTTP 400 for an executor that is not an ExecutorType value', async () => {
    const variables = { ...createDeploymentVariables(workspace.id), executor: 'SequentialExecutor' };
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT, variables);
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toMatch(/\$executor/);
  });

  it('answers HTTP 400 for a role that is not a Role value', async () => {
    const variables = { workspaceId: workspace.id, email: 'someone@example.com', role: 'WORKSPACE_OWNER' };
    const result = await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER, variables);
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toMatch(/\$role/);
  });

  it('answers HTTP 400 when a required variable is not sent', async () => {
    const variables = createDeploymentVariables(workspace.id);
    delete variables.executor;
    const result = await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT, variables);
    expect(result.status).toBe(400);
    expect(firstError(result)?.message).toMatch(/\$executor/);
  });

  it('answers HTTP 400 for a body without a query', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: emulator.adminKey },
      body: JSON.stringify({ variables: null }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors?: unknown[] };
    expect(body.errors?.length).toBeGreaterThan(0);
  });
});
