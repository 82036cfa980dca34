// Deployment documents of the official client (FACTS §3.3).
// Each is the operation that client sends to a 0.35 platform (operation name, variables and their
// types, arguments, selection), as FACTS.md records it, written out in graphql-js's canonical form.

export const CREATE_DEPLOYMENT = `
mutation CreateDeployment($label: String!, $type: String = "airflow", $releaseName: String, $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $runtimeVersion: String, $namespace: String, $config: JSON, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  createDeployment(
    label: $label
    type: $type
    workspaceUuid: $workspaceId
    releaseName: $releaseName
    executor: $executor
    airflowVersion: $airflowVersion
    runtimeVersion: $runtimeVersion
    namespace: $namespace
    config: $config
    cloudRole: $cloudRole
    dagDeployment: $dagDeployment
    triggerer: {replicas: $triggererReplicas}
  ) {
    id
    type
    label
    releaseName
    version
    airflowVersion
    runtimeVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}
`;

export const DELETE_DEPLOYMENT = `
mutation DeleteDeployment($deploymentId: Uuid!, $deploymentHardDelete: Boolean) {
  deleteDeployment(
    deploymentUuid: $deploymentId
    deploymentHardDelete: $deploymentHardDelete
  ) {
    id
    type
    label
    description
    releaseName
    version
    workspace {
      id
    }
    createdAt
    updatedAt
  }
}
`;

export const GET_DEPLOYMENT = `
query GetDeployment($id: String!) {
  deployment(where: {id: $id}) {
    id
    airflowVersion
    desiredAirflowVersion
    runtimeVersion
    desiredRuntimeVersion
    runtimeAirflowVersion
    releaseName
    urls {
      type
      url
    }
    dagDeployment {
      type
    }
  }
}
`;

export const LIST_DEPLOYMENTS = `
query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
  workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) {
    id
    type
    label
    releaseName
    workspace {
      id
    }
    deployInfo {
      nextCli
      current
    }
    version
    airflowVersion
    runtimeVersion
    createdAt
    updatedAt
  }
}
`;

export const UPDATE_DEPLOYMENT = `
mutation UpdateDeployment($deploymentId: Uuid!, $payload: JSON!, $executor: ExecutorType, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  updateDeployment(
    deploymentUuid: $deploymentId
    payload: $payload
    executor: $executor
    cloudRole: $cloudRole
    dagDeployment: $dagDeployment
    triggerer: {replicas: $triggererReplicas}
  ) {
    id
    type
    label
    description
    releaseName
    version
    airflowVersion
    workspace {
      id
    }
    deployInfo {
      current
    }
    createdAt
    updatedAt
  }
}
`;
