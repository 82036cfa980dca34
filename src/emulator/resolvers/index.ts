// All resolvers of every line, merged per root type. Each line's schema takes those it has.
import { DateTimeScalar, IdScalar, JsonScalar, UuidScalar } from '../scalars.js';
import { adoptionMutations } from './adoption.js';
import { clusterQueries } from './clusters.js';
import { deploymentMutations } from './deployment-mutations.js';
import { deploymentOpMutations, deploymentOpQueries } from './deployment-ops.js';
import { deploymentUserMutations, deploymentUserQueries } from './deployment-users.js';
import { deploymentQueries } from './deployments.js';
import { logQueries, logSubscriptions } from './logs.js';
import { platformQueries } from './platform.js';
import { serviceAccountMutations, serviceAccountQueries } from './service-accounts.js';
import { teamRoleMutations, teamRoleQueries } from './team-roles.js';
import { teamMutations, teamQueries } from './teams.js';
import { typeResolvers } from './types.js';
import { userMutations, userQueries } from './users.js';
import { workspaceUserMutations, workspaceUserQueries } from './workspace-users.js';
import { workspaceMutations, workspaceQueries } from './workspaces.js';

export const resolvers = {
  Uuid: UuidScalar,
  Id: IdScalar,
  JSON: JsonScalar,
  DateTime: DateTimeScalar,
  Query: {
    ...platformQueries,
    ...userQueries,
    ...workspaceQueries,
    ...workspaceUserQueries,
    ...deploymentQueries,
    ...deploymentOpQueries,
    ...logQueries,
    ...deploymentUserQueries,
    ...serviceAccountQueries,
    ...teamQueries,
    ...teamRoleQueries,
    ...clusterQueries,
  },
  Mutation: {
    ...userMutations,
    ...workspaceMutations,
    ...workspaceUserMutations,
    ...deploymentMutations,
    ...deploymentOpMutations,
    ...deploymentUserMutations,
    ...serviceAccountMutations,
    ...teamMutations,
    ...teamRoleMutations,
    ...adoptionMutations,
  },
  Subscription: logSubscriptions,
  ...typeResolvers,
};
