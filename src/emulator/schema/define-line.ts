// The declarative form of one Houston line: what its schema adds to or removes from the line before
// it, and the behaviour switches the resolvers read. Modelled on platformatic's one file per
// version delta: a line's differences are readable in its own file, nowhere else.

/** Behaviour that is not visible in the schema alone. Each switch stays on once a line sets it. */
export interface LineFeatures {
  /** 0.29: Astro Runtime deployments (`runtimeVersion`); before it every deployment is Astronomer Certified. */
  runtime: boolean;
  /** 0.34: the `dag_deploy` DAG-deployment type, its `dagserver` URL and `featureFlags.dagOnlyDeployment`. */
  dagOnlyDeploy: boolean;
  /** 1.0: seeded clusters; a deployment belongs to one; catalogues and flags per cluster. */
  clusters: boolean;
  /** 1.0: deployments list a `registry` URL (docker login is per deployment, FACTS §4.3). */
  registryUrl: boolean;
  /** 2.0: clusters have a status; an INACTIVE one takes no new deployments. */
  clusterStatus: boolean;
  /** 2.1: `upsertDeployment(releaseName, image, runtimeVersion)` deploys an image (FACTS §4.6). */
  imageUpsert: boolean;
}

export const BASE_FEATURES: LineFeatures = {
  runtime: false,
  dagOnlyDeploy: false,
  clusters: false,
  registryUrl: false,
  clusterStatus: false,
  imageUpsert: false,
};

/**
 * What a line changes. Applied in this order: `remove`, `removeArguments`, `add`, `addArguments`,
 * so a field can be removed and added back with another signature in one delta.
 */
export interface LineDelta {
  /** The first Houston version of the line, e.g. '0.29.2'. */
  since: string;
  /** The versions it stands for, for messages and banners, e.g. '0.34–0.37'. */
  label: string;
  /** SDL: new types, and `extend type X { … }` (also `extend input`, `extend enum`) for new members. */
  add?: string;
  /** New arguments by field, e.g. `{ 'Mutation.createDeployment': 'triggerer: Triggerer' }`. */
  addArguments?: Record<string, string>;
  /** Types ('Cluster') or members ('Deployment.airflowVersion', 'Mutation.createDeployment') to drop. */
  remove?: string[];
  /** Arguments to drop, by field. */
  removeArguments?: Record<string, string[]>;
  /** Switches this line turns on (or off). */
  features?: Partial<LineFeatures>;
}

export function defineLine(delta: LineDelta): LineDelta {
  return delta;
}
