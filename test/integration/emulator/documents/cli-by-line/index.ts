// What the official Houston client, astro-cli, sends to a Houston at a given version.
//
// Source: github.com/astronomer/astro-cli, package houston/, at commit CLIENT_COMMIT (HEAD of
// 2026-08-13). Every GraphQL document of that package is kept, printed by graphql-js
// (print(parse(text))), in the module named after its Go file. Selection follows the client:
//   * a queryList gives the entry with the largest key <= the platform version; with no such key
//     (below 0.25.0, or a version that is not semver) the entry with the highest key
//     (houston/utils.go GreatestLowerBound; FACTS §2.2);
//   * a plain string is one text for every version;
//   * a gated document is not sent below its gate (FACTS §2.3): the client's method gates
//     (houston/decorator.go) and the command-layer gates of the commands that send it. A version
//     that is not semver is gated as if it were 1.0.0 (MaxHoustonVersion), as the client does.
// Versions are read the client's way: a leading "v" is optional, a pre-release suffix is dropped
// ("0.35.0-rc2" is 0.35.0), and the short forms "1" and "1.2" are 1.0.0 and 1.2.0.
//
// Left out, with the reason:
//   * DeploymentLogsSubscribeRequest (houston/websocket.go), the `log` subscription of
//     `astro deployment logs --follow`: it goes over a graphql-ws WebSocket, not the HTTP API.
import { appDocuments } from './app.js';
import { authDocuments } from './auth.js';
import { deploymentTeamsDocuments } from './deployment-teams.js';
import { deploymentUsersDocuments } from './deployment-users.js';
import { deploymentDocuments } from './deployment.js';
import { runtimeDocuments } from './runtime.js';
import { serviceAccountsDocuments } from './service-accounts.js';
import { teamsDocuments } from './teams.js';
import { userDocuments } from './user.js';
import { workspaceTeamsDocuments } from './workspace-teams.js';
import { workspaceUsersDocuments } from './workspace-users.js';
import { workspaceDocuments } from './workspace.js';
import type { ClientDocument, KeyedDocument, Variables } from './types.js';

export type { ClientDocument, Gate, KeyedDocument, Variables } from './types.js';

/** The astro-cli commit the documents were read from. */
export const CLIENT_COMMIT = 'ed93cc59e54def23d0c404c0a491583179177143';

/** The client's version for platforms whose version is not semver (houston/decorator.go). */
const MAX_HOUSTON_VERSION = '1.0.0';

/** Every document of the client's houston/ package except the skipped subscription, by file. */
export const CLIENT_DOCUMENTS: readonly ClientDocument[] = [
  ...appDocuments,
  ...authDocuments,
  ...userDocuments,
  ...workspaceDocuments,
  ...workspaceUsersDocuments,
  ...workspaceTeamsDocuments,
  ...teamsDocuments,
  ...deploymentDocuments,
  ...deploymentUsersDocuments,
  ...deploymentTeamsDocuments,
  ...serviceAccountsDocuments,
  ...runtimeDocuments,
];

/** A document as the client sends it: `name` is the Go variable, with `@key` for a queryList entry. */
export interface SentDocument {
  name: string;
  document: string;
  variables?: Record<string, unknown>;
}

type Triple = readonly [number, number, number];

const NUMBER = '(0|[1-9]\\d*)';
const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const SEMVER = new RegExp(`^v${NUMBER}(?:\\.${NUMBER}(?:\\.${NUMBER}(?:-${IDENTIFIERS})?(?:\\+${IDENTIFIERS})?)?)?$`);

/** The version as the client compares it, or null where golang.org/x/mod/semver calls it invalid. */
export function clientVersion(version: string): Triple | null {
  const match = SEMVER.exec(version.startsWith('v') ? version : `v${version}`);
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** semver.Compare: an invalid version sorts below every valid one. */
function compare(a: Triple | null, b: Triple | null): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The queryList entry the client picks for `version` (houston/utils.go GreatestLowerBound). */
export function greatestLowerBound(list: readonly KeyedDocument[], version: string): KeyedDocument {
  const sorted = [...list].sort((a, b) => compare(clientVersion(a.key), clientVersion(b.key)));
  const wanted = clientVersion(version);
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (compare(wanted, clientVersion(sorted[i]!.key)) >= 0) return sorted[i]!;
  }
  const highest = sorted.at(-1);
  if (!highest) throw new Error('empty queryList');
  return highest;
}

/** Whether the client sends a document gated at `since` to a platform at `version` (VerifyVersionMatch). */
export function gateOpen(since: string, version: string): boolean {
  const platform = clientVersion(version) ?? clientVersion(MAX_HOUSTON_VERSION);
  return compare(platform, clientVersion(since)) >= 0;
}

function sent(name: string, text: { document: string; variables?: Variables }): SentDocument {
  return text.variables === undefined
    ? { name, document: text.document }
    : { name, document: text.document, variables: text.variables };
}

/** Every document the official client sends to a Houston at `version`, one text per Go variable. */
export function cliDocumentsFor(version: string): SentDocument[] {
  return CLIENT_DOCUMENTS.flatMap((entry) => {
    if (entry.gate && !gateOpen(entry.gate.since, version)) return [];
    if ('queryList' in entry) {
      const chosen = greatestLowerBound(entry.queryList, version);
      return [sent(`${entry.name}@${chosen.key}`, chosen)];
    }
    return [sent(entry.name, entry)];
  });
}

/**
 * One text of the client by Go variable, and queryList key where it has one: for instance the
 * 1.0.0 create is `clientDocument('DeploymentCreateRequest', '1.0.0')`.
 */
export function clientDocument(name: string, key?: string): SentDocument {
  const entry = CLIENT_DOCUMENTS.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`astro-cli has no document ${name}`);
  if (!('queryList' in entry)) {
    if (key !== undefined) throw new Error(`${name} is one text for every version; it has no key ${key}`);
    return sent(name, entry);
  }
  const keyed = entry.queryList.find((candidate) => candidate.key === key);
  if (!keyed) throw new Error(`${name} has no entry keyed ${String(key)}`);
  return sent(`${name}@${keyed.key}`, keyed);
}
