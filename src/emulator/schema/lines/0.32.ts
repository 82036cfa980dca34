// Houston 0.32–0.33: deployments across workspaces (`deployment list --all`, FACTS §3.3).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.32.0',
  label: '0.32–0.33',
  add: /* GraphQL */ `
    extend type Query {
      "take: -1 means all (FACTS §10.12)."
      paginatedDeployments(take: Int, name: String, cursor: Uuid, pageNumber: Int): [Deployment]
    }
  `,
});
