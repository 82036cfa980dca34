// Deployments, as routes use them. Creating one refuses the inputs the connected Houston line
// cannot take (Runtime before 0.29, a cluster before 1.0, a mode before 2.1, Astronomer Certified
// from 1.0) before anything is sent, so a caller never believes an input was honoured, and picks
// the cluster when the caller names none.
import { GatewayError } from '../../errors.js';
import type {
  CreateDeploymentBody,
  Deployment,
  EnvironmentVariable,
  PutEnvironmentVariablesBody,
  UpdateDeploymentBody,
} from '../../schemas/deployments.js';
import { CreateDeployment } from '../definitions/create-deployment.js';
import { GetDeployment } from '../definitions/get-deployment.js';
import { ListClusters } from '../definitions/list-clusters.js';
import { ListDeploymentsPage } from '../definitions/list-deployments-page.js';
import { ListNamespaces } from '../definitions/list-namespaces.js';
import { ListWorkspaceDeployments } from '../definitions/list-workspace-deployments.js';
import { UpdateDeployment } from '../definitions/update-deployment.js';
import { compact, toEnvironmentVariable, type HoustonEnvironmentVariable, type Maybe } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';

export { CreateDeployment, GetDeployment, ListWorkspaceDeployments, UpdateDeployment };

export const DeleteDeployment = defineUnversioned({
  name: 'DeleteDeployment',
  kind: 'mutation',
  document: `mutation DeleteDeployment($deploymentUuid: Uuid!, $hardDelete: Boolean) {
    deleteDeployment(deploymentUuid: $deploymentUuid, deploymentHardDelete: $hardDelete) { id workspace { id } } }`,
  variables: (input: { deploymentId: string; hard: boolean }) => ({ deploymentUuid: input.deploymentId, hardDelete: input.hard }),
  result: (data: { deleteDeployment: Maybe<{ id: string; workspace?: Maybe<{ id: string }> }> }) => ({
    workspaceId: data.deleteDeployment?.workspace?.id ?? null,
  }),
});

type VariableList = Maybe<Maybe<HoustonEnvironmentVariable>[]>;

/**
 * The docs pass `releaseName` too (declared `String!` there); the gateway never has and Houston
 * takes the deployment id alone in the emulator. Whether a real Houston requires it is unverified.
 */
export const GetDeploymentVariables = defineUnversioned({
  name: 'GetDeploymentVariables',
  kind: 'query',
  document: `query GetDeploymentVariables($deploymentUuid: Uuid!, $releaseName: String) {
    deploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName) { key value isSecret } }`,
  variables: (deploymentId: string) => ({ deploymentUuid: deploymentId }),
  result: (data: { deploymentVariables: VariableList }) => compact(data.deploymentVariables).map(toEnvironmentVariable),
});

export const UpdateDeploymentVariables = defineUnversioned({
  name: 'UpdateDeploymentVariables',
  kind: 'mutation',
  document: `mutation UpdateDeploymentVariables($deploymentUuid: Uuid!, $releaseName: String,
    $environmentVariables: [InputEnvironmentVariable]) {
    updateDeploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName,
      environmentVariables: $environmentVariables) { key value isSecret } }`,
  variables: (input: { deploymentId: string; body: PutEnvironmentVariablesBody }) => ({
    deploymentUuid: input.deploymentId,
    environmentVariables: input.body.environmentVariables,
  }),
  result: (data: { updateDeploymentVariables: VariableList }) => compact(data.updateDeploymentVariables).map(toEnvironmentVariable),
});

export const listWorkspaceDeployments = (houston: HoustonSession, workspaceId: string): Promise<Deployment[]> =>
  houston.call(ListWorkspaceDeployments, { workspaceId });

/** One page of deployments across workspaces; a cluster only where this Houston has clusters. */
export async function listDeploymentsAcrossWorkspaces(
  houston: HoustonSession,
  page: { take: number; after: string | undefined; clusterId: string | undefined },
): Promise<Deployment[]> {
  if (page.clusterId !== undefined) {
    const selection = await houston.selection();
    if (!selection.capabilities.has('clusters')) {
      throw new GatewayError('GW_REQUEST_INVALID', 'clusterId: this Houston has no clusters; they arrive with Houston 1.0', {
        errors: [{ field: 'querystring/clusterId', message: 'this Houston has no clusters' }],
      });
    }
  }
  return houston.call(ListDeploymentsPage, page);
}

