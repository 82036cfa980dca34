// A HoustonSession binds the client to one caller's Houston credential and request id, so the
// typed operations take only their own input.
import { hash } from 'node:crypto';
import { isGatewayError } from '../errors.js';
import { houstonCalls, type HoustonCallEvent, type HoustonCallTracer } from './call-events.js';
import { openSubscription, type HoustonSubscription, type SubscriptionHandlers, type SubscriptionRequest } from './log-subscription.js';
import type { HoustonCallContext, HoustonClient } from './client.js';
import type { AnyOperation, Operation } from './operation.js';
import type { ChosenVariant, Selection } from './selection.js';

export interface HoustonSession {
  call<Input, Output>(operation: Operation<Input, Output>, input: Input): Promise<Output>;
  /** The variant this Houston gets for `operation` (to check an input it may not accept); 501 when none. */
  variant(operation: AnyOperation): Promise<ChosenVariant>;
  /** What the connected Houston offers. */
  selection(): Promise<Selection>;
  /** Whether this Houston has `operation` (for an optional one, such as a paged variant of a list). */
  supports(operation: AnyOperation): Promise<boolean>;
  /** Opens a Houston subscription over WebSocket (log-subscription.ts) with this session's credential. */
  subscribe(request: SubscriptionRequest, handlers: SubscriptionHandlers): Promise<HoustonSubscription>;
  /** The cluster a new deployment goes to when the caller names none (HOUSTON_DEFAULT_CLUSTER_ID). */
  readonly defaultClusterId: string | undefined;
  /**
   * Stands for the credential in cache keys: a digest, so the key itself never leaves this
   * module, and two credentials never share cached answers.
   */
  readonly credentialFingerprint: string;
}

/**
 * Fingerprints by credential, computed once each: a credential is one of the few the gateway
 * holds (HOUSTON_API_KEY, HOUSTON_CREDENTIALS_FILE), so the map stays as small as that list (and
 * is emptied should it ever pass a bound, e.g. credentials rotated over a long life).
 */
const fingerprints = new Map<string, string>();
const MAX_FINGERPRINTS = 1_000;

export function credentialFingerprintOf(credential: string): string {
  let fingerprint = fingerprints.get(credential);
  if (fingerprint === undefined) {
    fingerprint = hash('sha256', credential, 'base64url');
    if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear();
    fingerprints.set(credential, fingerprint);
  }
  return fingerprint;
}

export function createHoustonSession(
  client: HoustonClient,
  context: HoustonCallContext,
  defaults: {
    clusterId?: string | undefined;
    trace?: HoustonCallTracer | undefined;
    /** Told how long each call took (ms, retries and waits for a slot included): the access log's Houston time. */
    onCallDone?: ((durationMs: number) => void) | undefined;
  } = {},
): HoustonSession {
  const { trace, onCallDone } = defaults;
  /** The call, timed for the access log and published on the call-events channel when someone (metrics) listens. */
  async function measured<Input, Output>(operation: Operation<Input, Output>, input: Input): Promise<Output> {
    const publish = houstonCalls.hasSubscribers;
    if (!publish && !onCallDone) return client.request(operation, input, context);
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await client.request(operation, input, context);
    } catch (error) {
      outcome = isGatewayError(error) ? error.code : 'GW_INTERNAL';
      throw error;
    } finally {
      const durationMs = performance.now() - started;
      onCallDone?.(durationMs);
      if (publish) {
        const event: HoustonCallEvent = { client, operation: operation.name, durationSeconds: durationMs / 1000, outcome };
        houstonCalls.publish(event);
      }
    }
  }

  return {
    call: (operation, input) => (trace ? trace(operation, () => measured(operation, input)) : measured(operation, input)),
    variant: (operation) => client.variant(operation, context),
    selection: () => client.selection(context),
    supports: async (operation) => (await client.selection(context)).chosen.has(operation.name),
    subscribe: (request, handlers) =>
      openSubscription({ houstonUrl: client.url, credential: context.credential, requestId: context.requestId }, request, handlers),
    defaultClusterId: defaults.clusterId,
    get credentialFingerprint() {
      return credentialFingerprintOf(context.credential ?? '');
    },
  };
}
