// Houston 1.0.1–1.x (APC 1.0.1 to 1.2): Astronomer Certified is gone; every deployment is Runtime
// (astro-cli PR #1988; FACTS §2.4, §4.4).
import { defineLine } from '../define-line.js';

// The harsher reading, on purpose: astro-cli's unversioned updateDeploymentRuntime and
// cancelRuntimeUpdate documents still select desiredRuntimeVersion, and its updateDeploymentAirflow
// document is not gated, so those fail against this line. Whether real 1.0.1+ keeps them is
// unverified (VERSIONS §4); a client that needs them is told so here first.
export default defineLine({
  since: '1.0.1',
  label: '1.0.1–1.x',
  remove: [
    'Deployment.airflowVersion',
    'Deployment.desiredAirflowVersion',
    'Deployment.desiredRuntimeVersion',
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
    'Mutation.upsertDeployment': ['airflowVersion', 'desiredRuntimeVersion'],
    // runtimeVersion becomes required below (the 1.0.1 client declares it String!).
    'Mutation.updateDeploymentImage': ['airflowVersion', 'runtimeVersion'],
  },
  addArguments: {
    'Mutation.updateDeploymentImage': 'runtimeVersion: String!',
  },
});
