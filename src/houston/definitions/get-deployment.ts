import { notFound } from '../errors.js';
import { toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Deployment } from '../../schemas/deployments.js';
import { DEPLOYMENT_FIELDS, type DeploymentSelection } from './deployment-fields.js';

type Input = { deploymentId: string };
type Data = { deployment: Maybe<HoustonDeployment> };

const version = (since: string, selection: DeploymentSelection) =>
  variant<Input, Deployment, Data>({
    since,
    document: `query GetDeployment($id: String!) { deployment(where: { id: $id }) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    variables: ({ deploymentId }) => ({ id: deploymentId }),
    result: (data) => {
      // Houston answers null, without an error, for an unknown id.
      if (!data.deployment) throw notFound('GetDeployment');
      return toDeployment(data.deployment);
    },
  });

export const GetDeployment = defineOperation<Input, Deployment>({
  name: 'GetDeployment',
  kind: 'query',
  variants: [
    version('0.25.0', DEPLOYMENT_FIELDS.certified),
    version('0.29.0', DEPLOYMENT_FIELDS.runtime),
    version('1.0.0', DEPLOYMENT_FIELDS.clusters),
  ],
});
