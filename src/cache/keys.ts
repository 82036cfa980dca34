// Cache keys and ETags. A key digests everything that decides an answer: the Houston credential
// (as its fingerprint), the route and the normalised params and query.
import { hash } from 'node:crypto';

function sorted(values: unknown): [string, unknown][] {
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface CacheKeyParts {
  credential: string;
  /** The caller key's workspace allow-list, when it has one. */
  workspaces: readonly string[] | null;
  route: string;
  params: unknown;
  query: unknown;
}

export function cacheKeyOf(parts: CacheKeyParts): string {
  const workspaces = parts.workspaces ? [...parts.workspaces].sort() : null;
  const normalised = JSON.stringify([parts.credential, workspaces, parts.route, sorted(parts.params), sorted(parts.query)]);
  return hash('sha256', normalised, 'base64url');
}

export function etagOf(body: string): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags, compared weakly. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/** A caller's `Cache-Control: no-cache` (or `no-store`) asks for a fresh answer from Houston. */
export function wantsFresh(header: string | undefined): boolean {
  return header !== undefined && /(^|[\s,])(no-cache|no-store)($|[\s,=])/i.test(header);
}
