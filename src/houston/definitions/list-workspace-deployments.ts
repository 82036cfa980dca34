import { compact, toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Deployment } from '../../schemas/deployments.js';
import { DEPLOYMENT_FIELDS, type DeploymentSelection } from './deployment-fields.js';

type Input = { workspaceId: string };
type Data = { workspaceDeployments: Maybe<Maybe<HoustonDeployment>[]> };

const version = (since: string, selection: DeploymentSelection) =>
  variant<Input, Deployment[], Data>({
    since,
    document: `query ListWorkspaceDeployments($workspaceUuid: Uuid!) {
      workspaceDeployments(workspaceUuid: $workspaceUuid) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    variables: ({ workspaceId }) => ({ workspaceUuid: workspaceId }),
    result: (data) => compact(data.workspaceDeployments).map(toDeployment),
  });

export const ListWorkspaceDeployments = defineOperation<Input, Deployment[]>({
  name: 'ListWorkspaceDeployments',
  kind: 'query',
  variants: [
    version('0.25.0', DEPLOYMENT_FIELDS.certified),
    version('0.29.0', DEPLOYMENT_FIELDS.runtime),
    version('1.0.0', DEPLOYMENT_FIELDS.clusters),
  ],
});
