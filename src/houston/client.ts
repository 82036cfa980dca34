// The transport to Houston: graphql-request over Node's fetch (undici keeps connections alive),
// one request per attempt, a hard deadline, the caller's request id forwarded, the credential sent
// as Houston expects it (raw key in `authorization`, FACTS.md §1.1). Every call but the readiness
// ping goes through the upstream policy (policy.ts): circuit breaker, bounded concurrency, and
// retries for reads only.
import { GraphQLClient } from 'graphql-request';
import type { BreakerState, BreakerStateChange } from './circuit-breaker.js';
import type { ConcurrencyCounts } from './concurrency.js';
import { DOCUMENTS, type OperationName } from './documents.js';
import { toHoustonError } from './errors.js';
import { createUpstreamPolicy } from './policy.js';
import { isReadDocument } from './retry.js';
import { selectDocument } from './version.js';

export type { BreakerState, BreakerStateChange } from './circuit-breaker.js';
export type { ConcurrencyCounts } from './concurrency.js';

export interface HoustonCallContext {
  /** The Houston service-account key to act with; none for Houston's public queries. Never logged. */
  credential?: string;
  requestId?: string;
  /**
   * Called as a write (a mutation) is sent to Houston — not when the breaker, the concurrency
   * bound or the deadline stop it first: after this, Houston may have performed it.
   */
  onWriteSent?: () => void;
}

export interface HoustonClientOptions {
  url: string;
  /** Deadline of one call in milliseconds, retries and waiting for a slot included. @default 10000 */
  timeoutMs?: number;
  /** Extra attempts for a read (never a write) after a transient failure. @default 0 */
  readRetries?: number;
  /** First backoff before a retry; each further one doubles, with full jitter. @default 100 */
  retryBaseMs?: number;
  /** Consecutive transient failures that open the circuit breaker. @default no breaker */
  breakerFailures?: number;
  /** How long an open breaker refuses calls before one trial call. @default 10 */
  breakerCooldownSeconds?: number;
  /** Houston calls in flight at once; more wait in arrival order. @default unbounded */
  maxConcurrency?: number;
  /** Told of every circuit-breaker state change (for logs and metrics). */
  onStateChange?: (change: BreakerStateChange) => void;
}

export type Variables = Record<string, unknown>;

export interface HoustonClient {
  readonly url: string;
  /** Runs one operation; resolves with `data`, rejects with a HoustonError (or a policy GatewayError). */
  request<T>(operation: OperationName, variables: Variables | undefined, context: HoustonCallContext): Promise<T>;
  /** The platform version reported by Houston (learned once, cached). */
  platformVersion(context: HoustonCallContext): Promise<string | null>;
  /**
   * Asks Houston for its version without a credential (appConfig is public); for readiness. It
   * bypasses the circuit breaker (neither refused nor counted), the concurrency bound and retries.
   */
  ping(requestId?: string): Promise<void>;
  /** The circuit breaker's state, for metrics and readiness. */
  breakerState(): BreakerState;
  /** Houston calls in flight and waiting for a slot. */
  concurrency(): ConcurrencyCounts;
}

export function createHoustonClient(options: HoustonClientOptions): HoustonClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const graphql = new GraphQLClient(options.url, { errorPolicy: 'none' });
  const policy = createUpstreamPolicy({
    timeoutMs,
    readRetries: options.readRetries ?? 0,
    retryBaseMs: options.retryBaseMs ?? 100,
    ...(options.breakerFailures !== undefined ? { breakerFailures: options.breakerFailures } : {}),
    breakerCooldownSeconds: options.breakerCooldownSeconds ?? 10,
    ...(options.maxConcurrency !== undefined ? { maxConcurrency: options.maxConcurrency } : {}),
    ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
  });
  let version: Promise<string | null> | undefined;

  /** One HTTP attempt, abandoned after `budgetMs`. */
  async function send<T>(operation: string, document: string, variables: Variables | undefined, context: HoustonCallContext, budgetMs: number) {
    const headers: Record<string, string> = {};
    if (context.credential) headers.authorization = context.credential;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    try {
      return await graphql.request<T>({
        document,
        variables: variables ?? {},
        requestHeaders: headers,
        signal: AbortSignal.timeout(budgetMs),
      });
    } catch (error) {
      throw toHoustonError(error, operation);
    }
  }

  /** One call under the policy, within `deadline` (epoch ms). */
  function call<T>(operation: string, document: string, variables: Variables | undefined, context: HoustonCallContext, deadline: number) {
    const read = isReadDocument(document);
    return policy.execute<T>({
      read,
      deadline,
      attempt: (budgetMs) => {
        if (!read) context.onWriteSent?.();
        return send<T>(operation, document, variables, context, budgetMs);
      },
    });
  }

  async function platformVersion(context: HoustonCallContext, deadline = Date.now() + timeoutMs): Promise<string | null> {
    version ??= call<{ appConfig: { version?: string | null } | null }>(
      'PlatformVersion',
      DOCUMENTS.PlatformVersion[0].document,
      undefined,
      context,
      deadline,
    ).then((data) => data.appConfig?.version ?? null);
    try {
      return await version;
    } catch (error) {
      version = undefined; // learn it again next time rather than caching a failure
      throw error;
    }
  }

  return {
    url: options.url,
    platformVersion: (context) => platformVersion(context),
    async ping(requestId) {
      await send('PlatformVersion', DOCUMENTS.PlatformVersion[0].document, undefined, requestId ? { requestId } : {}, timeoutMs);
    },
    async request<T>(operation: OperationName, variables: Variables | undefined, context: HoustonCallContext) {
      // One deadline for the whole call: learning the platform version, waiting, retries.
      const deadline = Date.now() + timeoutMs;
      const entries = DOCUMENTS[operation];
      const chosen = entries.length === 1 ? entries[0] : selectDocument(entries, await platformVersion(context, deadline));
      return call<T>(operation, chosen.document, variables, context, deadline);
    },
    breakerState: () => policy.breakerState(),
    concurrency: () => policy.concurrency(),
  };
}
