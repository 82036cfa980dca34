// Documents for the 1.x/2.x suites: the shapes astro-cli sends from 1.0 (FACTS §4.3–§4.6) and the
// cluster queries the 2.x docs name (their selection is the emulator's guess, schema/lines/1.0.0.ts).

/** Create as the 1.0.1 client sends it: upsertDeployment with clusterId, every variable nullable. */
export const UPSERT_CREATE = `mutation CreateDeployment($workspaceId: Uuid, $clusterId: Uuid, $label: String, $runtimeVersion: String, $executor: ExecutorType) {
  upsertDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, label: $label, runtimeVersion: $runtimeVersion, executor: $executor) {
    id
    label
    releaseName
    runtimeVersion
    clusterId
    urls {
      type
      url
    }
  }
}`;

/** Update as the 1.0.x client sends it: upsertDeployment with deploymentUuid, no payload. */
export const UPSERT_UPDATE = `mutation UpdateDeployment($deploymentId: Uuid!, $label: String, $description: String, $clusterId: Uuid) {
  upsertDeployment(deploymentUuid: $deploymentId, label: $label, description: $description, clusterId: $clusterId) {
    id
    label
    description
    clusterId
  }
}`;

/** 2.1's image deploy (FACTS §4.6). */
export const UPSERT_IMAGE = `mutation upsertDeployment($releaseName: String!, $image: String!, $runtimeVersion: String!) {
  upsertDeployment(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) {
    id
    releaseName
    runtimeVersion
  }
}`;

export const PAGINATED_CLUSTERS = `query Clusters($take: Int, $pageNumber: Int, $searchPhrase: String) {
  paginatedClusters(take: $take, pageNumber: $pageNumber, searchPhrase: $searchPhrase) {
    count
    clusters {
      id
      name
      baseDomain
      k8sVersion
      createdAt
    }
  }
}`;

export const CLUSTER = `query Cluster($id: Uuid!) {
  cluster(id: $id) {
    id
    name
  }
}`;

export const CLUSTER_STATUS = `query ClusterStatus($id: Uuid!) {
  cluster(id: $id) {
    id
    status
    statusReason
    healthStatus
  }
}`;

export const RUNTIME_RELEASES = `query GetRuntimeReleases($airflowVersion: String, $clusterId: Uuid) {
  runtimeReleases(airflowVersion: $airflowVersion, clusterId: $clusterId) {
    version
    airflowVersion
  }
}`;

export const APP_CONFIG_FOR_CLUSTER = `query AppConfig($clusterId: Uuid) {
  appConfig(clusterId: $clusterId) {
    version
    manualNamespaceNames
    featureFlags
  }
}`;

export const NAMESPACES = `query availableNamespaces($clusterId: Uuid!) {
  availableNamespaces(clusterId: $clusterId) {
    name
  }
}`;

export const DEPLOYMENT_CLUSTER = `query GetDeployment($id: String!) {
  deployment(where: {id: $id}) {
    id
    clusterId
    runtimeVersion
  }
}`;

/** createDeployment as the 0.25 client sends it: Astronomer Certified, no runtimeVersion, no triggerer. */
export const CREATE_DEPLOYMENT_025 = `mutation CreateDeployment($label: String!, $workspaceId: Uuid!, $executor: ExecutorType, $airflowVersion: String, $dagDeployment: DagDeployment) {
  createDeployment(label: $label, workspaceUuid: $workspaceId, executor: $executor, airflowVersion: $airflowVersion, dagDeployment: $dagDeployment) {
    id
    releaseName
    airflowVersion
    urls {
      type
      url
    }
  }
}`;

/** createDeployment with the 0.28 triggerer argument and the 0.29 Runtime ones. */
export const CREATE_DEPLOYMENT_TRIGGERER = `mutation CreateDeployment($label: String!, $workspaceId: Uuid!, $triggererReplicas: Int) {
  createDeployment(label: $label, workspaceUuid: $workspaceId, triggerer: {replicas: $triggererReplicas}) {
    id
    airflowVersion
    triggerer {
      replicas
    }
  }
}`;

/** Create with the 2.1 mode, selecting the (unverified) mode output. */
export const UPSERT_CREATE_MODE = `mutation CreateDeployment($workspaceId: Uuid, $clusterId: Uuid, $label: String, $mode: AllowedDeploymentModeValues) {
  upsertDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, label: $label, mode: $mode) {
    id
    releaseName
    runtimeVersion
    mode
  }
}`;

export const ADOPT = `mutation AdoptDeployment($workspaceId: Uuid!, $clusterId: Uuid!, $crNamespace: String!, $crName: String!) {
  adoptDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, crNamespace: $crNamespace, crName: $crName) {
    id
    label
    releaseName
    namespace
    clusterId
    mode
  }
}`;

export const UNADOPT = `mutation UnadoptDeployment($deploymentId: Uuid!) {
  unadoptDeployment(deploymentUuid: $deploymentId) {
    id
    releaseName
  }
}`;

/** The 1.0.1 image update: runtimeVersion is required. */
export const UPDATE_IMAGE_101 = `mutation updateDeploymentImage($releaseName: String!, $image: String!, $runtimeVersion: String!) {
  updateDeploymentImage(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) {
    releaseName
    runtimeVersion
  }
}`;
