// Changing a deployment's label, description, executor, DAG deployment or triggerer replicas (0.28):
// updateDeployment with a `payload` until 0.37, upsertDeployment with plain arguments from 1.0
// (FACTS.md §4.3). The REST body is the same.
import { notFound } from '../errors.js';
import { toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Deployment, UpdateDeploymentBody } from '../../schemas/deployments.js';
import { DEPLOYMENT_FIELDS, type DeploymentSelection } from './deployment-fields.js';

type Input = { deploymentId: string; changes: UpdateDeploymentBody };

function updated(deployment: Maybe<HoustonDeployment>): Deployment {
  if (!deployment) throw notFound('UpdateDeployment');
  return toDeployment(deployment);
}

const legacy = (since: string, triggerer: boolean, selection: DeploymentSelection) =>
  variant<Input, Deployment, { updateDeployment: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation UpdateDeployment($deploymentUuid: Uuid!, $payload: JSON!, $executor: ExecutorType, $dagDeployment: DagDeployment
      ${triggerer ? ', $triggererReplicas: Int' : ''}) {
      updateDeployment(deploymentUuid: $deploymentUuid, payload: $payload, executor: $executor, dagDeployment: $dagDeployment
        ${triggerer ? ', triggerer: { replicas: $triggererReplicas }' : ''}) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: triggerer ? ['triggerer'] : [],
    variables: ({ deploymentId, changes }) => {
      const payload: Record<string, string> = {};
      if (changes.label !== undefined) payload.label = changes.label;
      if (changes.description !== undefined) payload.description = changes.description;
      return {
        deploymentUuid: deploymentId,
        payload,
        executor: changes.executor,
        dagDeployment: changes.dagDeployment,
        ...(triggerer ? { triggererReplicas: changes.triggererReplicas } : {}),
      };
    },
    result: (data) => updated(data.updateDeployment),
  });

const upsert = (since: string, selection: DeploymentSelection) =>
  variant<Input, Deployment, { upsertDeployment: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation UpdateDeployment($deploymentUuid: Uuid!, $label: String, $description: String, $executor: ExecutorType,
      $dagDeployment: DagDeployment, $triggererReplicas: Int) {
      upsertDeployment(deploymentUuid: $deploymentUuid, label: $label, description: $description, executor: $executor,
        dagDeployment: $dagDeployment, triggerer: { replicas: $triggererReplicas }) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    provides: ['triggerer'],
    // Only what the caller gave: upsert leaves an argument it is not sent unchanged.
    variables: ({ deploymentId, changes }) => ({ deploymentUuid: deploymentId, ...changes }),
    result: (data) => updated(data.upsertDeployment),
  });

export const UpdateDeployment = defineOperation<Input, Deployment>({
  name: 'UpdateDeployment',
  kind: 'mutation',
  variants: [
    legacy('0.25.0', false, DEPLOYMENT_FIELDS.certified),
    legacy('0.28.0', true, DEPLOYMENT_FIELDS.certified),
    legacy('0.29.0', true, DEPLOYMENT_FIELDS.runtime),
    upsert('1.0.0', DEPLOYMENT_FIELDS.clusters),
  ],
});
