// The Houston-error mapping tested case by case against the emulator's real answers: each case
// first shows what Houston answers over HTTP, then sends the same request through the gateway's
// HoustonClient and checks the HoustonError kind it becomes.
import { GraphQLClient } from 'graphql-request';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HoustonEmulator } from '../../src/emulator/api.js';
import { createEmulator } from '../../src/emulator/index.js';
import { houstonSchema } from '../../src/emulator/index.js';
import { createHoustonClient, type HoustonClient } from '../../src/houston/client.js';
import { defineUnversioned } from '../../src/houston/operation.js';
import { HOUSTON_OPERATIONS } from '../../src/houston/operations/index.js';
import { createUpstreamPolicy } from '../../src/houston/policy.js';
import { selectBySchema } from '../../src/houston/selection.js';
import { HoustonError, toHoustonError, type HoustonErrorKind } from '../../src/houston/errors.js';
import { NOT_FOUND, PERMISSION_DENIED, dataOf, firstError, gql, uniqueLabel } from '../helpers/emulator-client.js';

const UNKNOWN_ID = 'cunknown00000000000000000';

let emulator: HoustonEmulator;
let client: HoustonClient;
let admin: string;
let viewerKey: string;
let workspaceId: string;

/** The line these cases are written for; the document of each operation is the one the gateway picks there. */
const LINE = '0.37.7';
const chosen = selectBySchema(houstonSchema(LINE), HOUSTON_OPERATIONS).chosen;
type OperationName = string;
const doc = (operation: OperationName) => chosen.get(operation)!.variant.document;

/** The gateway's documents with the variables given as they are, so each case can send what it likes. */
const rawOperations = HOUSTON_OPERATIONS.flatMap((operation) =>
  chosen.has(operation.name)
    ? [defineUnversioned({ name: operation.name, kind: operation.kind, document: doc(operation.name), variables: (v: Record<string, unknown>) => v, result: (data: unknown) => data })]
    : [],
);
const rawOperation = (name: OperationName) => rawOperations.find((operation) => operation.name === name)!;

/** Runs one operation through the gateway's client and answers the kind of HoustonError it threw. */
async function kindOf(operation: OperationName, variables: Record<string, unknown>, credential?: string): Promise<HoustonErrorKind> {
  const error: unknown = await client.request(rawOperation(operation), variables, credential ? { credential } : {}).then(
    () => new Error(`${operation} succeeded`),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HoustonError);
  return (error as HoustonError).kind;
}

/** For documents the gateway does not own: same transport library, same mapping function. */
async function kindOfDocument(document: string): Promise<HoustonErrorKind> {
  const graphql = new GraphQLClient(emulator.url, { headers: { authorization: admin } });
  const error: unknown = await graphql.request(document).then(() => new Error('succeeded'), (thrown: unknown) => thrown);
  return toHoustonError(error, 'Probe').kind;
}

const createDeployment = (overrides: Record<string, unknown> = {}) => ({
  workspaceUuid: workspaceId, label: uniqueLabel('dep'), executor: 'CeleryExecutor', ...overrides,
});

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: LINE });
  client = createHoustonClient({
    url: emulator.url,
    timeoutMs: 1000,
    policy: createUpstreamPolicy({ timeoutMs: 1000 }),
    operations: rawOperations,
    schemaRefreshMs: 60_000,
  });
  admin = emulator.adminKey;
  workspaceId = emulator.demo!.workspaceId;
  const variables = { workspaceUuid: workspaceId, label: uniqueLabel('viewer'), role: 'WORKSPACE_VIEWER' };
  viewerKey = dataOf(await gql(emulator, admin, doc('CreateWorkspaceServiceAccount'), variables)).createWorkspaceServiceAccount.apiKey;
});

afterEach(() => {
  emulator.faults.clear();
});

afterAll(async () => {
  await emulator?.close();
});

describe('permission errors', () => {
  it('maps Houston denying a WORKSPACE_VIEWER a write to forbidden', async () => {
    const variables = { workspaceUuid: workspaceId, payload: { label: 'nope' } };
    const raw = await gql(emulator, viewerKey, doc('UpdateWorkspace'), variables);
    expect(raw.status).toBe(200);
    expect(firstError(raw)).toMatchObject({ message: PERMISSION_DENIED, extensions: { code: 'FORBIDDEN' } });
    expect(await kindOf('UpdateWorkspace', variables, viewerKey)).toBe('forbidden');
  });

  it('maps an invalid Houston token to forbidden, as Houston treats it as anonymous', async () => {
    const raw = await gql(emulator, 'not-a-real-key', doc('ListWorkspaces'));
    expect(firstError(raw)?.message).toBe(PERMISSION_DENIED);
    expect(await kindOf('ListWorkspaces', {}, 'not-a-real-key')).toBe('forbidden');
  });

  it('maps a request without any credential to forbidden', async () => {
    expect(await kindOf('ListWorkspaces', {})).toBe('forbidden');
  });
});

