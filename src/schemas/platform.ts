import { z } from 'zod';

export const PlatformSchema = z
  .object({
    version: z.string().nullable().describe('Houston platform version'),
    baseDomain: z.string().nullable(),
    features: z.record(z.string(), z.boolean()).describe('Feature flags reported by Houston'),
  })
  .meta({ id: 'Platform' });

export type Platform = z.infer<typeof PlatformSchema>;
