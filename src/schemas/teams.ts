// Teams (Houston 0.28 and later): groups synced from the platform's identity provider, given roles
// on the system, on workspaces and on deployments like users are.
import { z } from 'zod';
import { DeploymentRoleSchema, HoustonIdSchema, SystemRoleSchema, TimestampSchema, WorkspaceRoleSchema } from './common.js';

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    systemRole: SystemRoleSchema.nullable().describe("The team's system role, if it has one"),
    createdAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Team' });

export const TeamRoleBindingSchema = z
  .object({
    role: z.string().describe("Houston's Role enum value (SYSTEM_*, WORKSPACE_* or DEPLOYMENT_*)"),
    workspaceId: z.string().nullable().describe('The workspace a WORKSPACE_* role applies to'),
    deploymentId: z.string().nullable().describe('The deployment a DEPLOYMENT_* role applies to'),
  })
  .meta({ id: 'TeamRoleBinding' });

export const TeamWithRoleBindingsSchema = TeamSchema.extend({
  roleBindings: z.array(TeamRoleBindingSchema).describe("Every role the team holds: system, workspace and deployment"),
}).meta({ id: 'TeamWithRoleBindings' });

export const WorkspaceTeamSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    role: WorkspaceRoleSchema.nullable().describe("The team's role in this workspace"),
  })
  .meta({ id: 'WorkspaceTeam' });

export const DeploymentTeamSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    role: DeploymentRoleSchema.nullable().describe("The team's role on this deployment"),
  })
  .meta({ id: 'DeploymentTeam' });

export const TeamSystemRoleBindingSchema = z
  .object({ teamId: z.string(), role: SystemRoleSchema })
  .meta({ id: 'TeamSystemRoleBinding' });

export const TeamParamsSchema = z.object({ teamId: HoustonIdSchema });
export const TeamSystemRoleParamsSchema = z.object({ teamId: HoustonIdSchema, role: SystemRoleSchema });
export const WorkspaceTeamParamsSchema = z.object({ workspaceId: HoustonIdSchema, teamId: HoustonIdSchema });
export const DeploymentTeamParamsSchema = z.object({ deploymentId: HoustonIdSchema, teamId: HoustonIdSchema });

export const AddTeamSystemRoleBodySchema = z
  .object({ role: SystemRoleSchema })
  .strict()
  .meta({ id: 'AddTeamSystemRoleRequest' });

export const AddWorkspaceTeamBodySchema = z
  .object({ teamId: HoustonIdSchema, role: WorkspaceRoleSchema.default('WORKSPACE_VIEWER') })
  .strict()
  .meta({ id: 'AddWorkspaceTeamRequest' });

export const UpdateWorkspaceTeamBodySchema = z
  .object({ role: WorkspaceRoleSchema })
  .strict()
  .meta({ id: 'UpdateWorkspaceTeamRequest' });

export const AddDeploymentTeamBodySchema = z
  .object({ teamId: HoustonIdSchema, role: DeploymentRoleSchema.default('DEPLOYMENT_VIEWER') })
  .strict()
  .meta({ id: 'AddDeploymentTeamRequest' });

export const UpdateDeploymentTeamBodySchema = z
  .object({ role: DeploymentRoleSchema })
  .strict()
  .meta({ id: 'UpdateDeploymentTeamRequest' });

export type Team = z.infer<typeof TeamSchema>;
export type TeamRoleBinding = z.infer<typeof TeamRoleBindingSchema>;
export type TeamWithRoleBindings = z.infer<typeof TeamWithRoleBindingsSchema>;
export type WorkspaceTeam = z.infer<typeof WorkspaceTeamSchema>;
export type DeploymentTeam = z.infer<typeof DeploymentTeamSchema>;
export type TeamSystemRoleBinding = z.infer<typeof TeamSystemRoleBindingSchema>;
export type SystemRole = z.infer<typeof SystemRoleSchema>;
export type WorkspaceRole = z.infer<typeof WorkspaceRoleSchema>;
export type DeploymentRole = z.infer<typeof DeploymentRoleSchema>;
