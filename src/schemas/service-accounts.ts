import { z } from 'zod';
import {
  DeploymentRoleSchema,
  HoustonIdSchema,
  LabelSchema,
  SystemRoleSchema,
  TimestampSchema,
  WorkspaceRoleSchema,
} from './common.js';

export const ServiceAccountSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    category: z.string().nullable(),
    active: z.boolean().nullable(),
    lastUsedAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ServiceAccount' });

export const CreatedServiceAccountSchema = ServiceAccountSchema.extend({
  apiKey: z.string().describe('The Houston API key of the new service account. Shown only in this response.'),
}).meta({ id: 'CreatedServiceAccount' });

const createBody = <R extends z.ZodType>(role: R, id: string) =>
  z
    .object({ label: LabelSchema, category: z.string().trim().min(1).max(256).optional(), role })
    .strict()
    .meta({ id });

export const CreateWorkspaceServiceAccountBodySchema = createBody(WorkspaceRoleSchema, 'CreateWorkspaceServiceAccountRequest');
export const CreateDeploymentServiceAccountBodySchema = createBody(DeploymentRoleSchema, 'CreateDeploymentServiceAccountRequest');
export const CreateSystemServiceAccountBodySchema = createBody(SystemRoleSchema, 'CreateSystemServiceAccountRequest');

export const WorkspaceServiceAccountParamsSchema = z.object({
  workspaceId: HoustonIdSchema,
  serviceAccountId: HoustonIdSchema,
});
export const DeploymentServiceAccountParamsSchema = z.object({
  deploymentId: HoustonIdSchema,
  serviceAccountId: HoustonIdSchema,
});

export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;
export type CreatedServiceAccount = z.infer<typeof CreatedServiceAccountSchema>;
export interface CreateServiceAccountBody {
  label: string;
  category?: string | undefined;
  role: string;
}
