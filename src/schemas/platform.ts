import { z } from 'zod';
import { DeploymentModeSchema } from './common.js';

export const PlatformCapabilitiesSchema = z
  .object({
    clusters: z.boolean().describe('Deployments belong to clusters (GET /clusters; clusterId on create): Houston 1.0 and later'),
    runtime: z.boolean().describe('Deployments are created with an Astro Runtime version: Houston 0.29 and later'),
    astronomerCertified: z.boolean().describe('Deployments can be created with an Astronomer Certified airflowVersion: before Houston 1.0'),
    deploymentModes: z.array(DeploymentModeSchema).describe('Values `mode` takes on create: Houston 2.1 and later; empty before'),
    runtimeReleases: z.boolean().describe('Houston lists Runtime releases: 0.29 and later'),
    teams: z.boolean().describe('Houston has teams: 0.28 and later'),
  })
  .meta({ id: 'PlatformCapabilities' });

export const PlatformSchema = z
  .object({
    version: z.string().nullable().describe('The version Houston reports (may be its image version, e.g. 1.0.58 on APC 1.1.0)'),
    baseDomain: z.string().nullable(),
    features: z.record(z.string(), z.boolean()).describe('Feature flags reported by Houston'),
    capabilities: PlatformCapabilitiesSchema,
    houston: z
      .object({
        detectedBy: z.enum(['introspection', 'version']).describe("How the gateway learned what this Houston offers: its schema, or (introspection off) its version"),
        unsupportedRoutes: z.array(z.string()).describe('Routes that answer 501 on this Houston, as `METHOD /path`'),
      })
      .describe('How the gateway adapts to the connected Houston'),
  })
  .meta({ id: 'Platform' });

export type Platform = z.infer<typeof PlatformSchema>;
export type PlatformCapabilities = z.infer<typeof PlatformCapabilitiesSchema>;
