import { z } from 'zod';
import { HoustonIdSchema, WorkspaceRoleSchema } from './common.js';
import { UserSchema } from './users.js';

export const WorkspaceUserSchema = UserSchema.extend({
  role: WorkspaceRoleSchema.nullable().describe("The user's role in this workspace"),
}).meta({ id: 'WorkspaceUser' });

export const WorkspaceUserParamsSchema = z.object({ workspaceId: HoustonIdSchema, userId: HoustonIdSchema });

export const AddWorkspaceUserBodySchema = z
  .object({
    email: z.email().max(320),
    role: WorkspaceRoleSchema.default('WORKSPACE_VIEWER'),
    bypassInvite: z
      .boolean()
      .default(false)
      .describe('Add the user at once instead of e-mailing an invitation (a new user is created)'),
  })
  .strict()
  .meta({ id: 'AddWorkspaceUserRequest', examples: [{ email: 'ada@example.com', role: 'WORKSPACE_EDITOR', bypassInvite: false }] });

export const InvitationSchema = z
  .object({ email: z.string(), role: WorkspaceRoleSchema, status: z.literal('invited') })
  .meta({ id: 'WorkspaceInvitation' });

export const UpdateWorkspaceUserBodySchema = z
  .object({ role: WorkspaceRoleSchema })
  .strict()
  .meta({ id: 'UpdateWorkspaceUserRequest' });

export type WorkspaceUser = z.infer<typeof WorkspaceUserSchema>;
export type AddWorkspaceUserBody = z.infer<typeof AddWorkspaceUserBodySchema>;
