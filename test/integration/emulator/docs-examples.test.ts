// The GraphQL examples of Houston's own documentation (test/fixtures/houston-docs-0.35) run
// unchanged against the emulator, placeholders aside, and return sensible data. They are sent the
// way the docs' reader sends them: with the token of a System Admin user, here one who also
// belongs to the workspace (Houston's `workspaces` lists only the caller's own workspaces).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, gql, uniqueEmail, uniqueLabel, type GqlData, type GqlResult } from '../../helpers/emulator-client.js';
import { GET_DEPLOYMENT, USERS_BY_EMAIL, WORKSPACE_ADD_USER } from './documents.js';
import { RUNTIME_VERSION, addUser, createDeployment, createWorkspace, startEmulator, type Deployment, type User, type Workspace } from './seed.js';

const DIR = fileURLToPath(new URL('../../fixtures/houston-docs-0.35/', import.meta.url));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RELEASE_NAME = /^[a-z]+-[a-z]+-\d{4}$/;

interface Example {
  name: string;
  source: string;
  variables: string | null;
  parseError: string | null;
}

function loadExamples(): Example[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.graphql'.length);
      const source = readFileSync(`${DIR}${file}`, 'utf8');
      const variablesFile = `${DIR}${name}.variables.json`;
      let parseError: string | null = null;
      try {
        parse(source);
      } catch (error) {
        parseError = error instanceof Error ? error.message : String(error);
      }
      return { name, source, variables: existsSync(variablesFile) ? readFileSync(variablesFile, 'utf8') : null, parseError };
    });
}

interface World {
  /** The docs' reader: a System Admin user who also belongs to the workspace, calling with their token. */
  adminToken: string;
  workspace: Workspace;
  deployment: Deployment;
  toDelete: Deployment;
  member: User;
  removable: User;
  promoted: User;
  unverified: User;
  invitee: string;
}

let emulator: HoustonEmulator;
let world: World;

beforeAll(async () => {
  emulator = await startEmulator();
  const workspace = await createWorkspace(emulator);
  const admin = emulator.seed.user({ email: uniqueEmail('sysadmin'), systemRoles: ['SYSTEM_ADMIN'] });
  dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER, { workspaceId: workspace.id, email: admin.email, role: 'WORKSPACE_ADMIN' }));
  world = {
    adminToken: admin.token,
    workspace,
    deployment: await createDeployment(emulator, workspace.id),
    toDelete: await createDeployment(emulator, workspace.id),
    member: await addUser(emulator, workspace.id),
    removable: await addUser(emulator, workspace.id),
    promoted: await addUser(emulator, workspace.id),
    unverified: await addUser(emulator, workspace.id),
    invitee: uniqueEmail('invitee'),
  };
});

afterAll(async () => {
  await emulator.close();
});

/** Each placeholder (or sample value) of the docs, in replacement order, mapped to real data. */
function substitutions(name: string): [string, string][] {
  const { workspace, deployment, toDelete, member, removable, promoted, unverified, invitee } = world;
  return [
    ['<workspace-id>', workspace.id],
    ['<your-workspace-uuid>', workspace.id],
    ['ck35y9uf44y8l0a19cmwd1x8x', workspace.id],
    ['cldemxl9502454yxe6vjlxy23', workspace.id],
    ['"example-workspace"', JSON.stringify(workspace.label)],
    ['mathematical-probe-2087', deployment.releaseName],
    ['<some_id>', deployment.id],
    ['<deployment-id>', toDelete.id],
    ['<deployment-release-name>', toDelete.releaseName],
    ['<deployment-name>', uniqueLabel('docs')],
    ['{{2.x_RUNTIME_VER}}', RUNTIME_VERSION],
    ['{{RUNTIME_VER}}', RUNTIME_VERSION],
    ['<airflow-executor>', 'CeleryExecutor'],
    ['<label>', uniqueLabel('docs-sa')],
    ['f9182b1d-2f7c-4d33-920b-2124b1660d83', member.id],
    ['usertoadd@mycompany.com', member.email],
    ['<name@mycompany.com>', member.email],
    ['name@mycompany.com', member.email],
    ['<user-email-address>', invitee],
    ['<user-email>', unverified.email],
    ['<user-id>', name === 'remove-user' ? removable.id : promoted.id],
  ];
}

function substitute(text: string, name: string): string {
  return substitutions(name).reduce((result, [from, to]) => result.split(from).join(to), text);
}

async function usersWithEmail(email: string): Promise<{ id: string; roleBindings: { role: string }[] }[]> {
  return dataOf(await gql(emulator, emulator.adminKey, USERS_BY_EMAIL, { user: { email } })).users as { id: string; roleBindings: { role: string }[] }[];
}

type Check = (data: GqlData) => void | Promise<void>;

