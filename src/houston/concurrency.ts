// A bound on the Houston calls in flight at once. Calls beyond it wait in arrival order (FIFO);
// one that cannot start before its deadline gives up with GW_OVERLOADED (503, Retry-After: 1).
import { GatewayError } from '../errors.js';

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

export interface ConcurrencyCounts {
  inFlight: number;
  queued: number;
  limit: number;
}

interface Waiter {
  deadline: number;
  resolve: (release: Release) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export function overloaded(): GatewayError {
  return new GatewayError('GW_OVERLOADED', 'Too many Houston calls in flight: this one could not start before its deadline', {
    headers: { 'retry-after': '1' },
  });
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private readonly now: () => number;

  constructor(
    readonly limit: number,
    options: { now?: () => number } = {},
  ) {
    if (!(limit >= 1)) throw new RangeError('limit must be >= 1');
    this.now = options.now ?? Date.now;
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  counts(): ConcurrencyCounts {
    return { inFlight: this.active, queued: this.waiters.length, limit: this.limit };
  }

  /**
   * A slot, at once when one is free and nobody waits, else after the callers ahead of this one.
   * Rejects with GW_OVERLOADED when `deadline` (epoch ms) passes first.
   */
  acquire(deadline: number): Promise<Release> {
    if (this.active < this.limit && this.waiters.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    const wait = deadline - this.now();
    if (wait <= 0) return Promise.reject(overloaded());
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { deadline, resolve, reject, timer: undefined };
      waiter.timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(overloaded());
      }, wait);
      this.waiters.push(waiter);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver();
    };
  }

  /** A freed slot goes straight to the first waiter whose deadline has not passed. */
  private handOver(): void {
    for (;;) {
      const next = this.waiters.shift();
      if (!next) {
        this.active -= 1;
        return;
      }
      clearTimeout(next.timer);
      if (next.deadline <= this.now()) {
        next.reject(overloaded());
        continue;
      }
      next.resolve(this.releaser());
      return;
    }
  }
}
