// Builds the data a suite needs through the emulator's own GraphQL API, as a real caller would.
import { createEmulator } from '../../../src/emulator/index.js';
import type { EmulatorOptions, HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, gql, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import {
  CREATE_DEPLOYMENT,
  CREATE_DEPLOYMENT_SA,
  CREATE_WORKSPACE,
  CREATE_WORKSPACE_SA,
  WORKSPACE_ADD_USER_BYPASS_INVITE,
} from './documents.js';

export const RUNTIME_VERSION = '9.1.0';

/**
 * The version the 0.3x suites play: the last 0.x release, whose documents (createDeployment,
 * updateDeployment, airflowVersion) are those of FACTS §3.
 */
export const HOUSTON_0X = '0.37.7';

/** An emulator on a free port, with a short DEPLOYING phase so status tests stay quick. */
export function startEmulator(options: EmulatorOptions = {}): Promise<HoustonEmulator> {
  return createEmulator({ port: 0, deployingMs: 50, houstonVersion: HOUSTON_0X, ...options });
}

export interface Workspace {
  id: string;
  label: string;
}

export async function createWorkspace(emulator: HoustonEmulator, label = uniqueLabel('ws')): Promise<Workspace> {
  const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE, { label, description: 'test workspace' }));
  return { id: data.createWorkspace.id, label: data.createWorkspace.label };
}

export interface ServiceAccountKey {
  id: string;
  apiKey: string;
}

/** A workspace service account key, created the real way: by the admin, through createWorkspaceServiceAccount. */
export async function workspaceKey(emulator: HoustonEmulator, workspaceId: string, role: string): Promise<ServiceAccountKey> {
  const variables = { workspaceUuid: workspaceId, deploymentUuid: '', label: uniqueLabel('sa'), category: 'default', role };
  const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_WORKSPACE_SA, variables));
  return { id: data.createWorkspaceServiceAccount.id, apiKey: data.createWorkspaceServiceAccount.apiKey };
}

/** A deployment service account key, created by the admin through createDeploymentServiceAccount. */
export async function deploymentKey(emulator: HoustonEmulator, deploymentId: string, role: string): Promise<ServiceAccountKey> {
  const variables = { workspaceUuid: '', deploymentUuid: deploymentId, label: uniqueLabel('sa'), category: 'default', role };
  const data = dataOf(await gql(emulator, emulator.adminKey, CREATE_DEPLOYMENT_SA, variables));
  return { id: data.createDeploymentServiceAccount.id, apiKey: data.createDeploymentServiceAccount.apiKey };
}

/** The variables `astro deployment create` sends to a 0.35 platform (FACTS §3.3). */
export function createDeploymentVariables(workspaceId: string, label = uniqueLabel('dep')): Record<string, unknown> {
  return {
    label,
    workspaceId,
    executor: 'CeleryExecutor',
    cloudRole: '',
    dagDeployment: {},
    runtimeVersion: RUNTIME_VERSION,
  };
}

export interface Deployment {
  id: string;
  label: string;
  releaseName: string;
}

export async function createDeployment(
  emulator: HoustonEmulator,
  workspaceId: string,
  key: string = emulator.adminKey,
): Promise<Deployment> {
  const data = dataOf(await gql(emulator, key, CREATE_DEPLOYMENT, createDeploymentVariables(workspaceId)));
  const { id, label, releaseName } = data.createDeployment;
  return { id, label, releaseName };
}

export interface User {
  id: string;
  email: string;
}

/** Creates a user by adding a fresh e-mail to the workspace with bypassInvite, as the docs show. */
export async function addUser(
  emulator: HoustonEmulator,
  workspaceId: string,
  role = 'WORKSPACE_VIEWER',
  email = uniqueEmail(),
): Promise<User> {
  const variables = { workspaceUuid: workspaceId, email, role, bypassInvite: true };
  const data = dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER_BYPASS_INVITE, variables));
  const users = data.workspaceAddUser.users as { id: string; emails: { address: string }[] }[];
  const user = users.find((candidate) => candidate.emails.some((entry) => entry.address === email));
  if (!user) throw new Error(`workspaceAddUser did not list ${email} among the workspace users`);
  return { id: user.id, email };
}