/** What "sensible data" means for each example; unlisted examples get the generic check only. */
const checks: Record<string, Check> = {
  'workspaces-by-label': (d) => expect(d.workspaces).toEqual([{ id: world.workspace.id, label: world.workspace.label }]),
  'sys-workspaces': (d) => expect(d.sysWorkspaces).toContainEqual({ id: world.workspace.id, label: world.workspace.label }),
  'workspace-deployment': (d) => {
    expect(d.workspaceDeployment).toMatchObject({ id: world.deployment.id, status: expect.stringMatching(/^(DEPLOYING|HEALTHY)$/) });
    expect(d.workspaceDeployment.createdAt).toMatch(RFC3339);
    expect(Array.isArray(d.workspaceDeployment.roleBindings)).toBe(true);
  },
  'workspace-deployments': (d) => {
    expect(d.workspaceDeployments).toHaveLength(1);
    expect(d.workspaceDeployments[0]).toMatchObject({ uuid: world.deployment.id, status: expect.any(String) });
    const users = d.workspaceDeployments[0].workspace.users as { emails: { address: string }[] }[];
    expect(users.flatMap((u) => u.emails.map((e) => e.address))).toContain(world.member.email);
  },
  'users-by-email': (d) => {
    expect(d.users).toHaveLength(1);
    expect(d.users[0]).toMatchObject({ id: world.member.id, status: expect.any(String), createdAt: expect.stringMatching(RFC3339) });
  },
  'overview-users-query': (d) => expect(d.users).toEqual([{ id: world.member.id, roleBindings: expect.arrayContaining([{ role: 'WORKSPACE_VIEWER' }]) }]),
  'create-deployment': async (d) => {
    const read = dataOf(await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: d.createDeployment.id }));
    expect(read.deployment).toMatchObject({ runtimeVersion: RUNTIME_VERSION, releaseName: expect.stringMatching(RELEASE_NAME) });
  },
  'create-deployment-config-executor': (d) => {
    expect(d.createDeployment.releaseName).toMatch(RELEASE_NAME);
    expect(d.createDeployment.workspace).toEqual({ label: world.workspace.label });
    expect(d.createDeployment.config).toMatchObject({ executor: 'CeleryExecutor' });
  },
  'upsert-deployment': (d) => {
    expect(d.upsertDeployment).toMatchObject({ label: 'test-new-dep', releaseName: expect.stringMatching(RELEASE_NAME), workspace: { id: world.workspace.id } });
    expect(d.upsertDeployment.upsertedEnvironmentVariables).toContainEqual(expect.objectContaining({ key: 'AIRFLOW__CORE__COLORED_LOG_FORMAT' }));
  },
  'delete-deployment': async (d) => {
    expect(d.deleteDeployment).toEqual({ id: world.toDelete.id });
    const read = await gql(emulator, emulator.adminKey, GET_DEPLOYMENT, { id: world.toDelete.id });
    expect(read.body.data).toEqual({ deployment: null });
  },
  'deployment-add-user-role': (d) =>
    expect(d.deploymentAddUserRole).toMatchObject({
      role: 'DEPLOYMENT_VIEWER',
      user: { username: world.member.email },
      deployment: { id: world.deployment.id, releaseName: world.deployment.releaseName },
    }),
  'remove-user': async (d) => {
    expect(d.removeUser.emails).toEqual([{ address: world.removable.email }]);
    expect(await usersWithEmail(world.removable.email)).toEqual([]);
  },
  'verify-email': (d) => expect(d.verifyEmail).toBe(true),
  'workspace-add-user-bypass-invite': async (d) => {
    expect(d.workspaceAddUser).toEqual({ id: world.workspace.id });
    expect(await usersWithEmail(world.invitee)).toHaveLength(1);
  },
  'create-system-role-binding': async (d) => {
    expect(d.createSystemRoleBinding.id).toEqual(expect.any(String));
    const [promoted] = await usersWithEmail(world.promoted.email);
    expect(promoted?.roleBindings.map((b) => b.role)).toContain('SYSTEM_ADMIN');
  },
  'create-system-service-account': (d) => {
    expect(d.createSystemServiceAccount.id).toEqual(expect.any(String));
    expect(d.createSystemServiceAccount.apiKey).toMatch(/^\S{16,}$/);
  },
};

function rootFields(source: string): string[] {
  const operation = parse(source).definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  return operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : [])) ?? [];
}

function expectSuccess(result: GqlResult, source: string): GqlData {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  const data = dataOf(result);
  for (const field of rootFields(source)) expect(data[field], `${field} is null`).not.toBeNull();
  return data;
}

describe('Houston 0.35 documentation examples', () => {
  const examples = loadExamples();

  it('finds the example fixtures', () => {
    expect(examples.length).toBeGreaterThanOrEqual(13);
  });

  for (const example of examples) {
    if (example.parseError !== null) {
      const cause = example.parseError.includes('Unexpected character: "<"') ? 'an unquoted <placeholder>' : 'invalid syntax';
      it.skip(`${example.name}: skipped, the docs' text is not valid GraphQL as written (${cause}: ${example.parseError})`, () => {});
      continue;
    }
    it(`${example.name} runs unchanged as a System Admin and returns sensible data`, async () => {
      const source = substitute(example.source, example.name);
      const variables = example.variables === null ? null : (JSON.parse(substitute(example.variables, example.name)) as Record<string, unknown>);
      const data = expectSuccess(await gql(emulator, world.adminToken, source, variables), source);
      await checks[example.name]?.(data);
    });
  }
});
