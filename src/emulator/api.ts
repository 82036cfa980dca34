// The emulator's programmatic surface: what the CLI entry, the sandbox and the tests use.
// Fault injection lives here and only here — it is not reachable over HTTP.
import type { HoustonLine } from './schema/index.js';

export type { HoustonLine, LineFeatures } from './schema/index.js';

export interface EmulatorOptions {
  /** Listen port; 0 picks a free one. @default 8871 */
  port?: number;
  /** Listen address. @default '127.0.0.1' */
  host?: string;
  /** Key of the seeded SYSTEM_ADMIN service account. @default a random key */
  adminKey?: string;
  /** Start with a demo workspace (label "demo"), one user and one deployment (from 1.0 on the first cluster). @default false */
  seedDemo?: boolean;
  /**
   * The Houston version to play: its line decides the schema and behaviour (see HOUSTON_LINES), and
   * `appConfig { version }` reports it. Optional `v`, pre-release suffix ignored; below 0.25.0 plays
   * the 0.25 line; anything that is not a version throws. @default NEWEST_HOUSTON_VERSION ('2.1.0')
   */
  houstonVersion?: string;
  /** @deprecated Use `houstonVersion` (this is its old name and means the same). */
  platformVersion?: string;
  /**
   * What `appConfig { version }` reports, without changing the line: real installs report the
   * Houston image version (APC 1.1.0 ships Houston 1.0.58, VERSIONS §1.3). Free text, never parsed.
   * @default the houstonVersion
   */
  reportedVersion?: string;
  /**
   * Answer introspection (`__schema`, `__type`). When false, they are refused as Apollo Server does
   * with introspection off (HTTP 400, GRAPHQL_VALIDATION_FAILED); `__typename` stays allowed.
   * @default true
   */
  introspection?: boolean;
  /**
   * Names of the clusters seeded on lines from 1.0.0 (ignored before 1.0). The first offers every
   * Runtime release; the others lack the newest and differ in namespaces and appConfig flags.
   * @default ['primary', 'edge']
   */
  clusters?: string[];
  /** What `appConfig { baseDomain }` reports; also used in deployment URLs. @default 'local.houston.test' */
  baseDomain?: string;
  /** How long a new or updated deployment reports status DEPLOYING before HEALTHY. @default 1000 */
  deployingMs?: number;
  /** Log each request with pino (false in tests). @default false */
  logger?: boolean;
}

/** Faults a test can switch on and off; all default to off. */
export interface FaultSettings {
  /**
   * Added delay before every GraphQL request runs, in milliseconds. A request whose client hangs
   * up meanwhile is dropped unrun.
   */
  latencyMs?: number;
  /**
   * Added delay after a GraphQL request ran, before its answer is sent, in milliseconds: a write
   * takes effect even when its client gives up waiting (a timeout after the fact).
   */
  answerDelayMs?: number;
  /** Share of requests (0..1) that fail with `failStatus`. */
  failureRate?: number;
  /** HTTP status of an injected failure. @default 502 */
  failStatus?: 500 | 502 | 503 | 504;
  /** Destroy the socket without answering. */
  closeSocket?: boolean;
  /** Answer 200 with a body that is not JSON. */
  malformedBody?: boolean;
}

export interface FaultController {
  /** Merges into the current settings (pass `false`/0 to switch one off); `clear()` resets all. */
  set(settings: FaultSettings): void;
  clear(): void;
  readonly current: Readonly<FaultSettings>;
}

/**
 * One GraphQL request the emulator received. Every request whose body held a parsable GraphQL
 * document is recorded, before faults apply: faulted requests (latency, failure, closed socket,
 * malformed body) and requests later refused by validation are counted too. Bodies that are not
 * JSON, lack `query` or fail to parse are not recorded.
 */
export interface RecordedCall {
  /** Root field names the operation selects, e.g. ['createDeployment']. */
  rootFields: string[];
  /** The body's `operationName`, else the name of the executed operation, else null. */
  operationName: string | null;
  query: string;
  variables: Record<string, unknown> | null;
  /** Lower-cased request headers; the authorization and cookie headers are recorded as '[redacted]'. */
  headers: Record<string, string>;
}

