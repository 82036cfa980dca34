// The platform's version and flags. 0.28 adds featureFlags and triggererEnabled; 2.0 takes a
// context (cluster, workspace, deployment) and the client reads only five fields, the other six
// being "deprecated … redundant with featureFlags" (astro-cli PR 2080; whether 2.0 removed them is
// unverified, so the 2.0 variant never selects them and works either way).
import { notFound } from '../errors.js';
import { toPlatform, type HoustonAppConfig, type Maybe, type PlatformConfig } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';

type Data = { appConfig: Maybe<HoustonAppConfig> };

const TOP_LEVEL_FLAGS = 'smtpConfigured manualReleaseNames configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment';

function config(data: Data): PlatformConfig {
  if (!data.appConfig) throw notFound('AppConfig');
  return toPlatform(data.appConfig);
}

export const AppConfig = defineOperation<void, PlatformConfig>({
  name: 'AppConfig',
  kind: 'query',
  variants: [
    variant<void, PlatformConfig, Data>({
      since: '0.25.0',
      document: `query AppConfig { appConfig { version baseDomain ${TOP_LEVEL_FLAGS} } }`,
      variables: () => ({}),
      result: config,
    }),
    variant<void, PlatformConfig, Data>({
      since: '0.28.0',
      document: `query AppConfig { appConfig { version baseDomain ${TOP_LEVEL_FLAGS} triggererEnabled featureFlags } }`,
      variables: () => ({}),
      result: config,
    }),
    variant<void, PlatformConfig, Data>({
      since: '2.0.0',
      // The context arguments (sent empty: the platform-wide answer) are what tell a 2.0 schema apart.
      document: `query AppConfig($clusterId: Uuid, $workspaceUuid: Uuid, $deploymentUuid: Uuid) {
        appConfig(clusterId: $clusterId, workspaceUuid: $workspaceUuid, deploymentUuid: $deploymentUuid) {
          version baseDomain smtpConfigured featureFlags } }`,
      variables: () => ({}),
      result: config,
    }),
  ],
});
