// One line when the gateway listens, saying how it runs: where it listens, which Houston (and
// which line of it, once known), which stores, whether the cache and limits are on, the CORS
// origins and the ops listener. It is built from settings that are never secret, and URLs lose
// their user, password and query on the way (a Houston or Redis URL may carry credentials).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import packageJson from '../../package.json' with { type: 'json' };
import type { GatewayConfig } from '../config.js';
import { describeTopology } from '../redis.js';

export interface StartupSummaryOptions {
  config: GatewayConfig;
  /** Where caller keys live: the configured store, or one the caller built (the sandbox's, tests'). */
  callerKeyStore: 'redis' | 'file' | 'provided';
}

/** A URL without the parts that may carry a secret: user, password, query and fragment. */
export function credentialFreeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return '[unparsable]';
  }
}

function urlOf(address: AddressInfo | string): string {
  if (typeof address === 'string') return address; // a pipe or socket path
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** The summary line's fields. */
export function startupSummary(app: FastifyInstance, { config, callerKeyStore }: StartupSummaryOptions): Record<string, unknown> {
  const ops = app.opsServer?.address() as AddressInfo | null | undefined;
  const selection = app.houston.lastSelection();
  const shared = app.redis ? 'redis' : 'memory';
  return {
    version: packageJson.version,
    listen: app.addresses().map(urlOf),
    ops: ops && config.ops ? { listen: urlOf(ops), routes: config.ops.routes } : null,
    houston: {
      url: config.houston.url ? credentialFreeUrl(config.houston.url) : null,
      // Learned in the background; when not yet, the "Houston schema learned" line follows.
      line: selection ? { version: selection.version, detectedBy: selection.source } : 'not detected yet',
    },
    stores: {
      redis: config.redis.topology && app.redis ? describeTopology(config.redis.topology) : null,
      callerKeys: callerKeyStore,
      cache: app.cache.store,
      rateLimits: shared,
      idempotency: shared,
    },
    cache: config.cache.enabled ? { ttlSeconds: config.cache.ttlSeconds, staleSeconds: config.cache.staleSeconds } : 'off',
    limits: {
      rateLimit: { max: config.rateLimit.max, windowSeconds: config.rateLimit.windowSeconds },
      authFailures: { limit: config.authFailures.limit, windowSeconds: config.authFailures.windowSeconds },
      bodyLimitBytes: config.bodyLimitBytes,
      houstonTimeoutMs: config.houston.policy.timeoutMs,
    },
    metrics: !config.metricsEnabled ? 'off' : config.ops?.routes.includes('metrics') ? 'ops listener' : 'public listener',
    cors: { origins: config.cors.origins },
    log: { level: config.logLevel, format: config.logFormat },
  };
}

async function startupSummaryPlugin(app: FastifyInstance, options: StartupSummaryOptions) {
  app.addHook('onListen', async () => {
    app.log.info({ startup: startupSummary(app, options) }, 'houston-gateway started');
  });
}

export default fp(startupSummaryPlugin, { name: 'startup-summary', fastify: '5.x', dependencies: ['houston', 'cache', 'redis', 'ops-listener'] });
