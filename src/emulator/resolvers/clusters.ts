// Clusters (from 1.0). The 2.x docs name paginatedClusters (any signed-in user) and cluster
// (system.clusters.get, System Admin); their arguments and result shape here are a guess (see
// schema/lines/1.0.0.ts).
import { authorize, requirePrincipal, type EmulatorContext } from '../context.js';
import type { ClusterRecord } from '../model.js';
import { cursorPage, offsetPage } from '../paging.js';

type Ctx = EmulatorContext;

interface ClusterPageArgs {
  take?: number | null;
  cursor?: string | null;
  pageNumber?: number | null;
  searchPhrase?: string | null;
  k8sVersion?: string | null;
  id?: string | null;
  sortBy?: string | null;
  sortDirection?: string | null;
}

const SORTABLE = ['name', 'baseDomain', 'k8sVersion', 'createdAt', 'updatedAt'] as const;
type SortKey = (typeof SORTABLE)[number];

function sortText(cluster: ClusterRecord, key: SortKey): string {
  const value = cluster[key];
  return value instanceof Date ? value.toISOString() : value;
}

/** Seed order unless sortBy names a known field; sortDirection 'desc' (any case) reverses it. */
function sorted(clusters: ClusterRecord[], sortBy: string | null | undefined, direction: string | null | undefined): ClusterRecord[] {
  const key = SORTABLE.find((name) => name === sortBy);
  if (!key) return clusters;
  const sign = direction?.toLowerCase() === 'desc' ? -1 : 1;
  return [...clusters].sort((a, b) => sign * sortText(a, key).localeCompare(sortText(b, key)));
}

/** `count` is the total that match the filters, whatever the page. */
function paginatedClusters(_: unknown, args: ClusterPageArgs, ctx: Ctx) {
  requirePrincipal(ctx);
  const phrase = args.searchPhrase?.toLowerCase();
  const matching = [...ctx.store.clusters.values()].filter(
    (c) =>
      (!phrase || c.name.toLowerCase().includes(phrase)) &&
      (!args.k8sVersion || c.k8sVersion === args.k8sVersion) &&
      (!args.id || c.id === args.id),
  );
  const ordered = sorted(matching, args.sortBy, args.sortDirection);
  const page = args.cursor ? cursorPage(ordered, args.cursor, args.take) : offsetPage(ordered, args.take, args.pageNumber);
  return { clusters: page, count: matching.length };
}

/** Unknown ids are null, as for deployment(where). */
function cluster(_: unknown, args: { id: string | null }, ctx: Ctx) {
  authorize(ctx, 'system.clusters.get');
  return (args.id ? ctx.store.clusters.get(args.id) : undefined) ?? null;
}

export const clusterQueries = { paginatedClusters, cluster };
