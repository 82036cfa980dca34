// Example record ids for the variables of the client's documents (cuid-like, as Houston issues
// them). They are placeholders: nothing here is looked up, they only have to be valid ids.
export const WORKSPACE_ID = 'ckwsp0000000000000000wsp01';
export const DEPLOYMENT_ID = 'ckdep0000000000000000dep01';
export const CLUSTER_ID = 'ckclu0000000000000000clu01';
export const TEAM_ID = 'cktea0000000000000000tea01';
export const USER_ID = 'ckusr0000000000000000usr01';
export const SERVICE_ACCOUNT_ID = 'cksac0000000000000000sac01';
