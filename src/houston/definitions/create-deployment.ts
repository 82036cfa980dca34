// Creating a deployment: createDeployment until 0.37, upsertDeployment with a cluster from 1.0
// (FACTS.md §2.4, §4.3), `mode` from 2.1 (§4.6). Each variant takes what its line accepts; the
// route refuses an input the chosen variant does not `provide` before anything reaches Houston.
import { notFound } from '../errors.js';
import { toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant, type Capability } from '../operation.js';
import type { CreateDeploymentBody, Deployment } from '../../schemas/deployments.js';
import { DEPLOYMENT_FIELDS, type DeploymentSelection } from './deployment-fields.js';

type Input = CreateDeploymentBody;

function created(data: { createDeployment?: Maybe<HoustonDeployment>; upsertDeployment?: Maybe<HoustonDeployment> }): Deployment {
  const deployment = data.createDeployment ?? data.upsertDeployment;
  if (!deployment) throw notFound('CreateDeployment');
  return toDeployment(deployment);
}

const legacy = (since: string, runtime: boolean, selection: DeploymentSelection) =>
  variant<Input, Deployment, { createDeployment: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!, $executor: ExecutorType!,
      ${runtime ? '$runtimeVersion: String, ' : ''}$airflowVersion: String, $releaseName: String, $namespace: String) {
      createDeployment(workspaceUuid: $workspaceUuid, label: $label, executor: $executor,
        ${runtime ? 'runtimeVersion: $runtimeVersion, ' : ''}airflowVersion: $airflowVersion, releaseName: $releaseName,
        namespace: $namespace) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: runtime ? ['astronomerCertified', 'runtime'] : ['astronomerCertified'],
    variables: (body) => ({
      workspaceUuid: body.workspaceId,
      label: body.label,
      executor: body.executor,
      ...(runtime ? { runtimeVersion: body.runtimeVersion } : {}),
      airflowVersion: body.airflowVersion,
      releaseName: body.releaseName,
      namespace: body.namespace,
    }),
    result: created,
  });

/**
 * From 1.0 the official client creates with upsertDeployment and always names a cluster; it sends
 * no airflowVersion, and neither does the gateway (AC creation is refused from 1.0).
 */
const upsert = (since: string, modes: boolean, selection: DeploymentSelection) =>
  variant<Input, Deployment, { upsertDeployment: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation CreateDeployment($workspaceUuid: Uuid!, $clusterId: Uuid!, $label: String!, $executor: ExecutorType,
      $runtimeVersion: String, $releaseName: String, $namespace: String${modes ? ', $mode: AllowedDeploymentModeValues' : ''}) {
      upsertDeployment(workspaceUuid: $workspaceUuid, clusterId: $clusterId, label: $label, executor: $executor,
        runtimeVersion: $runtimeVersion, releaseName: $releaseName, namespace: $namespace${modes ? ', mode: $mode' : ''}) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: ['clusters', 'runtime', ...(modes ? (['modes'] as Capability[]) : [])],
    variables: (body) => ({
      workspaceUuid: body.workspaceId,
      clusterId: body.clusterId,
      label: body.label,
      executor: body.executor,
      runtimeVersion: body.runtimeVersion,
      releaseName: body.releaseName,
      namespace: body.namespace,
      ...(modes ? { mode: body.mode } : {}),
    }),
    result: created,
  });

export const CreateDeployment = defineOperation<Input, Deployment>({
  name: 'CreateDeployment',
  kind: 'mutation',
  variants: [
    legacy('0.25.0', false, DEPLOYMENT_FIELDS.certified),
    legacy('0.29.0', true, DEPLOYMENT_FIELDS.runtime),
    upsert('1.0.0', false, DEPLOYMENT_FIELDS.clusters),
    upsert('2.1.0', true, DEPLOYMENT_FIELDS.clusters),
  ],
});
