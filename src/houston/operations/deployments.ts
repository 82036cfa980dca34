import type {
  CreateDeploymentBody,
  Deployment,
  EnvironmentVariable,
  PutEnvironmentVariablesBody,
  UpdateDeploymentBody,
} from '../../schemas/deployments.js';
import { notFound } from '../errors.js';
import { toDeployment, toEnvironmentVariable, type HoustonDeployment, type HoustonEnvironmentVariable } from '../mappers.js';
import type { HoustonSession } from '../session.js';

type DeploymentList = (HoustonDeployment | null)[] | null;

export async function listWorkspaceDeployments(houston: HoustonSession, workspaceId: string): Promise<Deployment[]> {
  const data = await houston.run<{ workspaceDeployments: DeploymentList }>('ListWorkspaceDeployments', {
    workspaceUuid: workspaceId,
  });
  return (data.workspaceDeployments ?? []).flatMap((d) => (d ? [toDeployment(d)] : []));
}

export async function getDeployment(houston: HoustonSession, deploymentId: string): Promise<Deployment> {
  const data = await houston.run<{ deployment: HoustonDeployment | null }>('GetDeployment', { id: deploymentId });
  if (!data.deployment) throw notFound('GetDeployment');
  return toDeployment(data.deployment);
}

export async function createDeployment(houston: HoustonSession, body: CreateDeploymentBody): Promise<Deployment> {
  const data = await houston.run<{ createDeployment: HoustonDeployment | null }>('CreateDeployment', {
    workspaceUuid: body.workspaceId,
    label: body.label,
    executor: body.executor,
    runtimeVersion: body.runtimeVersion,
    airflowVersion: body.airflowVersion,
    releaseName: body.releaseName,
    namespace: body.namespace,
  });
  if (!data.createDeployment) throw notFound('CreateDeployment');
  return toDeployment(data.createDeployment);
}

export async function updateDeployment(houston: HoustonSession, deploymentId: string, body: UpdateDeploymentBody): Promise<Deployment> {
  const payload: Record<string, string> = {};
  if (body.label !== undefined) payload.label = body.label;
  if (body.description !== undefined) payload.description = body.description;
  const data = await houston.run<{ updateDeployment: HoustonDeployment | null }>('UpdateDeployment', {
    deploymentUuid: deploymentId,
    payload,
    executor: body.executor,
  });
  if (!data.updateDeployment) throw notFound('UpdateDeployment');
  return toDeployment(data.updateDeployment);
}

/** Resolves with the workspace the deployment was in (for cache invalidation), when Houston says. */
export async function deleteDeployment(houston: HoustonSession, deploymentId: string, hard: boolean): Promise<{ workspaceId: string | null }> {
  const data = await houston.run<{ deleteDeployment: { id: string; workspace?: { id: string } | null } | null }>('DeleteDeployment', {
    deploymentUuid: deploymentId,
    hardDelete: hard,
  });
  return { workspaceId: data.deleteDeployment?.workspace?.id ?? null };
}

type VariableList = (HoustonEnvironmentVariable | null)[] | null;

export async function getDeploymentVariables(houston: HoustonSession, deploymentId: string): Promise<EnvironmentVariable[]> {
  const data = await houston.run<{ deploymentVariables: VariableList }>('GetDeploymentVariables', {
    deploymentUuid: deploymentId,
  });
  return (data.deploymentVariables ?? []).flatMap((v) => (v ? [toEnvironmentVariable(v)] : []));
}

export async function putDeploymentVariables(
  houston: HoustonSession,
  deploymentId: string,
  body: PutEnvironmentVariablesBody,
): Promise<EnvironmentVariable[]> {
  const data = await houston.run<{ updateDeploymentVariables: VariableList }>('UpdateDeploymentVariables', {
    deploymentUuid: deploymentId,
    environmentVariables: body.environmentVariables,
  });
  return (data.updateDeploymentVariables ?? []).flatMap((v) => (v ? [toEnvironmentVariable(v)] : []));
}
