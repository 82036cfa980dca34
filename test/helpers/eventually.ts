import { vi } from 'vitest';

type WaitOptions = { timeout?: number; interval?: number };

/**
 * vi.waitFor with a bound a loaded CI machine meets. vi.waitFor's own default (1 s) is shorter than
 * a log flush or a Redis reply can take when every test file shares two busy cores, and a missed
 * bound fails the test however right the code is. A test that bounds a promise of the gateway (a
 * revoked key refused within 1.5 s, say) still gives its own timeout, which is kept.
 */
export function eventually<T>(callback: () => T | Promise<T>, options: WaitOptions | number = {}): Promise<T> {
  const given = typeof options === 'number' ? { timeout: options } : options;
  return vi.waitFor(callback, { timeout: 10_000, interval: 50, ...given });
}
