import { z } from 'zod';
import { DeploymentRoleSchema, HoustonIdSchema } from './common.js';
import { UserSchema } from './users.js';

export const DeploymentUserSchema = UserSchema.extend({
  role: DeploymentRoleSchema.nullable().describe("The user's role on this deployment"),
}).meta({ id: 'DeploymentUser' });

export const DeploymentUserParamsSchema = z.object({ deploymentId: HoustonIdSchema, userId: HoustonIdSchema });

export const AddDeploymentUserBodySchema = z
  .object({ email: z.email().max(320), role: DeploymentRoleSchema.default('DEPLOYMENT_VIEWER') })
  .strict()
  .meta({ id: 'AddDeploymentUserRequest', examples: [{ email: 'ada@example.com', role: 'DEPLOYMENT_EDITOR' }] });

export const UpdateDeploymentUserBodySchema = z
  .object({ role: DeploymentRoleSchema })
  .strict()
  .meta({ id: 'UpdateDeploymentUserRequest' });

export type DeploymentUser = z.infer<typeof DeploymentUserSchema>;
