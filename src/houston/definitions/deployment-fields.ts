// What each Houston line lets a deployment document select (VERSIONS.md §2; FACTS.md §2.4), and
// which of those fields are unverified there. An optional field is dropped from the text where the
// introspected schema lacks it, and left out when the schema cannot be read (selection.ts), so a
// Houston without it still serves every deployment route:
// - `executor` has never been selected by the official client and is absent from the 2019 schema;
// - `mode` is an output only guessed for 2.1;
// - `desiredRuntimeVersion` is named by astro-cli PR 1988 as removed at 1.0.1, yet the client's
//   runtime-upgrade documents still select it on every line;
// - `namespace` and `triggerer { replicas }` (0.28) are never selected by the official client.
// `dagDeployment { type }` is, from 0.29 (the client's `deployment` document).
const COMMON =
  'id label description releaseName type version executor status namespace triggerer { replicas } workspace { id } urls { type url } createdAt updatedAt';
const UNVERIFIED = ['Deployment.executor', 'Deployment.namespace', 'Deployment.triggerer'];

export interface DeploymentSelection {
  fields: string;
  optional: readonly string[];
}

export const DEPLOYMENT_FIELDS = {
  /** 0.25–0.28: Astronomer Certified only. */
  certified: { fields: `${COMMON} airflowVersion`, optional: UNVERIFIED },
  /** 0.29–0.37: Runtime beside AC, with the upgrade in progress. */
  runtime: { fields: `${COMMON} airflowVersion runtimeVersion desiredRuntimeVersion dagDeployment { type }`, optional: UNVERIFIED },
  /**
   * 1.0 and later: clusters, and `mode` where Houston has it (2.1). 1.0.0 still has the AC fields
   * that 1.0.1 removed (astro-cli PR 1988), but a text without them fits both, so 1.0.0 is served
   * by this one too (and reports airflowVersion null).
   */
  clusters: {
    fields: `${COMMON} runtimeVersion desiredRuntimeVersion dagDeployment { type } clusterId mode`,
    optional: [...UNVERIFIED, 'Deployment.mode', 'Deployment.desiredRuntimeVersion'],
  },
} as const satisfies Record<string, DeploymentSelection>;
