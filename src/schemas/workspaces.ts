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
  .meta({ id: 'CreateWorkspaceRequest', examples: [{ label: 'Data engineering', description: 'ETL pipelines of the data team' }] });

export const UpdateWorkspaceBodySchema = z
  .object({ label: LabelSchema.optional(), description: DescriptionSchema.optional() })
  .strict()
  .refine((body) => body.label !== undefined || body.description !== undefined, {
    message: 'give at least one of label, description',
  })
  .meta({ id: 'UpdateWorkspaceRequest', examples: [{ description: 'ETL pipelines and their dashboards' }] });

export type Workspace = z.infer<typeof WorkspaceSchema>;
export type CreateWorkspaceBody = z.infer<typeof CreateWorkspaceBodySchema>;
export type UpdateWorkspaceBody = z.infer<typeof UpdateWorkspaceBodySchema>;
