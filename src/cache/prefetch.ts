// The pure pieces of the cache read begun in onRequest (plugin.ts, prefetcher): what a route's
// schemas make of the raw params and query, and whether the validated request still has the same.
import type { CacheRead } from './store.js';

export interface Prefetched {
  key: string;
  tags: readonly string[];
  /** The params and query the key was made of (what the route's schemas made of the raw ones). */
  params: unknown;
  query: unknown;
  /** The plugin's debt count when the read was issued. */
  debtsIncurred: number;
  /** Answered at once by the near cache, or on its way from the store. */
  read: CacheRead | Promise<CacheRead | null>;
}

export const INVALID = Symbol('invalid');

/** Whether two params or query objects hold the same values (primitives, or arrays of them). */
export function sameFlat(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const left = Object.keys(a);
  if (left.length !== Object.keys(b).length) return false;
  return left.every((name) => {
    const x = (a as Record<string, unknown>)[name];
    const y = (b as Record<string, unknown>)[name];
    if (x === y) return true;
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((item, i) => item === y[i]);
  });
}

/** What a route's zod schema makes of a request part (as its validation will), or INVALID. */
export function parsedOr(schema: unknown, value: unknown): unknown {
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== 'function') return value;
  const result = (schema as { safeParse: (input: unknown) => { success: boolean; data?: unknown } }).safeParse(value);
  return result.success ? result.data : INVALID;
}
