// A circuit breaker in front of one Houston endpoint. Closed, it lets every call through and
// counts consecutive transient failures; at the threshold it opens and refuses every call for the
// cooldown; then it is half-open and lets exactly one trial call through: success closes it, a
// transient failure opens it again. Answers that show Houston is healthy (a 4xx-class error
// included) count as successes.
//
// Outcomes are tied to the phase a call was admitted in (a ticket's generation), so a slow call
// admitted while closed cannot close a breaker that has since opened, and only the trial call
// decides a half-open breaker.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStateChange {
  from: BreakerState;
  to: BreakerState;
  /** Consecutive transient failures counted when the change happened. */
  consecutiveFailures: number;
  /** Seconds until the next trial call, when the breaker opened; else 0. */
  retryAfterSeconds: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive transient failures that open the breaker. */
  failureThreshold: number;
  /** How long the open breaker refuses calls before letting one trial call through. */
  cooldownMs: number;
  /** The clock (ms); injectable for tests. @default Date.now */
  now?: () => number;
  /** Told of every state change; exceptions it throws are swallowed. */
  onStateChange?: (change: BreakerStateChange) => void;
}

/** Permission for one call to go to Houston; report its outcome with it. */
export interface BreakerTicket {
  readonly generation: number;
  readonly trial: boolean;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private generation = 0;
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(options.failureThreshold >= 1)) throw new RangeError('failureThreshold must be >= 1');
    if (!(options.cooldownMs >= 0)) throw new RangeError('cooldownMs must be >= 0');
    this.now = options.now ?? Date.now;
  }

  /** The state now (an open breaker whose cooldown is over reads half-open). */
  get state(): BreakerState {
    this.refresh();
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** A ticket for one call, or null when the call must not reach Houston. */
  tryAcquire(): BreakerTicket | null {
    this.refresh();
    switch (this.current) {
      case 'closed':
        return { generation: this.generation, trial: false };
      case 'open':
        return null;
      case 'half-open':
        if (this.trialInFlight) return null;
        this.trialInFlight = true;
        return { generation: this.generation, trial: true };
    }
  }

  /** Whole seconds (at least 1) a refused caller should wait before trying again. */
  retryAfterSeconds(): number {
    this.refresh();
    if (this.current !== 'open') return 1;
    return Math.max(1, Math.ceil((this.openedAt + this.options.cooldownMs - this.now()) / 1000));
  }

  /** The call answered, and the answer shows Houston healthy (data, or a 4xx-class error). */
  success(ticket: BreakerTicket): void {
    if (ticket.generation !== this.generation) return;
    if (this.current === 'closed') {
      this.failures = 0;
    } else if (this.current === 'half-open' && ticket.trial) {
      this.failures = 0;
      this.transition('closed');
    }
  }

  /** The call failed in a way that says Houston is unwell. */
  failure(ticket: BreakerTicket): void {
    if (ticket.generation !== this.generation) return;
    if (this.current === 'closed') {
      this.failures += 1;
      if (this.failures >= this.options.failureThreshold) this.open();
    } else if (this.current === 'half-open' && ticket.trial) {
      this.failures += 1;
      this.open();
    }
  }

  /** The call never reached Houston (it waited too long for a slot), or its outcome says nothing. */
  release(ticket: BreakerTicket): void {
    if (ticket.generation !== this.generation) return;
    if (this.current === 'half-open' && ticket.trial) this.trialInFlight = false;
  }

  private open(): void {
    this.openedAt = this.now();
    this.transition('open');
  }

  private refresh(): void {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) this.transition('half-open');
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.generation += 1;
    this.trialInFlight = false;
    const retryAfterSeconds = to === 'open' ? Math.max(1, Math.ceil(this.options.cooldownMs / 1000)) : 0;
    try {
      this.options.onStateChange?.({ from, to, consecutiveFailures: this.failures, retryAfterSeconds });
    } catch {
      // A listener (logging, metrics) must never break a Houston call.
    }
  }
}
