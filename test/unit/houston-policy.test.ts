// The Houston upstream policy, piece by piece, without sockets: backoff and jitter bounds, which
// calls may be retried, the circuit breaker's state machine on an injected clock, the FIFO
// concurrency bound and its deadline, and the policy that composes them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { CircuitBreaker, type BreakerStateChange } from '../../src/houston/circuit-breaker.js';
import { ConcurrencyLimiter } from '../../src/houston/concurrency.js';
import { HoustonError, type HoustonErrorKind } from '../../src/houston/errors.js';
import { MIN_ATTEMPT_MS, createUpstreamPolicy, type UpstreamPolicyOptions } from '../../src/houston/policy.js';
import { MAX_BACKOFF_MS, backoffDelay, isTransient } from '../../src/houston/retry.js';

const houstonError = (kind: HoustonErrorKind, code?: string) =>
  new HoustonError(kind, 'Probe', kind, code ? { message: 'm', code } : undefined);

/** Settles pending promise callbacks (not timers). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('backoffDelay', () => {
  it('is 0 for a draw of 0 and stays below base · 2^retry for a draw near 1', () => {
    for (const retry of [0, 1, 2, 3]) {
      expect(backoffDelay(retry, 100, () => 0)).toBe(0);
      const ceiling = 100 * 2 ** retry;
      expect(backoffDelay(retry, 100, () => 0.999_999)).toBe(ceiling - 1);
      expect(backoffDelay(retry, 100, () => 0.5)).toBe(ceiling / 2);
    }
  });

  it('never reaches its ceiling, even for a draw of exactly 1', () => {
    expect(backoffDelay(0, 100, () => 1)).toBe(99);
    expect(backoffDelay(2, 100, () => 1)).toBe(399);
  });

  it(`is capped at ${MAX_BACKOFF_MS} ms however many retries came before`, () => {
    expect(backoffDelay(30, 100, () => 0.999_999)).toBeLessThan(MAX_BACKOFF_MS);
    expect(backoffDelay(30, 100, () => 0.5)).toBe(MAX_BACKOFF_MS / 2);
  });

  it('spreads its draws over the whole window (full jitter)', () => {
    for (const retry of [0, 1, 2]) {
      const ceiling = 100 * 2 ** retry;
      const draws = Array.from({ length: 2000 }, () => backoffDelay(retry, 100));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      expect(Math.min(...draws)).toBeLessThan(ceiling * 0.1);
      expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.9);
      expect(draws.every(Number.isInteger)).toBe(true);
    }
  });
});

describe('isTransient', () => {
  it.each(['unavailable', 'timeout', 'bad-gateway'] as const)('%s is transient', (kind) => {
    expect(isTransient(houstonError(kind))).toBe(true);
  });

  it.each(['forbidden', 'not-found', 'conflict', 'invalid', 'unsupported'] as const)('%s is an answer, not transient', (kind) => {
    expect(isTransient(houstonError(kind))).toBe(false);
  });

  it('does not count Houston refusing the credential (UNAUTHENTICATED) as Houston failing', () => {
    expect(isTransient(houstonError('bad-gateway', 'UNAUTHENTICATED'))).toBe(false);
    expect(isTransient(houstonError('bad-gateway', 'INTERNAL_SERVER_ERROR'))).toBe(true);
  });

  it('is false for anything that is not a HoustonError', () => {
    expect(isTransient(new Error('x'))).toBe(false);
    expect(isTransient(new GatewayError('GW_OVERLOADED'))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});

describe('CircuitBreaker', () => {
  let clock: number;
  let changes: BreakerStateChange[];
  let breaker: CircuitBreaker;

  beforeEach(() => {
    clock = 1_000_000;
    changes = [];
    breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: () => clock, onStateChange: (c) => changes.push(c) });
  });

  const fail = () => breaker.failure(breaker.tryAcquire()!);
  const succeed = () => breaker.success(breaker.tryAcquire()!);

  it('starts closed and lets calls through', () => {
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toMatchObject({ trial: false });
  });

  it('opens after the threshold of consecutive failures, and refuses every call', () => {
    fail();
    fail();
    expect(breaker.state).toBe('closed');
    fail();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBeNull();
    expect(changes).toEqual([{ from: 'closed', to: 'open', consecutiveFailures: 3, retryAfterSeconds: 10 }]);
  });

  it('counts consecutive failures only: a success (a 4xx answer included) starts the count again', () => {
    fail();
    fail();
    succeed();
    fail();
    fail();
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it('tells a refused caller how many seconds are left, rounded up, at least 1', () => {
    fail();
    fail();
    fail();
    expect(breaker.retryAfterSeconds()).toBe(10);
    clock += 500;
    expect(breaker.retryAfterSeconds()).toBe(10);
    clock += 500;
    expect(breaker.retryAfterSeconds()).toBe(9);
    clock += 8_999;
    expect(breaker.retryAfterSeconds()).toBe(1);
  });

  it('turns half-open after the cooldown and lets exactly one trial call through', () => {
    fail();
    fail();
    fail();
    clock += 9_999;
    expect(breaker.state).toBe('open');
    clock += 1;
    expect(breaker.state).toBe('half-open');
    const trial = breaker.tryAcquire();
    expect(trial).toMatchObject({ trial: true });
    expect(breaker.tryAcquire()).toBeNull();
    expect(breaker.tryAcquire()).toBeNull();
    expect(breaker.retryAfterSeconds()).toBe(1);
    breaker.success(trial!);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toMatchObject({ trial: false });
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens for a whole new cooldown when the trial call fails', () => {
    fail();
    fail();
    fail();
    clock += 10_000;
    const trial = breaker.tryAcquire()!;
    clock += 2_000;
    breaker.failure(trial);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterSeconds()).toBe(10);
    clock += 9_999;
    expect(breaker.tryAcquire()).toBeNull();
    clock += 1;
    expect(breaker.tryAcquire()).toMatchObject({ trial: true });
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual(['closed>open', 'open>half-open', 'half-open>open', 'open>half-open']);
  });

  it('closes when the trial is answered with a 4xx-class error (reported as a success)', () => {
    fail();
    fail();
    fail();
    clock += 10_000;
    breaker.success(breaker.tryAcquire()!);
    expect(breaker.state).toBe('closed');
  });

  it('frees the trial slot when the trial never reached Houston', () => {
    fail();
    fail();
    fail();
    clock += 10_000;
    const trial = breaker.tryAcquire()!;
    breaker.release(trial);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toMatchObject({ trial: true });
  });

  it('ignores outcomes of calls admitted before the last change of state', () => {
    const slow = breaker.tryAcquire()!;
    fail();
    fail();
    fail();
    breaker.success(slow); // a call admitted while closed answers after the breaker opened
    expect(breaker.state).toBe('open');
    clock += 10_000;
    const trial = breaker.tryAcquire()!;
    breaker.success(slow);
    breaker.failure(slow);
    expect(breaker.state).toBe('half-open');
    breaker.success(trial);
    breaker.failure(slow);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it('keeps working when the state-change listener throws', () => {
    const throwing = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => clock, onStateChange: () => { throw new Error('listener'); } });
    throwing.failure(throwing.tryAcquire()!);
    expect(throwing.state).toBe('open');
  });

  it('refuses nonsense options', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, cooldownMs: 1 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1, cooldownMs: -1 })).toThrow(RangeError);
  });
});

describe('ConcurrencyLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const far = () => Date.now() + 60_000;

  it('grants up to the limit at once, then queues', async () => {
    const limiter = new ConcurrencyLimiter(2);
    await limiter.acquire(far());
    await limiter.acquire(far());
    let third = false;
    void limiter.acquire(far()).then(() => (third = true));
    await flush();
    expect(third).toBe(false);
    expect(limiter.counts()).toEqual({ inFlight: 2, queued: 1, limit: 2 });
  });

  it('hands freed slots to waiters in arrival order (FIFO)', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = await limiter.acquire(far());
    const order: number[] = [];
    const releases: (() => void)[] = [];
    for (const n of [1, 2, 3, 4]) {
      void limiter.acquire(far()).then((release) => {
        order.push(n);
        releases.push(release);
      });
    }
    first();
    await flush();
    expect(order).toEqual([1]);
    for (let i = 0; i < 3; i++) {
      releases[i]!();
      await flush();
    }
    expect(order).toEqual([1, 2, 3, 4]);
    expect(limiter.counts()).toMatchObject({ inFlight: 1, queued: 0 });
    releases[3]!();
    expect(limiter.counts()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('lets no newcomer jump the queue when a slot frees', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = await limiter.acquire(far());
    const order: string[] = [];
    void limiter.acquire(far()).then(() => order.push('waiter'));
    first();
    void limiter.acquire(far()).then(() => order.push('newcomer'));
    await flush();
    expect(order).toEqual(['waiter']);
  });

  it('fails a waiter with GW_OVERLOADED (503, Retry-After 1) when its deadline passes, and forgets it', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire(far());
    const waiting = limiter.acquire(Date.now() + 500);
    const outcome = waiting.then(() => 'granted', (error: unknown) => error);
    await vi.advanceTimersByTimeAsync(499);
    expect(limiter.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'GW_OVERLOADED', status: 503, headers: { 'retry-after': '1' } });
    expect(limiter.counts()).toMatchObject({ inFlight: 1, queued: 0 });
    held();
    expect(limiter.counts()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('fails at once when the deadline has already passed and no slot is free', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire(far());
    await expect(limiter.acquire(Date.now())).rejects.toMatchObject({ code: 'GW_OVERLOADED' });
    expect(limiter.queued).toBe(0);
  });

  it('skips waiters whose deadline passed when handing a slot over', async () => {
    const limiter = new ConcurrencyLimiter(1, { now: () => Date.now() });
    const held = await limiter.acquire(far());
    const late = limiter.acquire(Date.now() + 100).then(() => 'granted', (e: { code: string }) => e.code);
    const next = limiter.acquire(far()).then(() => 'granted');
    vi.setSystemTime(Date.now() + 200); // the clock moves on before the timer has fired
    held();
    expect(await late).toBe('GW_OVERLOADED');
    expect(await next).toBe('granted');
    expect(limiter.counts()).toMatchObject({ inFlight: 1, queued: 0 });
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const release = await limiter.acquire(far());
    await limiter.acquire(far());
    release();
    release();
    expect(limiter.inFlight).toBe(1);
  });
});

describe('createUpstreamPolicy', () => {
  let clock: number;
  let slept: number[];

  const policyWith = (options: Partial<UpstreamPolicyOptions> = {}) =>
    createUpstreamPolicy({
      timeoutMs: 10_000,
      readRetries: 2,
      retryBaseMs: 100,
      now: () => clock,
      random: () => 0.5,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      ...options,
    });

  /** An attempt function failing with `errors` in turn, then answering 'ok'; it counts its calls. */
  function scripted(...errors: Error[]) {
    const budgets: number[] = [];
    const attempt = async (budgetMs: number) => {
      budgets.push(budgetMs);
      const error = errors.shift();
      if (error !== undefined) throw error;
      return 'ok';
    };
    return { attempt, budgets };
  }

  beforeEach(() => {
    clock = 5_000_000;
    slept = [];
  });

  it('retries a read after transient failures with growing jittered backoff, within the retry bound', async () => {
    const policy = policyWith();
    const { attempt, budgets } = scripted(houstonError('bad-gateway'), houstonError('unavailable'));
    await expect(policy.execute({ read: true, deadline: clock + 10_000, attempt })).resolves.toBe('ok');
    expect(budgets).toHaveLength(3);
    expect(slept).toEqual([50, 100]); // draws of 0.5 under ceilings of 100 and 200
  });

  it('gives up after readRetries extra attempts with the last failure', async () => {
    const policy = policyWith({ readRetries: 1 });
    const last = houstonError('unavailable');
    const { attempt, budgets } = scripted(houstonError('bad-gateway'), last, houstonError('bad-gateway'));
    await expect(policy.execute({ read: true, deadline: clock + 10_000, attempt })).rejects.toBe(last);
    expect(budgets).toHaveLength(2);
  });

  it('never retries a write', async () => {
    const policy = policyWith();
    const { attempt, budgets } = scripted(houstonError('unavailable'));
    await expect(policy.execute({ read: false, deadline: clock + 10_000, attempt })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(budgets).toHaveLength(1);
  });

  it.each(['forbidden', 'not-found', 'invalid', 'conflict', 'unsupported'] as const)('does not retry a read answered %s', async (kind) => {
    const policy = policyWith();
    const { attempt, budgets } = scripted(houstonError(kind));
    await expect(policy.execute({ read: true, deadline: clock + 10_000, attempt })).rejects.toMatchObject({ kind });
    expect(budgets).toHaveLength(1);
  });

  it('gives each attempt what is left of the deadline, and retries only while the backoff fits in it', async () => {
    const policy = policyWith({ random: () => 0.99 });
    const deadline = clock + 300;
    const { attempt, budgets } = scripted(houstonError('bad-gateway'), houstonError('bad-gateway'), houstonError('bad-gateway'));
    const start = clock;
    const timed = async (budget: number) => {
      clock += 20;
      return attempt(budget);
    };
    await expect(policy.execute({ read: true, deadline, attempt: timed })).rejects.toMatchObject({ kind: 'bad-gateway' });
    // 20 ms, a 99 ms backoff, 20 ms: then 161 ms are left, less than a 198 ms backoff plus an attempt.
    expect(budgets).toEqual([300, 181]);
    expect(slept).toEqual([99]);
    expect(clock - start).toBeLessThanOrEqual(300);
    expect(clock + 198 + MIN_ATTEMPT_MS).toBeGreaterThan(deadline);
  });

  it('does not retry a read that timed out at the deadline', async () => {
    const policy = policyWith();
    const { attempt, budgets } = scripted(houstonError('timeout'));
    const deadline = clock + 1_000;
    const timed = async (budget: number) => {
      clock += budget;
      return attempt(budget);
    };
    await expect(policy.execute({ read: true, deadline, attempt: timed })).rejects.toMatchObject({ kind: 'timeout' });
    expect(budgets).toEqual([1_000]);
  });

  describe('with a breaker', () => {
    const changes: BreakerStateChange[] = [];
    const breakerPolicy = () =>
      policyWith({ readRetries: 0, breakerFailures: 2, breakerCooldownSeconds: 5, onStateChange: (c) => changes.push(c) });

    beforeEach(() => {
      changes.length = 0;
    });

    it('opens after consecutive transient failures and then refuses without attempting', async () => {
      const policy = breakerPolicy();
      const { attempt, budgets } = scripted(houstonError('unavailable'), houstonError('bad-gateway'));
      for (let i = 0; i < 2; i++) await expect(policy.execute({ read: true, deadline: clock + 10_000, attempt })).rejects.toBeInstanceOf(HoustonError);
      expect(policy.breakerState()).toBe('open');
      clock += 1_200;
      const refused = await policy.execute({ read: true, deadline: clock + 10_000, attempt }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'GW_UPSTREAM_CIRCUIT_OPEN', status: 503, headers: { 'retry-after': '4' } });
      expect(budgets).toHaveLength(2);
      expect(changes.map((c) => c.to)).toEqual(['open']);
    });

    it('lets one trial through after the cooldown and closes on its success', async () => {
      const policy = breakerPolicy();
      const { attempt } = scripted(houstonError('unavailable'), houstonError('unavailable'));
      for (let i = 0; i < 2; i++) await policy.execute({ read: true, deadline: clock + 10_000, attempt }).catch(() => undefined);
      clock += 5_000;
      expect(policy.breakerState()).toBe('half-open');
      await expect(policy.execute({ read: false, deadline: clock + 10_000, attempt })).resolves.toBe('ok');
      expect(policy.breakerState()).toBe('closed');
    });

    it('counts 4xx-class answers as Houston being healthy', async () => {
      const policy = breakerPolicy();
      const { attempt } = scripted(houstonError('unavailable'), houstonError('not-found'), houstonError('unavailable'), houstonError('forbidden'));
      for (let i = 0; i < 4; i++) await policy.execute({ read: true, deadline: clock + 10_000, attempt }).catch(() => undefined);
      expect(policy.breakerState()).toBe('closed');
    });

    it('does not count a timeout of an attempt left with a sliver of the deadline', async () => {
      const policy = breakerPolicy();
      const { attempt } = scripted(houstonError('timeout'), houstonError('timeout'));
      for (let i = 0; i < 2; i++) await policy.execute({ read: true, deadline: clock + 100, attempt }).catch(() => undefined);
      expect(policy.breakerState()).toBe('closed');
    });

    it('answers a retry the breaker refuses with GW_UPSTREAM_CIRCUIT_OPEN, the failure kept as its cause', async () => {
      const policy = policyWith({ readRetries: 2, breakerFailures: 1 });
      const first = houstonError('bad-gateway');
      const { attempt, budgets } = scripted(first);
      const error = await policy.execute({ read: true, deadline: clock + 10_000, attempt }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'GW_UPSTREAM_CIRCUIT_OPEN', cause: first });
      expect(budgets).toHaveLength(1);
    });
  });

  describe('with a concurrency bound', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: 5_000_000 });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('keeps calls beyond the bound waiting, counted, and fails one that cannot start in time', async () => {
      const policy = createUpstreamPolicy({ timeoutMs: 1_000, maxConcurrency: 1 });
      let finish: (value: string) => void = () => undefined;
      const slow = policy.execute({ read: true, deadline: Date.now() + 1_000, attempt: () => new Promise<string>((r) => (finish = r)) });
      const waiting = policy.execute({ read: true, deadline: Date.now() + 300, attempt: async () => 'late' }).catch((e: unknown) => e);
      await flush();
      expect(policy.concurrency()).toEqual({ inFlight: 1, queued: 1, limit: 1 });
      await vi.advanceTimersByTimeAsync(300);
      expect(await waiting).toMatchObject({ code: 'GW_OVERLOADED', headers: { 'retry-after': '1' } });
      expect(policy.concurrency()).toMatchObject({ inFlight: 1, queued: 0 });
      finish('done');
      expect(await slow).toBe('done');
      expect(policy.concurrency()).toMatchObject({ inFlight: 0, queued: 0 });
    });

    it('gives the slot back while a read backs off before its retry', async () => {
      const policy = createUpstreamPolicy({ timeoutMs: 1_000, maxConcurrency: 1, readRetries: 1, retryBaseMs: 100, random: () => 0.5 });
      let calls = 0;
      const result = policy.execute({
        read: true,
        deadline: Date.now() + 1_000,
        attempt: async () => {
          calls += 1;
          if (calls === 1) throw houstonError('unavailable');
          return 'second';
        },
      });
      await flush();
      expect(policy.concurrency().inFlight).toBe(0); // backing off, holding no slot
      await vi.advanceTimersByTimeAsync(50);
      expect(await result).toBe('second');
    });
  });
});