/** The namespaces a new deployment may use; on a Houston with clusters, those of one cluster. */
export async function listNamespaces(houston: HoustonSession, query: { clusterId?: string | undefined }): Promise<{ name: string }[]> {
  const { variant } = await houston.variant(ListNamespaces);
  if (!variant.provides.includes('clusters')) {
    if (query.clusterId !== undefined) throw refused('clusterId', 'this Houston has no clusters; they arrive with Houston 1.0', 'querystring');
    return houston.call(ListNamespaces, {});
  }
  return houston.call(ListNamespaces, { clusterId: await clusterFor(houston, query, 'querystring') });
}

export const getDeployment = (houston: HoustonSession, deploymentId: string): Promise<Deployment> =>
  houston.call(GetDeployment, { deploymentId });

function refused(field: string, message: string, where: 'body' | 'querystring' = 'body'): GatewayError {
  return new GatewayError('GW_REQUEST_INVALID', `${field}: ${message}`, { errors: [{ field: `${where}/${field}`, message }] });
}

/** The cluster a create (or a namespace list) is for: the caller's, else the configured default, else the only one. */
export async function clusterFor(
  houston: HoustonSession,
  body: { clusterId?: string | undefined },
  where: 'body' | 'querystring' = 'body',
): Promise<string> {
  if (body.clusterId) return body.clusterId;
  if (houston.defaultClusterId) return houston.defaultClusterId;
  const clusters = await houston.call(ListClusters, undefined);
  if (clusters.length === 1) return clusters[0]!.id;
  throw new GatewayError(
    'GW_REQUEST_UNPROCESSABLE',
    `This Houston puts every deployment on a cluster and has ${clusters.length === 0 ? 'none listed' : `${clusters.length}`}: ` +
      'name one as clusterId (GET /clusters lists them), or set HOUSTON_DEFAULT_CLUSTER_ID on the gateway',
    { errors: [{ field: `${where}/clusterId`, message: 'required on this Houston' }] },
  );
}

export async function createDeployment(houston: HoustonSession, body: CreateDeploymentBody): Promise<Deployment> {
  const { variant } = await houston.variant(CreateDeployment);
  const offers = (capability: (typeof variant.provides)[number]) => variant.provides.includes(capability);
  const line = (await houston.selection()).version ?? 'unknown';
  if (body.clusterId !== undefined && !offers('clusters')) {
    throw refused('clusterId', `this Houston (${line}) has no clusters; they arrive with Houston 1.0`);
  }
  if (body.runtimeVersion !== undefined && !offers('runtime')) {
    throw refused('runtimeVersion', `this Houston (${line}) has no Astro Runtime; it arrives with Houston 0.29 (give airflowVersion)`);
  }
  if (body.triggererReplicas !== undefined && !offers('triggerer')) {
    throw refused('triggererReplicas', `this Houston (${line}) has no triggerer; it arrives with Houston 0.28`);
  }
  if (body.mode !== undefined && !offers('modes')) {
    throw refused('mode', `this Houston (${line}) has no deployment modes; they arrive with Houston 2.1`);
  }
  if (body.airflowVersion !== undefined && !offers('astronomerCertified')) {
    throw new GatewayError(
      'GW_REQUEST_UNPROCESSABLE',
      `This Houston (${line}) no longer creates Astronomer Certified deployments: give runtimeVersion instead of airflowVersion`,
      { errors: [{ field: 'body/airflowVersion', message: 'not accepted by this Houston' }] },
    );
  }
  const clusterId = offers('clusters') ? await clusterFor(houston, body) : undefined;
  return houston.call(CreateDeployment, { ...body, clusterId });
}

export async function updateDeployment(houston: HoustonSession, deploymentId: string, changes: UpdateDeploymentBody): Promise<Deployment> {
  if (changes.triggererReplicas !== undefined) {
    const { variant } = await houston.variant(UpdateDeployment);
    if (!variant.provides.includes('triggerer')) {
      const line = (await houston.selection()).version ?? 'unknown';
      throw refused('triggererReplicas', `this Houston (${line}) has no triggerer; it arrives with Houston 0.28`);
    }
  }
  return houston.call(UpdateDeployment, { deploymentId, changes });
}

/** Resolves with the workspace the deployment was in (for cache invalidation), when Houston says. */
export const deleteDeployment = (houston: HoustonSession, deploymentId: string, hard: boolean): Promise<{ workspaceId: string | null }> =>
  houston.call(DeleteDeployment, { deploymentId, hard });

export const getDeploymentVariables = (houston: HoustonSession, deploymentId: string): Promise<EnvironmentVariable[]> =>
  houston.call(GetDeploymentVariables, deploymentId);

export const putDeploymentVariables = (houston: HoustonSession, deploymentId: string, body: PutEnvironmentVariablesBody): Promise<EnvironmentVariable[]> =>
  houston.call(UpdateDeploymentVariables, { deploymentId, body });
