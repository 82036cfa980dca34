import { z } from 'zod';
import { PageQuerySchema } from './paging.js';
import { HoustonIdSchema } from './common.js';

export const RuntimeReleaseSchema = z
  .object({
    version: z.string().describe('The Astro Runtime version, as runtimeVersion takes it'),
    airflowVersion: z.string().nullable().describe('The Airflow version it carries'),
    airflowDatabaseMigrations: z.boolean().nullable().describe('Upgrading to it migrates the Airflow database'),
    channel: z.string().nullable().describe('Where Houston reports it'),
    releaseDate: z.string().nullable().describe('Where Houston reports it'),
  })
  .meta({ id: 'RuntimeRelease' });

export const RuntimeReleasesQuerySchema = PageQuerySchema.extend({
    airflowVersion: z.string().min(1).max(64).optional().describe('Only the releases carrying this Airflow version'),
  clusterId: HoustonIdSchema.optional().describe('The releases offered on this cluster (Houston 1.0 and later; 400 before)'),
}).strict();

export const RuntimeUpgradeBodySchema = z
  .object({ runtimeVersion: z.string().min(1).max(64).describe('One of GET /runtime-releases') })
  .strict()
  .meta({ id: 'RuntimeUpgradeRequest', examples: [{ runtimeVersion: '9.5.0' }] });

/** A container image reference: registry host, path, tag or digest; no spaces or control characters. */
const ImageSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, 'an image reference such as registry.example.com/etl-1234/airflow:ci-42');

export const ImageDeployBodySchema = z
  .object({
    image: ImageSchema.describe('An image already pushed to the platform registry'),
    runtimeVersion: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The Runtime version the image is built on; left out: the deployment's current one"),
  })
  .strict()
  .meta({ id: 'ImageDeployRequest', examples: [{ image: 'registry.example.com/etl-nightly-1234/airflow:ci-42', runtimeVersion: '9.1.0' }] });

export const ImageDeploySchema = z
  .object({
    deploymentId: z.string(),
    releaseName: z.string(),
    image: z.string(),
    runtimeVersion: z.string().nullable(),
  })
  .meta({ id: 'ImageDeploy' });

export type RuntimeRelease = z.infer<typeof RuntimeReleaseSchema>;
export type ImageDeployBody = z.infer<typeof ImageDeployBodySchema>;
export type ImageDeploy = z.infer<typeof ImageDeploySchema>;
