// Clusters (from Houston 1.0): the seeded data planes, and what differs per cluster — appConfig
// flags, namespaces and Runtime releases. Two clusters by default, so that no client comes to
// assume there is exactly one. Before 1.0 there are none, and everything falls back to the platform.
import { FEATURE_FLAGS, RUNTIME_RELEASES, SPARE_NAMESPACES, type RuntimeRelease } from './catalog.js';
import type { EmulatorContext } from './context.js';
import * as errors from './errors.js';
import { newId } from './ids.js';
import type { ClusterRecord } from './model.js';
import type { HoustonLine } from './schema/index.js';
import type { Store } from './store.js';

export const DEFAULT_CLUSTER_NAMES: readonly string[] = ['primary', 'edge'];

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'cluster';
}

/**
 * The first cluster offers the whole catalogue under the platform's base domain. Every other one
 * lacks the newest Runtime release, has namespaces of its own and lets users pick namespaces
 * (manualNamespaceNames), so per-cluster answers are told apart in tests.
 */
function clusterProfile(name: string, index: number, baseDomain: string): Omit<ClusterRecord, 'id' | 'createdAt' | 'updatedAt'> {
  const common = { name, status: 'ACTIVE' as const, statusReason: null, healthStatus: { healthy: true } };
  if (index === 0) {
    const runtimeVersions = RUNTIME_RELEASES.map((release) => release.version);
    return { ...common, baseDomain, k8sVersion: '1.30.4', namespaces: [...SPARE_NAMESPACES], runtimeVersions, flags: {} };
  }
  const prefix = slug(name);
  return {
    ...common,
    baseDomain: `${prefix}.${baseDomain}`,
    k8sVersion: '1.29.8',
    namespaces: [`${prefix}-team-a`, `${prefix}-team-b`],
    runtimeVersions: RUNTIME_RELEASES.slice(0, -1).map((release) => release.version),
    flags: { manualNamespaceNames: true },
  };
}

export function seedClusters(store: Store, names: readonly string[], baseDomain: string, now: Date): ClusterRecord[] {
  if (new Set(names.map((name) => name.trim().toLowerCase())).size !== names.length || names.some((name) => !name.trim())) {
    throw new Error(`cluster names must be non-empty and distinct: ${JSON.stringify(names)}`);
  }
  return names.map((name, index) => {
    const cluster: ClusterRecord = { id: newId(), ...clusterProfile(name.trim(), index, baseDomain), createdAt: now, updatedAt: now };
    store.clusters.set(cluster.id, cluster);
    return cluster;
  });
}

/** A cluster named by an argument; unknown ids get Houston's not-found error. */
export function existingCluster(ctx: EmulatorContext, clusterId: string): ClusterRecord {
  const cluster = ctx.store.clusters.get(clusterId);
  if (!cluster) throw errors.notFound();
  return cluster;
}

/** The cluster of a deployment, null on lines without clusters. */
export function clusterOf(ctx: EmulatorContext, clusterId: string | null | undefined): ClusterRecord | null {
  return (clusterId ? ctx.store.clusters.get(clusterId) : undefined) ?? null;
}

/**
 * The cluster a new deployment goes to (null before 1.0). From 1.0 one is required: unverified
 * whether Houston itself refuses a create without it, but the official client requires
 * `--cluster-id` (VERSIONS §3), so the emulator refuses it to catch a client that omits it.
 */
export function clusterForNewDeployment(ctx: EmulatorContext, clusterId: string | null | undefined): ClusterRecord | null {
  if (!ctx.line.features.clusters) return null;
  if (!clusterId) throw errors.missingArgument('clusterId');
  const cluster = existingCluster(ctx, clusterId);
  if (ctx.line.features.clusterStatus && cluster.status !== 'ACTIVE') throw errors.clusterNotActive();
  return cluster;
}

/** The Runtime releases a cluster offers; without a cluster, the whole catalogue. */
export function runtimeReleasesOn(cluster: ClusterRecord | null): readonly RuntimeRelease[] {
  if (!cluster) return RUNTIME_RELEASES;
  return RUNTIME_RELEASES.filter((release) => cluster.runtimeVersions.includes(release.version));
}

/** appConfig's flags on a line, with a cluster's own settings over the platform's. */
export function featureFlagsFor(line: HoustonLine, cluster: ClusterRecord | null): Record<string, boolean> {
  return {
    ...FEATURE_FLAGS,
    astroRuntimeEnabled: line.features.runtime,
    dagOnlyDeployment: line.features.dagOnlyDeploy,
    ...cluster?.flags,
  };
}
