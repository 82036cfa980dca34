// Workspaces (FACTS §3.6): create, list, get, update, delete, and who may do it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectForbidden, expectNotFound, gql, idsOf, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import {
  CREATE_WORKSPACE,
  DELETE_WORKSPACE,
  GET_WORKSPACE,
  LIST_WORKSPACES,
  SYS_WORKSPACES,
  UPDATE_WORKSPACE,
  VALIDATE_WORKSPACE,
  WORKSPACE_ADD_USER,
} from './documents.js';
import { createWorkspace, startEmulator, workspaceKey, type ServiceAccountKey, type Workspace } from './seed.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UNKNOWN_ID = 'ckunknown0000000000000000';

let emulator: HoustonEmulator;
let workspaceA: Workspace;
let workspaceB: Workspace;
let viewerA: ServiceAccountKey;
let adminA: ServiceAccountKey;

beforeAll(async () => {
  emulator = await startEmulator();
  workspaceA = await createWorkspace(emulator);
  workspaceB = await createWorkspace(emulator);
  viewerA = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_VIEWER');
  adminA = await workspaceKey(emulator, workspaceA.id, 'WORKSPACE_ADMIN');
});

afterAll(async () => {
  await emulator.close();
});

interface Binding {
  role: string;
  serviceAccount: { id: string; label: string } | null;
}

describe('createWorkspace', () => {
  it('creates a workspace and returns its id, label, description and timestamps', async () => {
    const label = uniqueLabel('created');
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE, { label, description: 'ETL team' }));
    expect(data.createWorkspace).toMatchObject({ label, description: 'ETL team' });
    expect(data.createWorkspace.id).toMatch(/^\w{10,}$/);
    expect(data.createWorkspace.createdAt).toMatch(RFC3339);
    expect(data.createWorkspace.updatedAt).toMatch(RFC3339);
  });

  it('applies the document default "N/A" when no description is sent', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE, { label: uniqueLabel('nodesc') }));
    expect(data.createWorkspace.description).toBe('N/A');
  });
});

describe('workspaces', () => {
  it('lists every workspace for a system service account', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, LIST_WORKSPACES, null));
    expect(idsOf(data.workspaces)).toEqual(expect.arrayContaining([workspaceA.id, workspaceB.id]));
  });

  it('lists only the workspaces a system-admin user belongs to', async () => {
    const admin = emulator.seed.user({ email: uniqueEmail('sysadmin'), systemRoles: ['SYSTEM_ADMIN'] });
    const variables = { workspaceId: workspaceB.id, email: admin.email, role: 'WORKSPACE_EDITOR' };
    dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER, variables));
    const data = dataOf(await gql(emulator, admin.token, LIST_WORKSPACES, null));
    expect(idsOf(data.workspaces)).toEqual([workspaceB.id]);
    const bindings = data.workspaces[0].roleBindings as { role: string; user: { id: string } | null }[];
    expect(bindings).toContainEqual(expect.objectContaining({ role: 'WORKSPACE_EDITOR', user: expect.objectContaining({ id: admin.id }) }));
  });

  it('lists only the bound workspace for a workspace service account, with its role binding', async () => {
    const data = dataOf(await gql(emulator, viewerA.apiKey, LIST_WORKSPACES, null));
    expect(idsOf(data.workspaces)).toEqual([workspaceA.id]);
    const bindings = data.workspaces[0].roleBindings as Binding[];
    expect(bindings).toContainEqual(expect.objectContaining({ role: 'WORKSPACE_VIEWER', serviceAccount: expect.objectContaining({ id: viewerA.id }) }));
  });
});

describe('sysWorkspaces', () => {
  it('lists every workspace for the system admin', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, SYS_WORKSPACES));
    expect(data.sysWorkspaces).toEqual(expect.arrayContaining([workspaceA, workspaceB]));
  });

  it('denies sysWorkspaces to a workspace service account', async () => {
    const result = await gql(emulator, adminA.apiKey, SYS_WORKSPACES);
    expectForbidden(result, 'sysWorkspaces');
  });
});

