import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fixed } from '../../cache/tags.js';
import { AppConfig, getPlatform } from '../../houston/operations/platform-and-users.js';
import type { Selection } from '../../houston/selection.js';
import { problemResponses } from '../../schemas/common.js';
import { PlatformSchema, type PlatformCapabilities } from '../../schemas/platform.js';

function capabilitiesOf(selection: Selection): PlatformCapabilities {
  const has = (capability: Parameters<Selection['capabilities']['has']>[0]) => selection.capabilities.has(capability);
  return {
    clusters: has('clusters'),
    runtime: has('runtime'),
    astronomerCertified: has('astronomerCertified'),
    deploymentModes: has('modes') ? ['helm', 'operator'] : [],
    runtimeReleases: has('runtimeReleases'),
    teams: has('teams'),
  };
}

const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/platform', {
    config: { scope: 'authenticated', workspaceFrom: 'none', houston: [AppConfig], cache: { tags: fixed(), ttlSeconds: 300 } },
    schema: {
      operationId: 'getPlatform',
      summary: 'Houston version, base domain, feature flags, and what the connected Houston line supports',
      description: 'A portal can shape its forms from `capabilities` (e.g. ask for a cluster only where `clusters` is true).',
      tags: ['platform'],
      response: { 200: PlatformSchema.describe('The platform: version, base domain, feature flags and what this Houston line supports'), ...problemResponses() },
    },
    handler: async (request) => {
      const [config, selection] = await Promise.all([getPlatform(request.houston), request.houston.selection()]);
      return {
        ...config,
        capabilities: capabilitiesOf(selection),
        houston: { detectedBy: selection.source, unsupportedRoutes: app.houstonUnsupportedRoutes(selection).map((u) => u.route) },
      };
    },
  });
};

export default platformRoutes;
