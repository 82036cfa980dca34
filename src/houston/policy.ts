// The upstream policy every Houston call goes through (the readiness ping excepted): the circuit
// breaker first (an open one answers at once), then a slot among the calls in flight, then the
// call itself with what is left of the deadline; a read that failed transiently is tried again
// after a jittered backoff while the deadline allows. Nothing here outlives the deadline.
import { GatewayError } from '../errors.js';
import { CircuitBreaker, type BreakerState, type BreakerStateChange, type BreakerTicket } from './circuit-breaker.js';
import { ConcurrencyLimiter, type ConcurrencyCounts, type Release } from './concurrency.js';
import { HoustonError } from './errors.js';
import { backoffDelay, isTransient } from './retry.js';

/** A retry is not started with less of the deadline left than this. */
export const MIN_ATTEMPT_MS = 50;

/** The upstream policy's settings: declared here once, filled from the environment by config.ts. */
export interface UpstreamPolicySettings {
  /** The whole budget of one call, retries and waiting for a slot included. */
  timeoutMs: number;
  /** Extra attempts for a read (never a write) after a transient failure. */
  readRetries: number;
  /** Backoff base: retry n waits a random time below base · 2^n. */
  retryBaseMs: number;
  /** Consecutive transient failures that open the breaker; omitted: no breaker. */
  breakerFailures?: number;
  /** How long an open breaker refuses calls before one trial call. */
  breakerCooldownSeconds: number;
  /** Calls in flight at once; omitted: no bound. */
  maxConcurrency?: number;
}

export interface UpstreamPolicyOptions extends Partial<UpstreamPolicySettings> {
  timeoutMs: number;
  onStateChange?: (change: BreakerStateChange) => void;
  /** Test seams. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface PolicyCall<T> {
  /** Reads may be retried; writes never are. */
  read: boolean;
  /** Epoch ms after which nothing more is attempted. */
  deadline: number;
  /** One attempt, given the milliseconds it may take; rejects with a HoustonError. */
  attempt: (budgetMs: number) => Promise<T>;
}

export interface UpstreamPolicy {
  execute<T>(call: PolicyCall<T>): Promise<T>;
  breakerState(): BreakerState;
  concurrency(): ConcurrencyCounts;
}

export function circuitOpen(retryAfterSeconds: number, cause?: unknown): GatewayError {
  return new GatewayError('GW_UPSTREAM_CIRCUIT_OPEN', `Houston's circuit breaker is open; retry in ${retryAfterSeconds} s`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
    ...(cause === undefined ? {} : { cause }),
  });
}

export function createUpstreamPolicy(options: UpstreamPolicyOptions): UpstreamPolicy {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const readRetries = Math.max(0, options.readRetries ?? 0);
  const retryBaseMs = options.retryBaseMs ?? 100;
  const breaker =
    options.breakerFailures === undefined
      ? null
      : new CircuitBreaker({
          failureThreshold: options.breakerFailures,
          cooldownMs: (options.breakerCooldownSeconds ?? 10) * 1000,
          now,
          ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
        });
  const limiter = new ConcurrencyLimiter(options.maxConcurrency ?? Number.POSITIVE_INFINITY, { now });
  const NO_BREAKER: BreakerTicket = { generation: -1, trial: false };

  /** Tells the breaker what an attempt's outcome says about Houston's health. */
  function report(ticket: BreakerTicket, error: unknown, budgetMs: number): void {
    if (!breaker) return;
    if (error === undefined) return breaker.success(ticket);
    if (isTransient(error)) {
      // A timeout on an attempt left only a sliver of the deadline (after queueing or retries)
      // says more about the gateway's backlog than about Houston.
      if (error.kind === 'timeout' && budgetMs < options.timeoutMs / 2) return breaker.release(ticket);
      return breaker.failure(ticket);
    }
    if (error instanceof HoustonError) return breaker.success(ticket); // Houston answered: it is up
    breaker.release(ticket);
  }

  async function execute<T>({ read, deadline, attempt }: PolicyCall<T>): Promise<T> {
    const attempts = read ? 1 + readRetries : 1;
    let lastError: unknown;
    for (let n = 1; ; n += 1) {
      // A retry is refused like a first attempt (the failure that led to it kept as the cause).
      const ticket = breaker ? breaker.tryAcquire() : NO_BREAKER;
      if (!ticket) throw circuitOpen(breaker!.retryAfterSeconds(), lastError);
      let release: Release;
      try {
        release = await limiter.acquire(deadline);
      } catch (error) {
        breaker?.release(ticket);
        if (lastError !== undefined && error instanceof Error) error.cause = lastError;
        throw error;
      }
      const budgetMs = Math.max(1, deadline - now());
      try {
        const result = await attempt(budgetMs);
        report(ticket, undefined, budgetMs);
        return result;
      } catch (error) {
        report(ticket, error, budgetMs);
        lastError = error;
      } finally {
        release();
      }
      if (n >= attempts || !isTransient(lastError)) throw lastError;
      const delay = backoffDelay(n - 1, retryBaseMs, random);
      if (now() + delay + MIN_ATTEMPT_MS > deadline) throw lastError;
      await sleep(delay);
    }
  }

  return {
    execute,
    breakerState: () => breaker?.state ?? 'closed',
    concurrency: () => limiter.counts(),
  };
}
