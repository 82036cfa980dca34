// Caller input reaches Houston only as GraphQL variables: the document Houston receives is, byte
// for byte, the gateway's own text (the variant chosen for this Houston), whatever the caller sent.
import { Kind, parse, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/emulator/api.js';
import { HOUSTON_OPERATIONS } from '../../../src/houston/operations/index.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';

const INJECTION = 'x") { id } #';
const ENCODED = encodeURIComponent(INJECTION);

let gw: TestGateway;
let workspaceId: string;
let deploymentId: string;

const bearer = () => ({ authorization: `Bearer ${gw.adminKey}` });

function lastCall(rootField: string): RecordedCall {
  const call = gw.emulator.calls.all.findLast((c) => c.rootFields.includes(rootField));
  if (!call) throw new Error(`Houston received no ${rootField} call`);
  return call;
}

function expectGatewayDocument(call: RecordedCall, operation: string): void {
  expect(call.query).toBe(gw.app.houston.lastSelection()?.chosen.get(operation)?.document);
  expect(call.query).not.toContain(INJECTION);
  expect(call.query).not.toContain('#');
}

beforeAll(async () => {
  gw = await buildTestApp();
  workspaceId = gw.emulator.demo!.workspaceId;
  deploymentId = gw.emulator.demo!.deploymentId;
});

afterAll(async () => {
  await gw?.close();
});

describe('values in the body', () => {
  it('sends a workspace label that looks like GraphQL as a variable, and Houston stores it verbatim', async () => {
    const res = await gw.http().post('/workspaces').set(bearer()).send({ label: INJECTION, description: INJECTION });
    expect(res.status).toBe(201);
    expect(res.body.label).toBe(INJECTION);
    const call = lastCall('createWorkspace');
    expectGatewayDocument(call, 'CreateWorkspace');
    expect(call.variables).toEqual({ label: INJECTION, description: INJECTION });
  });

  it('sends a deployment label as a variable', async () => {
    const res = await gw.http().post('/deployments').set(bearer()).send({ workspaceId, label: `${INJECTION} dep`, executor: 'CeleryExecutor' });
    expect(res.status).toBe(201);
    const call = lastCall('createDeployment');
    expectGatewayDocument(call, 'CreateDeployment');
    expect(call.variables).toMatchObject({ workspaceUuid: workspaceId, label: `${INJECTION} dep`, executor: 'CeleryExecutor' });
  });

  it('sends a changed deployment label inside the payload variable', async () => {
    const res = await gw.http().patch(`/deployments/${deploymentId}`).set(bearer()).send({ description: INJECTION });
    expect(res.status).toBe(200);
    const call = lastCall('updateDeployment');
    expectGatewayDocument(call, 'UpdateDeployment');
    expect(call.variables).toMatchObject({ deploymentUuid: deploymentId, payload: { description: INJECTION } });
  });

  it('sends environment variable values as variables', async () => {
    const res = await gw.http().put(`/deployments/${deploymentId}/environment-variables`).set(bearer())
      .send({ environmentVariables: [{ key: 'QUOTED', value: INJECTION }] });
    expect(res.status).toBe(200);
    const call = lastCall('updateDeploymentVariables');
    expectGatewayDocument(call, 'UpdateDeploymentVariables');
    expect(call.variables).toMatchObject({ environmentVariables: [{ key: 'QUOTED', value: INJECTION, isSecret: false }] });
  });
});

describe('ids in the path', () => {
  it('sends a workspace id from the path as a variable and answers 404 for it', async () => {
    const res = await gw.http().get(`/workspaces/${ENCODED}`).set(bearer());
    expect(res.status).toBe(404);
    const call = lastCall('workspace');
    expectGatewayDocument(call, 'GetWorkspace');
    expect(call.variables).toEqual({ workspaceUuid: INJECTION });
  });

  it('sends a deployment id from the path as a variable', async () => {
    const res = await gw.http().get(`/deployments/${ENCODED}`).set(bearer());
    expect(res.status).toBe(404);
    const call = lastCall('deployment');
    expectGatewayDocument(call, 'GetDeployment');
    expect(call.variables).toEqual({ id: INJECTION });
  });

  it('sends the id of a workspace to delete as a variable', async () => {
    const res = await gw.http().delete(`/workspaces/${ENCODED}`).set(bearer());
    expect(res.status).toBe(404);
    const call = lastCall('deleteWorkspace');
    expectGatewayDocument(call, 'DeleteWorkspace');
    expect(call.variables).toEqual({ workspaceUuid: INJECTION });
  });

  it('sends the deployment id of an environment-variable read as a variable', async () => {
    const res = await gw.http().get(`/deployments/${ENCODED}/environment-variables`).set(bearer());
    expect(res.status).toBe(404);
    const call = lastCall('deploymentVariables');
    expectGatewayDocument(call, 'GetDeploymentVariables');
    expect(call.variables).toEqual({ deploymentUuid: INJECTION });
  });
});

describe('every document', () => {
  it('holds no string literals, so no caller value can have been written into one', () => {
    for (const { name, variants } of HOUSTON_OPERATIONS) {
      for (const { document } of variants) {
        const strings: string[] = [];
        visit(parse(document), { StringValue: (node) => void strings.push(node.value) });
        expect(strings, name).toEqual([]);
        expect(parse(document).definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION), name).toBe(true);
      }
    }
  });
});
