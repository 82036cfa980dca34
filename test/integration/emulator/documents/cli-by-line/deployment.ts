// Deployments: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/deployment.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// Version-keyed (queryList) documents, with their keys: DeploymentCreateRequest (0.25.0, 0.28.0,
// 0.29.0, 1.0.0, 1.0.1, 2.1.0); DeploymentsGetRequest (0.25.0, 0.29.0, 1.0.0, 1.0.1);
// PaginatedDeploymentsGetRequest (0.32.0, 1.0.0, 1.0.1); DeploymentUpdateRequest (0.25.0, 0.28.0,
// 1.0.0, 1.0.1); DeploymentGetRequest (0.25.0, 0.29.0, 1.0.0, 1.0.1); DeploymentInfoRequest
// (0.25.0, 1.0.1); DeploymentImageUpdateRequest (0.25.0, 1.0.1, 2.1.0). The others are one text for
// every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { CLUSTER_ID, DEPLOYMENT_ID, WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const deploymentDocuments: readonly ClientDocument[] = [
  {
    name: 'DeploymentCreateRequest',
    methods: ['CreateDeployment'],
    queryList: [
      {
        key: '0.25.0',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, executor: 'CeleryExecutor', cloudRole: '', airflowVersion: '2.2.5', dagDeployment: {} },
        document: `mutation CreateDeployment($label: String!, $type: String = "airflow", $releaseName: String, $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $namespace: String, $config: JSON, $cloudRole: String, $dagDeployment: DagDeployment) {
  createDeployment(
    label: $label
    type: $type
    workspaceUuid: $workspaceId
    releaseName: $releaseName
    executor: $executor
    airflowVersion: $airflowVersion
    namespace: $namespace
    config: $config
    cloudRole: $cloudRole
    dagDeployment: $dagDeployment
  ) {
    id
    type
    label
    releaseName
    version
    airflowVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '0.28.0',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, executor: 'CeleryExecutor', cloudRole: '', airflowVersion: '2.2.5', dagDeployment: {}, triggererReplicas: 1 },
        document: `mutation CreateDeployment($label: String!, $type: String = "airflow", $releaseName: String, $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $namespace: String, $config: JSON, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  createDeployment(
    label: $label
    type: $type
    workspaceUuid: $workspaceId
    releaseName: $releaseName
    executor: $executor
    airflowVersion: $airflowVersion
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
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '0.29.0',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, executor: 'CeleryExecutor', cloudRole: '', runtimeVersion: '5.0.0', dagDeployment: { type: 'image' }, triggererReplicas: 1 },
        document: `mutation CreateDeployment($label: String!, $type: String = "airflow", $releaseName: String, $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $runtimeVersion: String, $namespace: String, $config: JSON, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
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
}`,
      },
      {
        key: '1.0.0',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, clusterId: CLUSTER_ID, executor: 'KubernetesExecutor', cloudRole: '', runtimeVersion: '12.1.0', dagDeployment: {}, triggererReplicas: 1 },
        document: `mutation upsertDeployment($label: String, $workspaceId: Uuid, $clusterId: Uuid, $releaseName: String, $executor: ExecutorType, $runtimeVersion: String, $namespace: String, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  upsertDeployment(
    workspaceUuid: $workspaceId
    clusterId: $clusterId
    label: $label
    releaseName: $releaseName
    namespace: $namespace
    runtimeVersion: $runtimeVersion
    executor: $executor
    triggerer: {replicas: $triggererReplicas}
    dagDeployment: $dagDeployment
    cloudRole: $cloudRole
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
}`,
      },
      {
        key: '1.0.1',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, clusterId: CLUSTER_ID, executor: 'KubernetesExecutor', cloudRole: '', runtimeVersion: '12.1.0', dagDeployment: {} },
        document: `mutation upsertDeployment($label: String, $workspaceId: Uuid, $clusterId: Uuid, $releaseName: String, $executor: ExecutorType, $runtimeVersion: String, $namespace: String, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  upsertDeployment(
    workspaceUuid: $workspaceId
    clusterId: $clusterId
    label: $label
    releaseName: $releaseName
    namespace: $namespace
    runtimeVersion: $runtimeVersion
    executor: $executor
    triggerer: {replicas: $triggererReplicas}
    dagDeployment: $dagDeployment
    cloudRole: $cloudRole
  ) {
    id
    type
    label
    releaseName
    version
    runtimeVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '2.1.0',
        variables: { label: 'etl', workspaceId: WORKSPACE_ID, clusterId: CLUSTER_ID, executor: 'CeleryExecutor', cloudRole: '', runtimeVersion: '12.1.0', dagDeployment: {}, mode: 'operator' },
        document: `mutation upsertDeployment($label: String, $workspaceId: Uuid, $clusterId: Uuid, $releaseName: String, $executor: ExecutorType, $runtimeVersion: String, $namespace: String, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int, $mode: AllowedDeploymentModeValues) {
  upsertDeployment(
    workspaceUuid: $workspaceId
    clusterId: $clusterId
    label: $label
    releaseName: $releaseName
    namespace: $namespace
    runtimeVersion: $runtimeVersion
    executor: $executor
    triggerer: {replicas: $triggererReplicas}
    dagDeployment: $dagDeployment
    cloudRole: $cloudRole
    mode: $mode
  ) {
    id
    type
    label
    releaseName
    version
    runtimeVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentsGetRequest',
    methods: ['ListDeployments'],
    queryList: [
      {
        key: '0.25.0',
        variables: { workspaceId: WORKSPACE_ID },
        document: `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
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
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '0.29.0',
        variables: { workspaceId: WORKSPACE_ID },
        document: `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
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
}`,
      },
      {
        key: '1.0.0',
        variables: { workspaceId: WORKSPACE_ID },
        document: `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
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
    runtimeVersion
    clusterId
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '1.0.1',
        variables: { workspaceId: WORKSPACE_ID },
        document: `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
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
    runtimeVersion
    clusterId
    createdAt
    updatedAt
  }
}`,
      },
    ],
  },
  {
    name: 'PaginatedDeploymentsGetRequest',
    methods: ['ListPaginatedDeployments'],
    gate: { since: '0.32.0', by: 'method', what: 'houstonAPIAvailabilityByVersion ListPaginatedDeployments (houston/decorator.go)' },
    queryList: [
      {
        key: '0.32.0',
        variables: { take: -1 },
        document: `query paginatedDeployments($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int) {
  paginatedDeployments(
    take: $take
    name: $name
    cursor: $cursor
    pageNumber: $pageNumber
  ) {
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
}`,
      },
      {
        key: '1.0.0',
        variables: { take: -1, clusterId: CLUSTER_ID },
        document: `query paginatedDeployments($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int, $clusterId: Uuid) {
  paginatedDeployments(
    take: $take
    name: $name
    cursor: $cursor
    pageNumber: $pageNumber
    clusterId: $clusterId
  ) {
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
    runtimeVersion
    clusterId
    createdAt
    updatedAt
  }
}`,
      },
      {
        key: '1.0.1',
        variables: { take: -1, clusterId: CLUSTER_ID },
        document: `query paginatedDeployments($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int, $clusterId: Uuid) {
  paginatedDeployments(
    take: $take
    name: $name
    cursor: $cursor
    pageNumber: $pageNumber
    clusterId: $clusterId
  ) {
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
    runtimeVersion
    clusterId
    createdAt
    updatedAt
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentUpdateRequest',
    methods: ['UpdateDeployment'],
    queryList: [
      {
        key: '0.25.0',
        variables: { deploymentId: DEPLOYMENT_ID, payload: { label: 'etl-2' }, cloudRole: '', executor: 'LocalExecutor', dagDeployment: {}, label: 'etl-2' },
        document: `mutation UpdateDeployment($deploymentId: Uuid!, $payload: JSON!, $cloudRole: String, $executor: ExecutorType, $dagDeployment: DagDeployment) {
  updateDeployment(
    deploymentUuid: $deploymentId
    payload: $payload
    cloudRole: $cloudRole
    executor: $executor
    dagDeployment: $dagDeployment
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
}`,
      },
      {
        key: '0.28.0',
        variables: { deploymentId: DEPLOYMENT_ID, payload: { label: 'etl-2' }, cloudRole: '', dagDeployment: {}, triggererReplicas: 2, label: 'etl-2' },
        document: `mutation UpdateDeployment($deploymentId: Uuid!, $payload: JSON!, $executor: ExecutorType, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
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
}`,
      },
      {
        key: '1.0.0',
        variables: { deploymentId: DEPLOYMENT_ID, payload: { description: 'nightly' }, cloudRole: 'arn:aws:iam::123456789012:role/etl', sync: true, dagDeployment: {}, description: 'nightly' },
        document: `mutation upsertDeployment($deploymentId: Uuid!, $label: String, $description: String, $executor: ExecutorType, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  upsertDeployment(
    deploymentUuid: $deploymentId
    label: $label
    description: $description
    executor: $executor
    triggerer: {replicas: $triggererReplicas}
    dagDeployment: $dagDeployment
    cloudRole: $cloudRole
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
}`,
      },
      {
        key: '1.0.1',
        variables: { deploymentId: DEPLOYMENT_ID, payload: { label: 'etl-2' }, cloudRole: '', executor: 'KubernetesExecutor', dagDeployment: {}, label: 'etl-2' },
        document: `mutation upsertDeployment($deploymentId: Uuid!, $label: String, $description: String, $executor: ExecutorType, $cloudRole: String, $dagDeployment: DagDeployment, $triggererReplicas: Int) {
  upsertDeployment(
    deploymentUuid: $deploymentId
    label: $label
    description: $description
    executor: $executor
    triggerer: {replicas: $triggererReplicas}
    dagDeployment: $dagDeployment
    cloudRole: $cloudRole
  ) {
    id
    type
    label
    releaseName
    version
    runtimeVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentGetRequest',
    methods: ['GetDeployment'],
    queryList: [
      {
        key: '0.25.0',
        variables: { id: DEPLOYMENT_ID },
        document: `query GetDeployment($id: String!) {
  deployment(where: {id: $id}) {
    id
    airflowVersion
    desiredAirflowVersion
    urls {
      type
      url
    }
  }
}`,
      },
      {
        key: '0.29.0',
        variables: { id: DEPLOYMENT_ID },
        document: `query GetDeployment($id: String!) {
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
}`,
      },
      {
        key: '1.0.0',
        variables: { id: DEPLOYMENT_ID },
        document: `query GetDeployment($id: String!) {
  deployment(where: {id: $id}) {
    id
    runtimeVersion
    runtimeAirflowVersion
    releaseName
    urls {
      type
      url
    }
    dagDeployment {
      type
    }
    clusterId
  }
}`,
      },
      {
        key: '1.0.1',
        variables: { id: DEPLOYMENT_ID },
        document: `query GetDeployment($id: String!) {
  deployment(where: {id: $id}) {
    id
    runtimeVersion
    runtimeAirflowVersion
    releaseName
    urls {
      type
      url
    }
    dagDeployment {
      type
    }
    clusterId
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentInfoRequest',
    methods: ['GetDeploymentConfig'],
    queryList: [
      {
        key: '0.25.0',
        document: `query DeploymentInfo {
  deploymentConfig {
    airflowImages {
      version
      tag
    }
    airflowVersions
    defaultAirflowImageTag
  }
}`,
      },
      {
        key: '1.0.1',
        document: `query DeploymentInfo {
  deploymentConfig {
    __typename
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentImageUpdateRequest',
    methods: ['UpdateDeploymentImage'],
    gate: { since: '0.29.2', by: 'method', what: 'houstonAPIAvailabilityByVersion UpdateDeploymentImage (houston/decorator.go)' },
    queryList: [
      {
        key: '0.25.0',
        variables: { releaseName: 'cosmic-star-1234', image: 'registry.example.com/cosmic-star-1234/airflow:deploy-2', runtimeVersion: '5.0.0' },
        document: `mutation updateDeploymentImage($releaseName: String!, $image: String!, $airflowVersion: String, $runtimeVersion: String) {
  updateDeploymentImage(
    releaseName: $releaseName
    image: $image
    airflowVersion: $airflowVersion
    runtimeVersion: $runtimeVersion
  ) {
    releaseName
    airflowVersion
    runtimeVersion
  }
}`,
      },
      {
        key: '1.0.1',
        variables: { releaseName: 'cosmic-star-1234', image: 'registry.example.com/cosmic-star-1234/airflow:deploy-2', runtimeVersion: '12.1.0' },
        document: `mutation updateDeploymentImage($releaseName: String!, $image: String!, $runtimeVersion: String!) {
  updateDeploymentImage(
    releaseName: $releaseName
    image: $image
    runtimeVersion: $runtimeVersion
  ) {
    releaseName
    runtimeVersion
  }
}`,
      },
      {
        key: '2.1.0',
        variables: { releaseName: 'cosmic-star-1234', image: 'registry.example.com/cosmic-star-1234/airflow:deploy-2', runtimeVersion: '12.1.0' },
        document: `mutation upsertDeployment($releaseName: String!, $image: String!, $runtimeVersion: String!) {
  upsertDeployment(
    releaseName: $releaseName
    image: $image
    runtimeVersion: $runtimeVersion
  ) {
    id
    releaseName
    runtimeVersion
  }
}`,
      },
    ],
  },
  {
    name: 'DeploymentDeleteRequest',
    methods: ['DeleteDeployment'],
    variables: { deploymentId: DEPLOYMENT_ID, deploymentHardDelete: true },
    document: `mutation DeleteDeployment($deploymentId: Uuid!, $deploymentHardDelete: Boolean) {
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
}`,
  },
  {
    name: 'AdoptDeploymentRequestMutation',
    methods: ['AdoptDeployment'],
    gate: { since: '2.1.0', by: 'command', what: '"astro deployment adopt" in cmdAvailabilityByVersion (cmd/apc/utils.go)' },
    variables: { workspaceId: WORKSPACE_ID, clusterId: CLUSTER_ID, crNamespace: 'airflow-team-a', crName: 'etl', label: 'etl', description: '', useApcLogging: false, useApcRegistry: false, acceptIncompatibilities: true },
    document: `mutation AdoptDeployment($workspaceId: Uuid!, $clusterId: Uuid!, $crNamespace: String!, $crName: String!, $label: String, $description: String, $useApcLogging: Boolean, $useApcRegistry: Boolean, $acceptIncompatibilities: Boolean) {
  adoptDeployment(
    workspaceUuid: $workspaceId
    clusterId: $clusterId
    crNamespace: $crNamespace
    crName: $crName
    label: $label
    description: $description
    useApcLogging: $useApcLogging
    useApcRegistry: $useApcRegistry
    acceptIncompatibilities: $acceptIncompatibilities
  ) {
    id
    label
    releaseName
    namespace
    clusterId
    workspace {
      id
    }
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'UnadoptDeploymentRequestMutation',
    methods: ['UnadoptDeployment'],
    gate: { since: '2.1.0', by: 'command', what: '"astro deployment unadopt" in cmdAvailabilityByVersion (cmd/apc/utils.go)' },
    variables: { deploymentId: DEPLOYMENT_ID },
    document: `mutation UnadoptDeployment($deploymentId: Uuid!) {
  unadoptDeployment(deploymentUuid: $deploymentId) {
    id
    label
    releaseName
    namespace
    clusterId
    workspace {
      id
    }
  }
}`,
  },
  {
    name: 'UpdateDeploymentAirflowRequest',
    methods: ['UpdateDeploymentAirflow'],
    variables: { deploymentId: DEPLOYMENT_ID, desiredAirflowVersion: '2.2.5' },
    document: `mutation updateDeploymentAirflow($deploymentId: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(
    deploymentUuid: $deploymentId
    desiredAirflowVersion: $desiredAirflowVersion
  ) {
    id
    label
    version
    releaseName
    airflowVersion
    desiredAirflowVersion
  }
}`,
  },
  {
    name: 'DeploymentLogsGetRequest',
    methods: ['ListDeploymentLogs'],
    variables: { deploymentId: DEPLOYMENT_ID, component: 'scheduler', search: '', timestamp: '2026-08-13T20:49:03.780819Z' },
    document: `query GetLogs($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
  logs(
    deploymentUuid: $deploymentId
    component: $component
    timestamp: $timestamp
    search: $search
  ) {
    id
    createdAt: timestamp
    log: message
  }
}`,
  },
  {
    name: 'UpdateDeploymentRuntimeRequest',
    methods: ['UpdateDeploymentRuntime'],
    gate: { since: '0.29.0', by: 'method', what: 'houstonAPIAvailabilityByVersion UpdateDeploymentRuntime (houston/decorator.go); also "astro deployment runtime"' },
    variables: { deploymentUuid: DEPLOYMENT_ID, desiredRuntimeVersion: '5.0.1' },
    document: `mutation updateDeploymentRuntime($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
  updateDeploymentRuntime(
    deploymentUuid: $deploymentUuid
    desiredRuntimeVersion: $desiredRuntimeVersion
  ) {
    id
    label
    version
    releaseName
    runtimeVersion
    desiredRuntimeVersion
    runtimeAirflowVersion
  }
}`,
  },
  {
    name: 'CancelUpdateDeploymentRuntimeRequest',
    methods: ['CancelUpdateDeploymentRuntime'],
    gate: { since: '0.29.0', by: 'command', what: '"astro deployment runtime" in cmdAvailabilityByVersion (cmd/apc/utils.go); the method itself has no gate' },
    variables: { deploymentUuid: DEPLOYMENT_ID },
    document: `mutation cancelRuntimeUpdate($deploymentUuid: Uuid!) {
  cancelRuntimeUpdate(deploymentUuid: $deploymentUuid) {
    id
    label
    version
    releaseName
    runtimeVersion
    desiredRuntimeVersion
    runtimeAirflowVersion
  }
}`,
  },
];
