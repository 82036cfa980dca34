// Houston 1.0.1–1.x (APC 1.0.1 to 1.2): Astronomer Certified is gone; every deployment is Runtime
// (astro-cli PR #1988; FACTS §2.4, §4.4).
import { defineLine } from '../define-line.js';

// desiredRuntimeVersion stays: PR #1988's title names it, but its 1.0.1 entries only stop selecting
// airflowVersion, and the client's unversioned updateDeploymentRuntime and cancelRuntimeUpdate
// still select it on every line — removing it would break the official client's runtime upgrade
// on 1.x and 2.x. updateDeploymentAirflow goes with Astronomer Certified (inferred; the client
// sends it only for AC deployments, which no longer exist). Both unverified (VERSIONS §4).
export default defineLine({
  since: '1.0.1',
  label: '1.0.1–1.x',
  remove: [
    'Deployment.airflowVersion',
    'Deployment.desiredAirflowVersion',
    // Inferred from AC's removal; the 1.0.1 client no longer sends it.
    'Mutation.updateDeploymentAirflow',
    // The AC catalogue of deploymentConfig (inferred: the 1.0.1 client selects only __typename).
    'DeploymentConfig.airflowImages',
    'DeploymentConfig.airflowVersions',
    'DeploymentConfig.defaultAirflowImageTag',
    'DeploymentConfig.defaultAirflowVersion',
    'AirflowImage',
  ],
  removeArguments: {
    'Mutation.upsertDeployment': ['airflowVersion'],
    // runtimeVersion becomes required below (the 1.0.1 client declares it String!).
    'Mutation.updateDeploymentImage': ['airflowVersion', 'runtimeVersion'],
  },
  addArguments: {
    'Mutation.updateDeploymentImage': 'runtimeVersion: String!',
  },
});
