// The deadline of one Houston attempt (src/houston/attempt-deadline.ts): what AbortSignal.timeout()
// gave the transport — an abort with a TimeoutError when the budget runs out — without its
// per-call WeakRef, FinalizationRegistry and EventTarget, and with its timer gone once settled.
import { describe, expect, it } from 'vitest';
import { attemptDeadline } from '../../src/houston/attempt-deadline.js';
import { toHoustonError } from '../../src/houston/errors.js';

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe.each([true, false])('attemptDeadline (lightweight: %s)', (lightweight) => {
  it('aborts once with a TimeoutError when the budget runs out, which maps to a Houston timeout', async () => {
    const { signal } = attemptDeadline(5, { lightweight });
    let heard = 0;
    const aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => {
        heard += 1;
        resolve();
      }, { once: true }),
    );
    expect(signal.aborted).toBe(false);
    await aborted;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect(toHoustonError(signal.reason, 'GetWorkspace').kind).toBe('timeout');
    expect(heard).toBe(1);
  });

  it('leaves no timer armed once cleared, and never aborts then', async () => {
    const before = timers();
    const deadline = attemptDeadline(10, { lightweight });
    expect(timers()).toBe(before + 1);
    deadline.clear();
    expect(timers()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.signal.aborted).toBe(false);
  });

  it('does not call a listener removed before the abort', async () => {
    const { signal } = attemptDeadline(5, { lightweight });
    let heard = false;
    const listener = () => (heard = true);
    signal.addEventListener('abort', listener);
    signal.removeEventListener('abort', listener);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(signal.aborted).toBe(true);
    expect(heard).toBe(false);
  });
});
