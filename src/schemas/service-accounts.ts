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

const createBody = <R extends z.ZodType>(role: R, id: string, exampleRole: z.infer<R>) =>
  z
    .object({ label: LabelSchema, category: z.string().trim().min(1).max(256).optional(), role })
    .strict()
    .meta({ id, examples: [{ label: 'CI pipeline', category: 'ci', role: exampleRole }] });

export const CreateWorkspaceServiceAccountBodySchema = createBody(WorkspaceRoleSchema, 'CreateWorkspaceServiceAccountRequest', 'WORKSPACE_EDITOR');
export const CreateDeploymentServiceAccountBodySchema = createBody(DeploymentRoleSchema, 'CreateDeploymentServiceAccountRequest', 'DEPLOYMENT_EDITOR');
export const CreateSystemServiceAccountBodySchema = createBody(SystemRoleSchema, 'CreateSystemServiceAccountRequest', 'SYSTEM_VIEWER');

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
