// Platform version, app config and namespaces: the GraphQL documents of the official Houston
// client, astro-cli (github.com/astronomer/astro-cli), file houston/app.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// Version-keyed (queryList) documents, with their keys: AppConfigRequest (0.25.0, 0.28.0, 0.29.2,
// 1.0.0, 2.0.0); AvailableNamespacesGetRequest (0.25.0, 1.0.0). The others are one text for every
// version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { CLUSTER_ID, DEPLOYMENT_ID, WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const appDocuments: readonly ClientDocument[] = [
  {
    name: 'AppConfigRequest',
    methods: ['GetAppConfig'],
    queryList: [
      {
        key: '0.25.0',
        variables: {},
        document: `query AppConfig {
  appConfig {
    version
    baseDomain
    smtpConfigured
    manualReleaseNames
    configureDagDeployment
    nfsMountDagDeployment
    manualNamespaceNames
    hardDeleteDeployment
  }
}`,
      },
      {
        key: '0.28.0',
        variables: {},
        document: `query AppConfig {
  appConfig {
    version
    baseDomain
    smtpConfigured
    manualReleaseNames
    configureDagDeployment
    nfsMountDagDeployment
    manualNamespaceNames
    hardDeleteDeployment
    triggererEnabled
    featureFlags
  }
}`,
      },
      {
        key: '0.29.2',
        variables: {},
        document: `query AppConfig {
  appConfig {
    version
    baseDomain
    byoUpdateRegistryHost
    smtpConfigured
    manualReleaseNames
    configureDagDeployment
    nfsMountDagDeployment
    manualNamespaceNames
    hardDeleteDeployment
    triggererEnabled
    featureFlags
  }
}`,
      },
      {
        key: '1.0.0',
        variables: { clusterId: CLUSTER_ID },
        document: `query AppConfig($clusterId: Uuid) {
  appConfig(clusterId: $clusterId) {
    version
    baseDomain
    byoUpdateRegistryHost
    smtpConfigured
    manualReleaseNames
    configureDagDeployment
    nfsMountDagDeployment
    manualNamespaceNames
    hardDeleteDeployment
    triggererEnabled
    featureFlags
  }
}`,
      },
      {
        key: '2.0.0',
        variables: { clusterId: CLUSTER_ID, workspaceUuid: WORKSPACE_ID, deploymentUuid: DEPLOYMENT_ID },
        document: `query AppConfig($clusterId: Uuid, $workspaceUuid: Uuid, $deploymentUuid: Uuid) {
  appConfig(
    clusterId: $clusterId
    workspaceUuid: $workspaceUuid
    deploymentUuid: $deploymentUuid
  ) {
    version
    baseDomain
    byoUpdateRegistryHost
    smtpConfigured
    featureFlags
  }
}`,
      },
    ],
  },
  {
    name: 'AvailableNamespacesGetRequest',
    methods: ['GetAvailableNamespaces'],
    queryList: [
      {
        key: '0.25.0',
        variables: {},
        document: `query availableNamespaces {
  availableNamespaces {
    name
  }
}`,
      },
      {
        key: '1.0.0',
        variables: { clusterId: CLUSTER_ID },
        document: `query availableNamespaces($clusterId: Uuid!) {
  availableNamespaces(clusterId: $clusterId) {
    name
  }
}`,
      },
    ],
  },
  {
    name: 'HoustonVersionQuery',
    methods: ['GetPlatformVersion'],
    document: `query AppConfig {
  appConfig {
    version
  }
}`,
  },
];
