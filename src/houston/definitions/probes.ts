// Operations the gateway does not route yet, defined so that GET /platform can say whether this
// Houston has them (teams from 0.28; FACTS.md §2.3 gates).
import { defineOperation, variant } from '../operation.js';

export const ListWorkspaceTeams = defineOperation<{ workspaceId: string }, unknown>({
  name: 'ListWorkspaceTeams',
  kind: 'query',
  capability: 'teams',
  variants: [
    variant<{ workspaceId: string }, unknown, { workspaceTeams: unknown }>({
      since: '0.28.0',
      document: 'query ListWorkspaceTeams($workspaceUuid: Uuid!) { workspaceTeams(workspaceUuid: $workspaceUuid) { id name } }',
      variables: (input) => ({ workspaceUuid: input.workspaceId }),
      result: (data) => data.workspaceTeams,
    }),
  ],
});
