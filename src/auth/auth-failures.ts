// Failed authentications counted per client address (AUTH_FAILURE_LIMIT per
// AUTH_FAILURE_WINDOW_SECONDS): once an address is over the limit, its requests to scoped routes are
// refused 429 before any key is hashed or looked up — whether they carry a key or not. With Redis
// every gateway instance shares one count per address (fixed window, keys expire with it); without
// it each instance counts alone in a bounded map. A successful authentication does not reset the
// count. A failing Redis lets requests through rather than refusing them all.
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { RedisClient } from '../redis.js';
import { redisLayout } from '../redis-layout.js';

export interface AuthFailureOptions {
  /** Failed authentications allowed per window from one client address. */
  limit: number;
  windowSeconds: number;
  /** IPs and CIDRs of proxies whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
}

export interface AuthFailureLimiter {
  /** Seconds until the address may try again, or 0 when it is not blocked. */
  blockedFor(address: string): Promise<number>;
  recordFailure(address: string): Promise<void>;
}

/** Addresses the in-memory limiter remembers at most; the oldest window is dropped first. */
export const MEMORY_MAX_ADDRESSES = 10_000;

/** `::ffff:10.0.0.1` → `10.0.0.1`, so an IPv4 list matches IPv4 peers on a dual-stack socket. */
function plainAddress(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/** A BlockList of `1.2.3.4`, `10.0.0.0/8`, `::1`, `fd00::/8`; throws on anything else. */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) throw new Error(`not an IP address or CIDR: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`not an IP address or CIDR: ${entry}`);
    list.addSubnet(address, bits, type);
  }
  return list;
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy — then the right-most
 * X-Forwarded-For entry that is not a trusted proxy (the left-most when all are). X-Forwarded-For
 * from an untrusted peer is ignored.
 */
export function clientAddressOf(trusted: BlockList | null): (request: FastifyRequest) => string {
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted !== null && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
  return (request) => {
    const peer = plainAddress(request.socket.remoteAddress ?? '');
    if (!isTrusted(peer)) return peer;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map(plainAddress)
      .filter((hop) => hop !== '');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      client = hops[i]!;
      if (!isTrusted(client)) break;
    }
    return client;
  };
}

function redisLimiter(redis: RedisClient, keyPrefix: string, options: AuthFailureOptions): AuthFailureLimiter {
  const keyOf = redisLayout(keyPrefix).authFailures;
  const windowMs = options.windowSeconds * 1000;
  return {
    async blockedFor(address) {
      // The count alone on every request; the window's end only for an address over the limit.
      const count = await redis.get(keyOf(address));
      if (count === null || Number(count) < options.limit) return 0;
      const ttl = await redis.pttl(keyOf(address));
      return Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
    },
    async recordFailure(address) {
      // The window starts with the first failure; later ones do not extend it.
      await redis.multi().incr(keyOf(address)).pexpire(keyOf(address), windowMs, 'NX').exec();
    },
  };
}

function memoryLimiter(options: AuthFailureOptions): AuthFailureLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const current = (address: string) => {
    const window = windows.get(address);
    if (window && window.endsAt <= Date.now()) {
      windows.delete(address);
      return undefined;
    }
    return window;
  };
  return {
    async blockedFor(address) {
      const window = current(address);
      if (!window || window.count < options.limit) return 0;
      return Math.max(1, Math.ceil((window.endsAt - Date.now()) / 1000));
    },
    async recordFailure(address) {
      const window = current(address);
      if (window) {
        window.count += 1;
        return;
      }
      // Bounded: the oldest entry (Map keeps insertion order) goes when the map is full.
      if (windows.size >= MEMORY_MAX_ADDRESSES) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      windows.set(address, { count: 1, endsAt: Date.now() + options.windowSeconds * 1000 });
    },
  };
}

export function createAuthFailureLimiter(redis: RedisClient | null, keyPrefix: string, options: AuthFailureOptions): AuthFailureLimiter {
  return redis ? redisLimiter(redis, keyPrefix, options) : memoryLimiter(options);
}
