// The deadline of one HTTP attempt to Houston, as the signal graphql-request hands its fetch.
// On Node 20, AbortSignal.timeout() costs about 16 µs a call (its timer is tied to the signal's
// life through a WeakRef and a FinalizationRegistry, and stays armed for the whole budget after
// the answer came), and even an AbortController's signal costs about 5 µs to create and 2 µs
// more per listener (an EventTarget). The gateway's own transport (http-fetch.ts, over undici's
// dispatch()) reads only `aborted`, `reason` and one 'abort' listener, added and removed through
// add/removeEventListener. So for it the deadline is a plain object with those members and a
// timer cleared as the attempt settles. (undici's request() takes such an object as its signal too.) Node's fetch (the transport when tracing)
// needs a real AbortSignal and gets one. Either way an overrun aborts with the reason
// AbortSignal.timeout() gives, a TimeoutError DOMException, which errors.ts maps to
// GW_UPSTREAM_TIMEOUT.

export interface AttemptDeadline {
  /** An AbortSignal, or (`lightweight`) an object with the members http-fetch.ts reads of one. */
  readonly signal: AbortSignal;
  /** Disarms the timer once the attempt has settled; calling it again does nothing. */
  clear(): void;
}

const timeoutReason = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** `aborted`, `reason` and 'abort' listeners: what http-fetch.ts reads of an AbortSignal. */
export class DeadlineSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] = [];

  addEventListener(type: string, listener: () => void): void {
    if (type === 'abort' && !this.aborted) this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    const at = type === 'abort' ? this.listeners.indexOf(listener) : -1;
    if (at >= 0) this.listeners.splice(at, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    // Each listener once, as with `{ once: true }`.
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/**
 * A deadline of `ms` for one attempt. `lightweight`: a DeadlineSignal (only for http-fetch.ts);
 * otherwise a real AbortSignal, for Node's fetch.
 */
export function attemptDeadline(ms: number, { lightweight }: { lightweight: boolean }): AttemptDeadline {
  if (lightweight) {
    const signal = new DeadlineSignal();
    const timer = setTimeout(() => signal.abort(timeoutReason()), ms);
    return { signal: signal as unknown as AbortSignal, clear: () => clearTimeout(timer) };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason()), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
