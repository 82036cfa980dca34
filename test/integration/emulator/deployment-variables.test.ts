// Deployment environment variables (documented in Houston's API docs, FACTS §5.4):
// values marked secret are stored but never returned.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectForbidden, expectNotFound, gql } from '../../helpers/emulator-client.js';
import { DEPLOYMENT_VARIABLES, UPDATE_DEPLOYMENT_VARIABLES } from './documents.js';
import { createDeployment, createWorkspace, deploymentKey, startEmulator, type Deployment } from './seed.js';

const SECRET = 'super-secret-value-42';

let emulator: HoustonEmulator;
let deployment: Deployment;

beforeAll(async () => {
  emulator = await startEmulator();
  const workspace = await createWorkspace(emulator);
  deployment = await createDeployment(emulator, workspace.id);
});

afterAll(async () => {
  await emulator.close();
});

interface EnvVar {
  key: string;
  value: string | null;
  isSecret: boolean;
}

function update(key: string, environmentVariables: EnvVar[], target = deployment) {
  return gql(emulator, key, UPDATE_DEPLOYMENT_VARIABLES, {
    deploymentUuid: target.id,
    releaseName: target.releaseName,
    environmentVariables,
  });
}

describe('updateDeploymentVariables', () => {
  it('stores the variables and returns plain values but never the secret one', async () => {
    const result = await update(emulator.adminKey, [
      { key: 'LOG_LEVEL', value: 'debug', isSecret: false },
      { key: 'DB_PASSWORD', value: SECRET, isSecret: true },
    ]);
    const variables = dataOf(result).updateDeploymentVariables as EnvVar[];
    expect(variables).toContainEqual({ key: 'LOG_LEVEL', value: 'debug', isSecret: false });
    expect(variables.find((v) => v.key === 'DB_PASSWORD')).toMatchObject({ isSecret: true });
    expect(JSON.stringify(result.body)).not.toContain(SECRET);
  });

  it('replaces the whole set of variables', async () => {
    await update(emulator.adminKey, [{ key: 'OLD', value: '1', isSecret: false }]);
    const result = await update(emulator.adminKey, [{ key: 'NEW', value: '2', isSecret: false }]);
    expect(dataOf(result).updateDeploymentVariables).toEqual([{ key: 'NEW', value: '2', isSecret: false }]);
  });

  it('denies updateDeploymentVariables to a DEPLOYMENT_VIEWER service account', async () => {
    const viewer = await deploymentKey(emulator, deployment.id, 'DEPLOYMENT_VIEWER');
    const result = await update(viewer.apiKey, [{ key: 'X', value: 'y', isSecret: false }]);
    expectForbidden(result, 'updateDeploymentVariables');
  });

  it('answers not found for an unknown deployment', async () => {
    const unknown = { id: 'ckunknown0000000000000000', label: 'x', releaseName: 'unknown-thing-0000' };
    const result = await update(emulator.adminKey, [{ key: 'X', value: 'y', isSecret: false }], unknown);
    expectNotFound(result, 'updateDeploymentVariables');
  });
});

describe('deploymentVariables', () => {
  it('lists the stored variables with secret values withheld', async () => {
    await update(emulator.adminKey, [
      { key: 'REGION', value: 'eu-west-1', isSecret: false },
      { key: 'API_TOKEN', value: SECRET, isSecret: true },
    ]);
    const result = await gql(emulator, emulator.adminKey, DEPLOYMENT_VARIABLES, {
      deploymentUuid: deployment.id,
      releaseName: deployment.releaseName,
    });
    const variables = dataOf(result).deploymentVariables as EnvVar[];
    expect(variables.map((v) => v.key).sort()).toEqual(['API_TOKEN', 'REGION']);
    expect(variables).toContainEqual({ key: 'REGION', value: 'eu-west-1', isSecret: false });
    expect(JSON.stringify(result.body)).not.toContain(SECRET);
  });

  it('lets a DEPLOYMENT_VIEWER service account read the variables', async () => {
    await update(emulator.adminKey, [{ key: 'VISIBLE', value: 'yes', isSecret: false }]);
    const viewer = await deploymentKey(emulator, deployment.id, 'DEPLOYMENT_VIEWER');
    const result = await gql(emulator, viewer.apiKey, DEPLOYMENT_VARIABLES, {
      deploymentUuid: deployment.id,
      releaseName: deployment.releaseName,
    });
    expect(dataOf(result).deploymentVariables).toEqual([{ key: 'VISIBLE', value: 'yes', isSecret: false }]);
  });
});
