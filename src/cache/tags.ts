// The cache tags of each resource. A read is tagged with what its answer depends on; a write bumps
// the tags of what it changed. Sub-resources carry their parent's tag too, so deleting a workspace
// or deployment drops everything cached beneath it.
import type { FastifyRequest } from 'fastify';

const param = (request: FastifyRequest, name: string): string => {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

export const tag = {
  /**
   * Every cached answer depends on it: bumping it drops the whole cache, which is how an
   * invalidation lost to a Redis outage is made good (see the cache plugin).
   */
  everything: 'everything',
  workspaces: 'workspaces',
  users: 'users',
  /** Every workspace's deployment list: for writes that change a deployment whose workspace is unknown. */
  allDeploymentLists: 'deployment-lists',
  /** GET /deployments, across workspaces: every deployment write changes it. */
  crossWorkspaceDeployments: 'deployments-across-workspaces',
  /** Every deployment's user list: removing a workspace user also drops their deployment roles. */
  allDeploymentUsers: 'deployment-users',
  /** Every team read (GET /teams…): any team write changes a team's role bindings. */
  teams: 'teams',
  /** Every deployment's team list: removing a team from a workspace also drops its deployment roles. */
  allDeploymentTeams: 'deployment-teams',
  workspace: (id: string) => `workspace:${id}`,
  workspaceDeployments: (id: string) => `workspace:${id}:deployments`,
  workspaceUsers: (id: string) => `workspace:${id}:users`,
  workspaceServiceAccounts: (id: string) => `workspace:${id}:service-accounts`,
  workspaceTeams: (id: string) => `workspace:${id}:teams`,
  deployment: (id: string) => `deployment:${id}`,
  deploymentVariables: (id: string) => `deployment:${id}:variables`,
  deploymentUsers: (id: string) => `deployment:${id}:users`,
  deploymentServiceAccounts: (id: string) => `deployment:${id}:service-accounts`,
  deploymentTeams: (id: string) => `deployment:${id}:teams`,
};

/** Tags built from the request's `workspaceId` path parameter. */
export const byWorkspace =
  (...make: ((id: string) => string)[]) =>
  (request: FastifyRequest): string[] =>
    make.map((build) => build(param(request, 'workspaceId')));

/** Tags built from the request's `deploymentId` path parameter. */
export const byDeployment =
  (...make: ((id: string) => string)[]) =>
  (request: FastifyRequest): string[] =>
    make.map((build) => build(param(request, 'deploymentId')));

export const fixed =
  (...tags: string[]) =>
  (): string[] =>
    tags;