describe('workspace', () => {
  it('returns the workspace with its role bindings (GetWorkspace document)', async () => {
    const data = dataOf(await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: workspaceA.id }));
    expect(data.workspace).toMatchObject({ id: workspaceA.id, label: workspaceA.label });
    const bindings = data.workspace.roleBindings as Binding[];
    expect(bindings).toContainEqual(expect.objectContaining({ role: 'WORKSPACE_ADMIN', serviceAccount: expect.objectContaining({ id: adminA.id }) }));
  });

  it('returns the workspace for the ValidateWorkspaceID document to a viewer of it', async () => {
    const data = dataOf(await gql(emulator, viewerA.apiKey, VALIDATE_WORKSPACE, { workspaceUuid: workspaceA.id }));
    expect(data.workspace).toMatchObject({ id: workspaceA.id, label: workspaceA.label });
  });

  it('returns null without errors for an unknown id', async () => {
    const result = await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: UNKNOWN_ID });
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty('errors');
    expect(result.body.data).toEqual({ workspace: null });
  });

  it('denies a service account of workspace A reading workspace B', async () => {
    const result = await gql(emulator, viewerA.apiKey, GET_WORKSPACE, { workspaceUuid: workspaceB.id });
    expectForbidden(result, 'workspace');
  });
});

describe('updateWorkspace', () => {
  it('changes only the keys in the payload', async () => {
    const workspace = await createWorkspace(emulator);
    const label = uniqueLabel('renamed');
    const data = dataOf(await gql(emulator, emulator.adminKey, UPDATE_WORKSPACE, { workspaceId: workspace.id, payload: { label } }));
    expect(data.updateWorkspace).toMatchObject({ id: workspace.id, label, description: 'test workspace' });
    const read = dataOf(await gql(emulator, emulator.adminKey, VALIDATE_WORKSPACE, { workspaceUuid: workspace.id }));
    expect(read.workspace.label).toBe(label);
  });

  it('lets a WORKSPACE_ADMIN service account update its workspace', async () => {
    const payload = { description: 'changed by its admin' };
    const data = dataOf(await gql(emulator, adminA.apiKey, UPDATE_WORKSPACE, { workspaceId: workspaceA.id, payload }));
    expect(data.updateWorkspace.description).toBe('changed by its admin');
  });

  it('denies updateWorkspace to a WORKSPACE_VIEWER service account', async () => {
    const result = await gql(emulator, viewerA.apiKey, UPDATE_WORKSPACE, { workspaceId: workspaceA.id, payload: { label: 'nope' } });
    expectForbidden(result, 'updateWorkspace');
  });

  it('answers not found for an unknown workspace', async () => {
    const result = await gql(emulator, emulator.adminKey, UPDATE_WORKSPACE, { workspaceId: UNKNOWN_ID, payload: { label: 'x' } });
    expectNotFound(result, 'updateWorkspace');
  });
});

describe('deleteWorkspace', () => {
  it('deletes the workspace so that it reads as null afterwards', async () => {
    const workspace = await createWorkspace(emulator);
    const data = dataOf(await gql(emulator, emulator.adminKey, DELETE_WORKSPACE, { workspaceId: workspace.id }));
    expect(data.deleteWorkspace).toMatchObject({ id: workspace.id, label: workspace.label });
    const read = await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: workspace.id });
    expect(read.body.data).toEqual({ workspace: null });
  });

  it('denies a service account of workspace A deleting workspace B', async () => {
    const result = await gql(emulator, adminA.apiKey, DELETE_WORKSPACE, { workspaceId: workspaceB.id });
    expectForbidden(result, 'deleteWorkspace');
    const read = dataOf(await gql(emulator, emulator.adminKey, GET_WORKSPACE, { workspaceUuid: workspaceB.id }));
    expect(read.workspace.id).toBe(workspaceB.id);
  });

  it('answers not found for an unknown workspace', async () => {
    const result = await gql(emulator, emulator.adminKey, DELETE_WORKSPACE, { workspaceId: UNKNOWN_ID });
    expectNotFound(result, 'deleteWorkspace');
  });
});
