// What each Houston line lets a deployment document select (VERSIONS.md §2; FACTS.md §2.4).
// `executor` has never been selected by the official client and is absent from the 2019 schema;
// `mode` is an output only guessed for 2.1: both are optional, so a Houston without them still
// serves every deployment route (unverified; see selection.ts for how optional fields are dropped).
const COMMON = 'id label description releaseName type version executor status workspace { id } urls { type url } createdAt updatedAt';

export const DEPLOYMENT_FIELDS = {
  /** 0.25–0.28: Astronomer Certified only. */
  certified: `${COMMON} airflowVersion`,
  /** 0.29–0.37: Runtime beside AC. */
  runtime: `${COMMON} airflowVersion runtimeVersion`,
  /**
   * 1.0 and later: clusters, and `mode` where Houston has it (2.1). 1.0.0 still has the AC fields
   * that 1.0.1 removed (astro-cli PR 1988), but a text without them fits both, so 1.0.0 is served
   * by this one too (and reports airflowVersion null).
   */
  clusters: `${COMMON} runtimeVersion clusterId mode`,
} as const;

export const OPTIONAL_DEPLOYMENT_FIELDS = ['Deployment.executor', 'Deployment.mode'] as const;
