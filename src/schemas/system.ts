import { z } from 'zod';
import { HoustonIdSchema, SystemRoleSchema } from './common.js';

export const CreateSystemRoleBindingBodySchema = z
  .object({ userId: HoustonIdSchema, role: SystemRoleSchema })
  .strict()
  .meta({ id: 'CreateSystemRoleBindingRequest' });

export const SystemRoleBindingSchema = z
  .object({ id: z.string(), role: z.string(), userId: z.string().nullable() })
  .meta({ id: 'SystemRoleBinding' });

export type SystemRoleBinding = z.infer<typeof SystemRoleBindingSchema>;
