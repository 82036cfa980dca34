import { z } from 'zod';
import { DescriptionSchema, HoustonIdSchema, LabelSchema, TimestampSchema } from './common.js';

export const WorkspaceSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    description: z.string().nullable(),
    createdAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Workspace' });

export const WorkspaceParamsSchema = z.object({ workspaceId: HoustonIdSchema });

export const CreateWorkspaceBodySchema = z
  .object({ label: LabelSchema, description: DescriptionSchema.optional() })
  .strict()
  .meta({ id: 'CreateWorkspaceRequest' });

export const UpdateWorkspaceBodySchema = z
  .object({ label: LabelSchema.optional(), description: DescriptionSchema.optional() })
  .strict()
  .refine((body) => body.label !== undefined || body.description !== undefined, {
    message: 'give at least one of label, description',
  })
  .meta({ id: 'UpdateWorkspaceRequest' });

export type Workspace = z.infer<typeof WorkspaceSchema>;
export type CreateWorkspaceBody = z.infer<typeof CreateWorkspaceBodySchema>;
export type UpdateWorkspaceBody = z.infer<typeof UpdateWorkspaceBodySchema>;
