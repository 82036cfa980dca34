// System-level operations from Houston's docs (FACTS §5.4): users(user: UserSearch),
// createSystemServiceAccount and createSystemRoleBinding. Only system credentials may use the last two.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import { CREATE_SYSTEM_ROLE_BINDING, CREATE_SYSTEM_SA, CREATE_WORKSPACE, USERS_BY_EMAIL } from './documents.js';
import { addUser, createWorkspace, startEmulator, workspaceKey, type ServiceAccountKey, type Workspace } from './seed.js';

let emulator: HoustonEmulator;
let workspace: Workspace;
let workspaceAdmin: ServiceAccountKey;

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await createWorkspace(emulator);
  workspaceAdmin = await workspaceKey(emulator, workspace.id, 'WORKSPACE_ADMIN');
});

afterAll(async () => {
  await emulator.close();
});

interface FoundUser {
  id: string;
  username: string;
  emails: { address: string; verified: boolean; primary: boolean }[];
  roleBindings: { role: string }[];
}

async function usersByEmail(email: string): Promise<FoundUser[]> {
  const data = dataOf(await gql(emulator, emulator.adminKey, USERS_BY_EMAIL, { user: { email } }));
  return data.users as FoundUser[];
}

describe('users(user: {email})', () => {
  it('finds exactly the user with that e-mail, with their role bindings', async () => {
    const user = await addUser(emulator, workspace.id, 'WORKSPACE_EDITOR');
    await addUser(emulator, workspace.id);
    const found = await usersByEmail(user.email);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: user.id, username: user.email });
    expect(found[0]!.emails).toContainEqual(expect.objectContaining({ address: user.email, primary: true }));
    expect(found[0]!.roleBindings.map((b) => b.role)).toContain('WORKSPACE_EDITOR');
  });

  it('returns an empty list for an e-mail nobody has', async () => {
    expect(await usersByEmail(uniqueEmail('nobody'))).toEqual([]);
  });
});

describe('createSystemServiceAccount', () => {
  it('creates a system account whose apiKey works as a system credential', async () => {
    const label = uniqueLabel('platform');
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_SYSTEM_SA, { label, category: 'automation', role: 'SYSTEM_ADMIN' }));
    const created = data.createSystemServiceAccount;
    expect(created).toMatchObject({ label, category: 'automation', entityType: 'SYSTEM', active: true });
    expect(created.apiKey).toMatch(/^\S{16,}$/);
    const used = await gql(emulator, created.apiKey, CREATE_WORKSPACE, { label: uniqueLabel('by-system-sa'), description: '' });
    expect(dataOf(used).createWorkspace.id).toEqual(expect.any(String));
  });

  it('denies createSystemServiceAccount to a workspace service account', async () => {
    const result = await gql(emulator, workspaceAdmin.apiKey, CREATE_SYSTEM_SA, { label: uniqueLabel('x'), role: 'SYSTEM_ADMIN' });
    expectForbidden(result, 'createSystemServiceAccount');
  });

  it('rejects a workspace role as BAD_USER_INPUT', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_SYSTEM_SA, { label: uniqueLabel('x'), role: 'WORKSPACE_ADMIN' });
    expectFieldError(result, 'createSystemServiceAccount', { code: 'BAD_USER_INPUT' });
  });
});

describe('createSystemRoleBinding', () => {
  it('makes a user a system admin, visible in their role bindings', async () => {
    const user = await addUser(emulator, workspace.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_SYSTEM_ROLE_BINDING, { userId: user.id, role: 'SYSTEM_ADMIN' }));
    expect(data.createSystemRoleBinding).toMatchObject({ role: 'SYSTEM_ADMIN', user: { id: user.id } });
    expect(typeof data.createSystemRoleBinding.id).toBe('string');
    const [found] = await usersByEmail(user.email);
    expect(found?.roleBindings.map((b) => b.role)).toContain('SYSTEM_ADMIN');
  });

  it('denies createSystemRoleBinding to a workspace service account', async () => {
    const user = await addUser(emulator, workspace.id);
    const result = await gql(emulator, workspaceAdmin.apiKey, CREATE_SYSTEM_ROLE_BINDING, { userId: user.id, role: 'SYSTEM_ADMIN' });
    expectForbidden(result, 'createSystemRoleBinding');
    const [found] = await usersByEmail(user.email);
    expect(found?.roleBindings.map((b) => b.role)).not.toContain('SYSTEM_ADMIN');
  });

  it('rejects a deployment role as BAD_USER_INPUT', async () => {
    const user = await addUser(emulator, workspace.id);
    const result = await gql(emulator, emulator.adminKey, CREATE_SYSTEM_ROLE_BINDING, { userId: user.id, role: 'DEPLOYMENT_ADMIN' });
    expectFieldError(result, 'createSystemRoleBinding', { code: 'BAD_USER_INPUT' });
  });

  it('answers not found for an unknown user', async () => {
    const result = await gql(emulator, emulator.adminKey, CREATE_SYSTEM_ROLE_BINDING, { userId: 'ckunknown0000000000000000', role: 'SYSTEM_VIEWER' });
    expectNotFound(result, 'createSystemRoleBinding');
  });
});
