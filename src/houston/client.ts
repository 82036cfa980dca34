// The transport to Houston: graphql-request over undici's keep-alive pools (http-fetch.ts),
// one request per attempt, a hard deadline, the caller's request id forwarded, the credential sent
// as Houston expects it (raw key in `authorization`, FACTS.md §1.1). Every call but the readiness
// ping goes through the upstream policy (policy.ts). Which text an operation sends is the variant
// the schema detector chose for this Houston.
import { GraphQLClient } from 'graphql-request';
import { attemptDeadline } from './attempt-deadline.js';
import { createHttpFetch } from './http-fetch.js';
import { GatewayError } from '../errors.js';
import type { BreakerState } from './circuit-breaker.js';
import type { ConcurrencyCounts } from './concurrency.js';
import { HoustonError, toHoustonError } from './errors.js';
import type { AnyOperation, Operation, Variables } from './operation.js';
import type { UpstreamPolicy } from './policy.js';
import { createSchemaDetector, PLATFORM_VERSION_DOCUMENT, type SchemaDetector } from './schema-detector.js';
import type { ChosenVariant, Selection } from './selection.js';

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
  /** Deadline of one call, detection, waiting and retries included. */
  timeoutMs: number;
  policy: UpstreamPolicy;
  /** Every operation the gateway may send: the detector picks a variant of each. */
  operations: readonly AnyOperation[];
  /** How often the schema is read again. */
  schemaRefreshMs: number;
  onDetected?: (selection: Selection, previous: Selection | null) => void;
  /** `fetch`: Node's own (traced by the undici instrumentation); `http`: http-fetch.ts (undici's dispatch()). @default 'http' */
  transport?: 'fetch' | 'http';
  onDetectionError?: (error: unknown) => void;
}

export interface HoustonClient {
  readonly url: string;
  /** Runs one operation with the variant that fits this Houston; rejects with a GatewayError. */
  request<Input, Output>(operation: Operation<Input, Output>, input: Input, context: HoustonCallContext): Promise<Output>;
  /** The variant this Houston gets for `operation`; a 501 GatewayError when none fits. */
  variant(operation: AnyOperation, context: HoustonCallContext): Promise<ChosenVariant>;
  /** What the connected Houston offers, learned on first use (or now, if not yet). */
  selection(context: HoustonCallContext): Promise<Selection>;
  /** The last selection without waiting; null before the first detection. */
  lastSelection(): Selection | null;
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

export function unsupported(operation: string, why: string): HoustonError {
  return new HoustonError('unsupported', operation, `This Houston does not support ${operation}: ${why}`);
}

export function createHoustonClient(options: HoustonClientOptions): HoustonClient {
  const { timeoutMs, policy } = options;
  // Node's fetch when tracing: its HTTP attempts are spans (undici's diagnostics channels) and
  // carry `traceparent` to Houston; otherwise the cheaper transport, which takes a cheaper signal.
  const nodeFetch = options.transport === 'fetch';
  const graphql = new GraphQLClient(options.url, {
    errorPolicy: 'none',
    fetch: nodeFetch ? globalThis.fetch : createHttpFetch(),
    // graphql-request otherwise parses every document on every call only to name its operation;
    // each document holds one operation, which Houston runs without being told its name.
    excludeOperationName: true,
  });

  /** One HTTP attempt, abandoned after `budgetMs`. */
  async function send<T>(operation: string, document: string, variables: Variables | undefined, context: HoustonCallContext, budgetMs: number) {
    const headers: Record<string, string> = {};
    if (context.credential) headers.authorization = context.credential;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    const deadline = attemptDeadline(budgetMs, { lightweight: !nodeFetch });
    try {
      return await graphql.request<T>({ document, variables: variables ?? {}, requestHeaders: headers, signal: deadline.signal });
    } catch (error) {
      throw toHoustonError(error, operation);
    } finally {
      deadline.clear();
    }
  }

  /** One call under the policy, within `deadline` (epoch ms). */
  function call<T>(operation: string, kind: 'query' | 'mutation', document: string, variables: Variables | undefined, context: HoustonCallContext, deadline: number) {
    const read = kind === 'query';
    return policy
      .execute<T>({
        read,
        deadline,
        attempt: (budgetMs) => {
          if (!read) context.onWriteSent?.();
          return send<T>(operation, document, variables, context, budgetMs);
        },
      })
      .catch((error: unknown) => {
        // Houston went away: it may come back upgraded, so its schema is read again on next use.
        if (error instanceof HoustonError && error.kind === 'unavailable') detector.markStale();
        throw error;
      });
  }

  const detector: SchemaDetector = createSchemaDetector({
    operations: options.operations,
    refreshMs: options.schemaRefreshMs,
    query: (operation, document, context, deadline) => call(operation, 'query', document, undefined, context, deadline),
    ...(options.onDetected ? { onDetected: options.onDetected } : {}),
    ...(options.onDetectionError ? { onError: options.onDetectionError } : {}),
  });

  function chosenIn(selection: Selection, operation: AnyOperation): ChosenVariant {
    const chosen = selection.chosen.get(operation.name);
    if (chosen) return chosen;
    throw unsupported(operation.name, selection.unsupported.get(operation.name) ?? 'not known to the gateway');
  }

  async function request<Input, Output>(operation: Operation<Input, Output>, input: Input, context: HoustonCallContext): Promise<Output> {
    // One deadline for the whole call: detection, waiting, retries.
    const deadline = Date.now() + timeoutMs;
    const chosen = chosenIn(await detector.current(context, deadline), operation);
    const run = (pick: ChosenVariant) =>
      call<unknown>(operation.name, operation.kind, pick.document, pick.variant.variables(input), context, deadline).then((data) =>
        pick.variant.result(data) as Output,
      );
    try {
      return await run(chosen);
    } catch (error) {
      // A document Houston refuses as invalid did not run (not even a mutation): Houston changed
      // under the gateway. Learn its schema again and, if another variant fits now, try that once.
      if (!(error instanceof HoustonError) || error.kind !== 'unsupported' || Date.now() >= deadline) throw error;
      const again = chosenIn(await detector.redetect(context, deadline), operation);
      if (again.document === chosen.document) throw error;
      return run(again);
    }
  }

  return {
    url: options.url,
    request,
    async variant(operation, context) {
      return chosenIn(await detector.current(context, Date.now() + timeoutMs), operation);
    },
    selection: (context) => detector.current(context, Date.now() + timeoutMs),
    lastSelection: () => detector.snapshot(),
    async ping(requestId) {
      await send('PlatformVersion', PLATFORM_VERSION_DOCUMENT, undefined, requestId ? { requestId } : {}, timeoutMs);
    },
    breakerState: () => policy.breakerState(),
    concurrency: () => policy.concurrency(),
  };
}

export function isUnsupported(error: unknown): boolean {
  return error instanceof GatewayError && error.code === 'GW_UPSTREAM_UNSUPPORTED';
}
