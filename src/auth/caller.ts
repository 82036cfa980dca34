// Who is calling: what the routes see of the caller key a request presented.
import type { Scope } from './scopes.js';

export interface RateLimit {
  /** Requests allowed per window. */
  max: number;
  windowSeconds: number;
}

export interface Caller {
  /** The caller key's id (not secret; safe for logs and audit lines). */
  id: string;
  name: string;
  scopes: readonly Scope[];
  /** Workspaces this key may act on; null means every workspace its Houston credential reaches. */
  workspaces: readonly string[] | null;
  /** Name of the Houston credential the key acts through. */
  credential: string;
  /** This key's own rate limit; null means the gateway default. */
  rateLimit: RateLimit | null;
}
