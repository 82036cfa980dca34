// Which Houston calls may be tried again, and how long to wait first. Only reads are retried (a
// write that failed in transit may still have happened), and only after failures that say
// nothing about the request itself: Houston unreachable, a 5xx or unusable answer, a timeout.
import { HoustonError } from './errors.js';

/** A backoff never waits longer than this, however many retries are allowed. */
export const MAX_BACKOFF_MS = 10_000;

/**
 * Exponential backoff with full jitter: before retry number `retry` (0 for the first), a delay
 * drawn uniformly from [0, min(MAX_BACKOFF_MS, baseMs · 2^retry)).
 */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, retry));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(draw * ceiling), Math.max(0, ceiling - 1));
}

/**
 * True for a failure that says Houston is unwell, not that the request was wrong: it is worth a
 * retry (for reads) and counts against the circuit breaker. Houston refusing the gateway's own
 * credential (UNAUTHENTICATED, mapped to bad-gateway) is an answer from a healthy Houston.
 */
export function isTransient(error: unknown): error is HoustonError {
  if (!(error instanceof HoustonError)) return false;
  switch (error.kind) {
    case 'unavailable':
    case 'timeout':
      return true;
    case 'bad-gateway':
      return error.upstream?.code !== 'UNAUTHENTICATED';
    default:
      return false;
  }
}
