// Houston 0.30–0.31: paginated workspaces and workspace users (FACTS §2.3, §4.1).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.30.0',
  label: '0.30–0.31',
  add: /* GraphQL */ `
    extend type Query {
      paginatedWorkspaces(take: Int, pageNumber: Int): [Workspace]
      paginatedWorkspaceUsers(workspaceUuid: Uuid!, cursor: Uuid, take: Int): [User]
    }
  `,
});
