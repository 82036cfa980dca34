// Creating a deployment: createDeployment until 0.37 (triggerer replicas from 0.28, Runtime from
// 0.29), upsertDeployment with a cluster from 1.0 (FACTS.md §2.4, §4.3), `mode` from 2.1 (§4.6). Each variant takes what its line accepts; the
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

/** The line's arguments a create may take, beyond the baseline. */
interface CreateForm {
  runtime: boolean;
  triggerer: boolean;
}

const legacy = (since: string, form: CreateForm, selection: DeploymentSelection) =>
  variant<Input, Deployment, { createDeployment: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!, $executor: ExecutorType!,
      ${form.runtime ? '$runtimeVersion: String, ' : ''}$airflowVersion: String, $releaseName: String, $namespace: String,
      $dagDeployment: DagDeployment${form.triggerer ? ', $triggererReplicas: Int' : ''}) {
      createDeployment(workspaceUuid: $workspaceUuid, label: $label, executor: $executor,
        ${form.runtime ? 'runtimeVersion: $runtimeVersion, ' : ''}airflowVersion: $airflowVersion, releaseName: $releaseName,
        namespace: $namespace, dagDeployment: $dagDeployment${form.triggerer ? ', triggerer: { replicas: $triggererReplicas }' : ''}) {
        ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: ['astronomerCertified', ...(form.runtime ? (['runtime'] as const) : []), ...(form.triggerer ? (['triggerer'] as const) : [])],
    variables: (body) => ({
      workspaceUuid: body.workspaceId,
      label: body.label,
      executor: body.executor,
      ...(form.runtime ? { runtimeVersion: body.runtimeVersion } : {}),
      airflowVersion: body.airflowVersion,
      releaseName: body.releaseName,
      namespace: body.namespace,
      dagDeployment: body.dagDeployment,
      ...(form.triggerer ? { triggererReplicas: body.triggererReplicas } : {}),
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
      $runtimeVersion: String, $releaseName: String, $namespace: String, $dagDeployment: DagDeployment, $triggererReplicas: Int
      ${modes ? ', $mode: AllowedDeploymentModeValues' : ''}) {
      upsertDeployment(workspaceUuid: $workspaceUuid, clusterId: $clusterId, label: $label, executor: $executor,
        runtimeVersion: $runtimeVersion, releaseName: $releaseName, namespace: $namespace, dagDeployment: $dagDeployment,
        triggerer: { replicas: $triggererReplicas }${modes ? ', mode: $mode' : ''}) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: ['clusters', 'runtime', 'triggerer', ...(modes ? (['modes'] as Capability[]) : [])],
    variables: (body) => ({
      workspaceUuid: body.workspaceId,
      clusterId: body.clusterId,
      label: body.label,
      executor: body.executor,
      runtimeVersion: body.runtimeVersion,
      releaseName: body.releaseName,
      namespace: body.namespace,
      dagDeployment: body.dagDeployment,
      triggererReplicas: body.triggererReplicas,
      ...(modes ? { mode: body.mode } : {}),
    }),
    result: created,
  });

export const CreateDeployment = defineOperation<Input, Deployment>({
  name: 'CreateDeployment',
  kind: 'mutation',
  variants: [
    legacy('0.25.0', { runtime: false, triggerer: false }, DEPLOYMENT_FIELDS.certified),
    legacy('0.28.0', { runtime: false, triggerer: true }, DEPLOYMENT_FIELDS.certified),
    legacy('0.29.0', { runtime: true, triggerer: true }, DEPLOYMENT_FIELDS.runtime),
    upsert('1.0.0', false, DEPLOYMENT_FIELDS.clusters),
    upsert('2.1.0', true, DEPLOYMENT_FIELDS.clusters),
  ],
});
