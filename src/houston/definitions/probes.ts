// Operations the gateway does not route yet, defined so that GET /platform can say whether this
// Houston has them (teams from 0.28, Runtime releases from 0.29; FACTS.md §2.3 gates).
import { defineOperation, variant } from '../operation.js';

export const ListRuntimeReleases = defineOperation<{ airflowVersion?: string }, unknown>({
  name: 'ListRuntimeReleases',
  kind: 'query',
  capability: 'runtimeReleases',
  variants: [
    variant<{ airflowVersion?: string }, unknown, { runtimeReleases: unknown }>({
      since: '0.29.0',
      document: 'query ListRuntimeReleases($airflowVersion: String) { runtimeReleases(airflowVersion: $airflowVersion) { version airflowVersion } }',
      variables: (input) => ({ airflowVersion: input.airflowVersion }),
      result: (data) => data.runtimeReleases,
    }),
  ],
});

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