export interface CallLog {
  /** Calls that selected this root field (all calls when omitted). */
  count(rootField?: string): number;
  readonly all: readonly RecordedCall[];
  reset(): void;
}

export interface DemoSeed {
  workspaceId: string;
  deploymentId: string;
  userId: string;
  userEmail: string;
  /** The demo user's local password (for `createToken`); a development credential. */
  userPassword: string;
}

/** A user made by `seed.user`, with a login token ready to use as the `authorization` header. */
export interface SeededUser {
  id: string;
  email: string;
  token: string;
}

/**
 * Emulator-only shortcuts for data Houston's API cannot create directly (teams come from an
 * identity provider) or that would take several calls. Added beside the GraphQL API, not instead.
 */
export interface EmulatorSeeder {
  /** A local user (status active) with an optional password and system roles. */
  user(input: {
    email: string;
    password?: string;
    username?: string;
    fullName?: string;
    systemRoles?: ('SYSTEM_ADMIN' | 'SYSTEM_EDITOR' | 'SYSTEM_VIEWER')[];
  }): SeededUser;
  /** A team; members are user ids (unknown ids are dropped). */
  team(input: { name: string; description?: string; memberIds?: string[] }): { id: string };
  /**
   * Sets a cluster's status (from 2.0, where an INACTIVE cluster takes no new deployments); Houston
   * does it with updateCluster or from the cluster's health, which the emulator does not serve.
   * Throws for an unknown cluster or before 2.0.
   */
  clusterStatus(clusterId: string, status: 'ACTIVE' | 'INACTIVE', statusReason?: Record<string, unknown>): void;
  /** A role binding for a user or team; no workspace/deployment id means a system role. */
  roleBinding(input: {
    role: 'SYSTEM_ADMIN' | 'SYSTEM_EDITOR' | 'SYSTEM_VIEWER' | 'WORKSPACE_ADMIN' | 'WORKSPACE_EDITOR' | 'WORKSPACE_VIEWER' | 'DEPLOYMENT_ADMIN' | 'DEPLOYMENT_EDITOR' | 'DEPLOYMENT_VIEWER';
    userId?: string;
    teamId?: string;
    workspaceId?: string;
    deploymentId?: string;
  }): { id: string };
}

/** A deployment log line to add (`logs.emit`). */
export interface EmittedLogLine {
  deploymentId: string;
  /** Houston's components are scheduler, webserver, worker and triggerer; any string is kept. */
  component: string;
  message: string;
  /** @default 'INFO' */
  level?: string;
  /** @default now */
  timestamp?: Date | string;
}

/** Deployment logs: lines for the `logs` query and the `log` subscription (WebSocket at /ws). */
export interface EmulatorLogs {
  /**
   * Stores a line (each deployment keeps its newest 10,000) and sends it to every live `log`
   * subscription it matches. Throws for an unknown deployment.
   */
  emit(line: EmittedLogLine): { id: string; timestamp: string };
  /** `log` subscriptions running right now, over every socket. */
  openSubscriptions(): number;
}

export interface HoustonEmulator {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:8871/v1 */
  readonly url: string;
  readonly port: number;
  readonly adminKey: string;
  /** The version asked for (or the newest), e.g. '0.37.7'. */
  readonly houstonVersion: string;
  /** The line that version belongs to, with its behaviour switches. */
  readonly line: HoustonLine;
  /** The seeded clusters, in seed order; empty before 1.0. */
  readonly clusters: readonly { id: string; name: string }[];
  readonly demo: DemoSeed | null;
  readonly faults: FaultController;
  readonly calls: CallLog;
  /** Emulator-only data seeding (teams, users with roles). */
  readonly seed: EmulatorSeeder;
  readonly logs: EmulatorLogs;
  /** Start listening (again, on the same port after stop()). */
  start(): Promise<void>;
  /**
   * Stop listening and drop open connections, WebSocket ones included (closed with 1001): Houston
   * is "down". Data is kept.
   */
  stop(): Promise<void>;
  /** Stop for good. */
  close(): Promise<void>;
}