describe('not found', () => {
  it('maps "The requested resource was not found" on a mutation to not-found', async () => {
    const variables = { deploymentUuid: UNKNOWN_ID, hardDelete: true };
    const raw = await gql(emulator, admin, doc('DeleteDeployment'), variables);
    expect(firstError(raw)?.message).toBe(NOT_FOUND);
    expect(await kindOf('DeleteDeployment', variables, admin)).toBe('not-found');
  });

  it('leaves a null answer for an unknown id to the operation: the client resolves it', async () => {
    const raw = await gql(emulator, admin, doc('GetWorkspace'), { workspaceUuid: UNKNOWN_ID });
    expect(raw.body).toEqual({ data: { workspace: null } });
    await expect(client.request(rawOperation('GetWorkspace'), { workspaceUuid: UNKNOWN_ID }, { credential: admin })).resolves.toEqual({ workspace: null });
  });
});

describe('conflicts', () => {
  it('maps a duplicate deployment label (BAD_USER_INPUT "already…") to conflict', async () => {
    const first = createDeployment();
    dataOf(await gql(emulator, admin, doc('CreateDeployment'), first));
    const raw = await gql(emulator, admin, doc('CreateDeployment'), createDeployment({ label: first.label }));
    expect(firstError(raw)).toMatchObject({ message: expect.stringMatching(/already/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await kindOf('CreateDeployment', createDeployment({ label: first.label }), admin)).toBe('conflict');
  });

  it('maps a duplicate workspace label to conflict', async () => {
    const raw = await gql(emulator, admin, doc('CreateWorkspace'), { label: 'demo' });
    expect(firstError(raw)?.message).toMatch(/already exists/);
    expect(await kindOf('CreateWorkspace', { label: 'DEMO' }, admin)).toBe('conflict');
  });
});

describe('rejected input', () => {
  it('maps an executor outside the ExecutorType enum (HTTP 400) to invalid', async () => {
    const variables = createDeployment({ executor: 'SequentialExecutor' });
    const raw = await gql(emulator, admin, doc('CreateDeployment'), variables);
    expect(raw.status).toBe(400);
    expect(firstError(raw)?.message).toMatch(/\$executor/);
    expect(await kindOf('CreateDeployment', variables, admin)).toBe('invalid');
  });

  it('maps a missing required variable (HTTP 400) to invalid', async () => {
    const raw = await gql(emulator, admin, doc('CreateWorkspace'), {});
    expect(raw.status).toBe(400);
    expect(await kindOf('CreateWorkspace', {}, admin)).toBe('invalid');
  });

  it('maps an unknown runtime version (BAD_USER_INPUT) to invalid', async () => {
    const variables = createDeployment({ runtimeVersion: '0.0.1' });
    expect(firstError(await gql(emulator, admin, doc('CreateDeployment'), variables))?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await kindOf('CreateDeployment', variables, admin)).toBe('invalid');
  });

  it('maps deleting a workspace that still has deployments to invalid', async () => {
    const raw = await gql(emulator, admin, doc('DeleteWorkspace'), { workspaceUuid: workspaceId });
    expect(firstError(raw)?.message).toMatch(/deprovision all deployments/);
    expect(await kindOf('DeleteWorkspace', { workspaceUuid: workspaceId }, admin)).toBe('invalid');
  });

  it('maps overriding a reserved environment variable to invalid', async () => {
    const variables = { deploymentUuid: emulator.demo!.deploymentId, environmentVariables: [{ key: 'AIRFLOW__CORE__FERNET_KEY', value: 'x' }] };
    expect(firstError(await gql(emulator, admin, doc('UpdateDeploymentVariables'), variables))?.message).toMatch(/cannot be overridden/);
    expect(await kindOf('UpdateDeploymentVariables', variables, admin)).toBe('invalid');
  });
});

describe('documents that do not fit this Houston', () => {
  it('maps an unknown field (HTTP 400 GRAPHQL_VALIDATION_FAILED) to unsupported', async () => {
    const document = 'query AppConfig { appConfig { version notAField } }';
    const raw = await gql(emulator, admin, document);
    expect(raw.status).toBe(400);
    expect(firstError(raw)).toMatchObject({ message: expect.stringMatching(/Cannot query field/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(await kindOfDocument(document)).toBe('unsupported');
  });

  it('maps an unknown argument to unsupported', async () => {
    expect(await kindOfDocument('query { workspaces(owner: "x") { id } }')).toBe('unsupported');
  });
});

describe('transport failures', () => {
  it('maps an HTTP 503 from Houston to bad-gateway', async () => {
    emulator.faults.set({ failureRate: 1, failStatus: 503 });
    expect(await kindOf('ListWorkspaces', {}, admin)).toBe('bad-gateway');
  });

  it('maps a 200 answer that is not JSON to bad-gateway', async () => {
    emulator.faults.set({ malformedBody: true });
    expect(await kindOf('ListWorkspaces', {}, admin)).toBe('bad-gateway');
  });

  it('maps a dropped socket to unavailable', async () => {
    emulator.faults.set({ closeSocket: true });
    expect(await kindOf('ListWorkspaces', {}, admin)).toBe('unavailable');
  });

  it('maps a refused connection to unavailable', async () => {
    await emulator.stop();
    try {
      expect(await kindOf('ListWorkspaces', {}, admin)).toBe('unavailable');
    } finally {
      await emulator.start();
    }
  });

  it('maps an answer slower than the client timeout to timeout', async () => {
    emulator.faults.set({ latencyMs: 2500 });
    expect(await kindOf('ListWorkspaces', {}, admin)).toBe('timeout');
  });
});
