import { z } from 'zod';
import { HoustonIdSchema, TimestampSchema } from './common.js';

export const ClusterSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    status: z.string().nullable().describe('ACTIVE or INACTIVE where Houston reports it (2.0 and later); an INACTIVE cluster takes no new deployments'),
    createdAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema.nullable(),
  })
  .describe('A data-plane cluster (Houston 1.0 and later)')
  .meta({ id: 'Cluster' });

export const ClusterParamsSchema = z.object({ clusterId: HoustonIdSchema });

export type Cluster = z.infer<typeof ClusterSchema>;
