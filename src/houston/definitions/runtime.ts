// Astro Runtime: the releases a deployment may use, and upgrading a deployment to one (FACTS.md
// §2.3: both arrive with 0.29; VERSIONS.md §4). The releases are per cluster from 1.0.
import { notFound } from '../errors.js';
import { compact, toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Deployment } from '../../schemas/deployments.js';
import type { RuntimeRelease } from '../../schemas/runtime.js';
import { DEPLOYMENT_FIELDS, type DeploymentSelection } from './deployment-fields.js';

type ReleasesInput = { airflowVersion?: string | undefined; clusterId?: string | undefined };
type HoustonRelease = { version: string; airflowVersion?: Maybe<string>; airflowDatabaseMigrations?: Maybe<boolean>; channel?: Maybe<string>; releaseDate?: Maybe<string> };

const toRelease = (raw: HoustonRelease): RuntimeRelease => ({
  version: raw.version,
  airflowVersion: raw.airflowVersion ?? null,
  airflowDatabaseMigrations: raw.airflowDatabaseMigrations ?? null,
  channel: raw.channel ?? null,
  releaseDate: raw.releaseDate ?? null,
});

// `channel` and `releaseDate` are not selected by the official client (unverified on every line).
const RELEASE_FIELDS = 'version airflowVersion airflowDatabaseMigrations channel releaseDate';
const OPTIONAL_RELEASE_FIELDS = ['RuntimeRelease.channel', 'RuntimeRelease.releaseDate'];

export const ListRuntimeReleases = defineOperation<ReleasesInput, RuntimeRelease[]>({
  name: 'ListRuntimeReleases',
  kind: 'query',
  capability: 'runtimeReleases',
  variants: [
    variant<ReleasesInput, RuntimeRelease[], { runtimeReleases: Maybe<Maybe<HoustonRelease>[]> }>({
      // The official client sends clusterId to every line from 0.29 (houston/runtime.go, PR #1906); the
      // gateway sends one only where the line has clusters (operations/runtime.ts).
      since: '0.29.0',
      document: `query ListRuntimeReleases($airflowVersion: String, $clusterId: Uuid) {
        runtimeReleases(airflowVersion: $airflowVersion, clusterId: $clusterId) { ${RELEASE_FIELDS} } }`,
      optionalFields: OPTIONAL_RELEASE_FIELDS,
      variables: (input) => ({ airflowVersion: input.airflowVersion, clusterId: input.clusterId }),
      result: (data) => compact(data.runtimeReleases).map(toRelease),
    }),
  ],
});

function deploymentOf(deployment: Maybe<HoustonDeployment>, operation: string): Deployment {
  if (!deployment) throw notFound(operation);
  return toDeployment(deployment);
}

type UpgradeInput = { deploymentId: string; runtimeVersion: string };

const upgrade = (since: string, selection: DeploymentSelection) =>
  variant<UpgradeInput, Deployment, { updateDeploymentRuntime: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation UpgradeDeploymentRuntime($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
      updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    variables: (input) => ({ deploymentUuid: input.deploymentId, desiredRuntimeVersion: input.runtimeVersion }),
    result: (data) => deploymentOf(data.updateDeploymentRuntime, 'UpgradeDeploymentRuntime'),
  });

export const UpgradeDeploymentRuntime = defineOperation<UpgradeInput, Deployment>({
  name: 'UpgradeDeploymentRuntime',
  kind: 'mutation',
  variants: [upgrade('0.29.0', DEPLOYMENT_FIELDS.runtime), upgrade('1.0.0', DEPLOYMENT_FIELDS.clusters)],
});

const cancel = (since: string, selection: DeploymentSelection) =>
  variant<string, Deployment, { cancelRuntimeUpdate: Maybe<HoustonDeployment> }>({
    since,
    document: `mutation CancelDeploymentRuntimeUpgrade($deploymentUuid: Uuid!) {
      cancelRuntimeUpdate(deploymentUuid: $deploymentUuid) { ${selection.fields} } }`,
    optionalFields: selection.optional,
    variables: (deploymentId) => ({ deploymentUuid: deploymentId }),
    result: (data) => deploymentOf(data.cancelRuntimeUpdate, 'CancelDeploymentRuntimeUpgrade'),
  });

export const CancelDeploymentRuntimeUpgrade = defineOperation<string, Deployment>({
  name: 'CancelDeploymentRuntimeUpgrade',
  kind: 'mutation',
  variants: [cancel('0.29.0', DEPLOYMENT_FIELDS.runtime), cancel('1.0.0', DEPLOYMENT_FIELDS.clusters)],
});
