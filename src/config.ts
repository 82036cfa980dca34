// Environment → typed, validated configuration. The only module that reads process.env.
import { z } from 'zod';
import { proxyList } from './auth/auth-failures.js';
import type { UpstreamPolicySettings } from './houston/policy.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  PORT: port(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  // A base URL: it may carry a path (a proxy's prefix) but no query or fragment.
  PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((url) => !/[?#]/.test(url), 'must be an http(s) URL without a query or fragment')
      .optional(),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HOUSTON_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  HOUSTON_API_KEY: optionalString,
  HOUSTON_CREDENTIALS_FILE: optionalString,
  HOUSTON_TIMEOUT_MS: positiveInt(10_000),
  HOUSTON_READ_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  HOUSTON_RETRY_BASE_MS: positiveInt(100),
  HOUSTON_BREAKER_FAILURES: positiveInt(5),
  HOUSTON_BREAKER_COOLDOWN_SECONDS: positiveInt(10),
  HOUSTON_MAX_CONCURRENCY: positiveInt(64),
  HOUSTON_DEFAULT_CLUSTER_ID: optionalString,
  HOUSTON_SCHEMA_REFRESH_SECONDS: positiveInt(300),
  IDEMPOTENCY_TTL_SECONDS: positiveInt(86_400),
  IDEMPOTENCY_LOCK_MARGIN_MS: positiveInt(5_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  PRESSURE_MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
  METRICS_ENABLED: z.enum(['true', 'false']).default('true'),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 : _ . -')
    .default('hgw:'),
  REDIS_TIMEOUT_MS: positiveInt(1_000),
  API_KEYS_FILE: optionalString,
  CALLER_KEY_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  CACHE_ENABLED: z.enum(['true', 'false']).default('true'),
  CACHE_TTL_SECONDS: positiveInt(30),
  CACHE_STALE_SECONDS: z.coerce.number().int().min(0).default(300),
  CACHE_MAX_ENTRIES: positiveInt(10_000),
  CACHE_TIMEOUT_MS: positiveInt(250),
  RATE_LIMIT_MAX: positiveInt(600),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  AUTH_FAILURE_LIMIT: positiveInt(20),
  AUTH_FAILURE_WINDOW_SECONDS: positiveInt(60),
  TRUSTED_PROXIES: optionalString
    .transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .superRefine((entries, context) => {
      try {
        proxyList(entries);
      } catch (error) {
        context.addIssue({ code: 'custom', message: `must be a comma-separated list of IP addresses and CIDRs (${(error as Error).message})` });
      }
    }),
  SANDBOX_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,}$/, 'must be 24 or more URL-safe characters (A-Z a-z 0-9 _ -)')
      .optional(),
  ),
  EMULATOR_PORT: port(8871),
  EMULATOR_ADMIN_KEY: optionalString,
  EMULATOR_DEMO: z.enum(['true', 'false']).default('true'),
  EMULATOR_HOUSTON_VERSION: optionalString.pipe(
    z.string().regex(/^v?\d+(\.\d+){0,2}([-+].*)?$/, 'a Houston version such as 2.1.0 or 0.37.7').optional(),
  ),
  EMULATOR_INTROSPECTION: z.enum(['true', 'false']).default('true'),
  EMULATOR_BASE_DOMAIN: optionalString,
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  LOGS_HEARTBEAT_SECONDS: positiveInt(15),
  LOGS_STREAM_MAX_SECONDS: positiveInt(3_600),
});

/** Every environment variable the gateway reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface GatewayConfig {
  /** @default 8080 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /**
   * The gateway's absolute base URL as callers reach it (the OpenAPI document's server, so generated
   * clients and Swagger UI's "Try it out" get an absolute base URL).
   * @default http://<HOST>:<PORT> (a wildcard HOST as localhost)
   */
  publicUrl: string;
  /** @default 'info' */
  logLevel: (typeof LOG_LEVELS)[number];
  houston: {
    /** Houston's GraphQL endpoint; required by `start`, filled in by the sandbox. */
    url: string | undefined;
    /** The `default` Houston credential (a service-account key). Never logged. */
    apiKey: string | undefined;
    credentialsFile: string | undefined;
    /** Timeout, read retries, circuit breaker and concurrency bound of Houston calls. */
    policy: UpstreamPolicySettings;
    /** The cluster of a new deployment that names none (Houston 1.0 and later). */
    defaultClusterId: string | undefined;
    /** How often the gateway reads Houston's schema again. @default 300 */
    schemaRefreshSeconds: number;
  };
  idempotency: {
    /** How long a write's outcome is kept for replay under its Idempotency-Key. @default 86400 */
    ttlSeconds: number;
    /**
     * Added to HOUSTON_TIMEOUT_MS to make the lock on a running keyed write. After an attempt whose
     * outcome is unknown (Houston timed out, the instance died) the key stays locked this long past
     * Houston's timeout, so Houston has finished before a retry looks for what it did. @default 5000
     */
    lockMarginMs: number;
  };
  lifecycle: {
    /** In-flight requests get this long to finish on SIGTERM/SIGINT. @default 10000 */
    shutdownTimeoutMs: number;
    /** Event-loop delay above which requests are shed with 503 (0: off). @default 1000 */
    maxEventLoopDelayMs: number;
    /** Heap use above which requests are shed with 503 (0: off). @default 0 */
    maxHeapUsedBytes: number;
  };
  /** Serve Prometheus metrics at /metrics. @default true */
  metricsEnabled: boolean;
  redis: {
    /** Shared by caller keys, rate limits and the cache; in-memory stand-ins without it. */
    url: string | undefined;
    /** Every Redis key the gateway writes starts with this. @default 'hgw:' */
    keyPrefix: string;
    /** A Redis command slower than this fails instead of holding the request. @default 1000 */
    timeoutMs: number;
  };
  callerKeys: {
    /** JSON file of caller-key hashes, used when there is no Redis. */
    file: string | undefined;
    /** Server secret keying the hash of every caller key. Never logged. */
    secret: string | undefined;
  };
  cache: {
    /** @default true */
    enabled: boolean;
    /** Freshness of a cached read, for routes without their own. @default 30 */
    ttlSeconds: number;
    /** How long past freshness an entry may still be served when Houston fails. @default 300 */
    staleSeconds: number;
    /** Entries kept by the in-memory store (without Redis). @default 10000 */
    maxEntries: number;
    /** A cache read or write slower than this is skipped. @default 250 */
    timeoutMs: number;
  };
  rateLimit: {
    /** Requests per window for a caller key without its own limit. @default 600 */
    max: number;
    /** @default 60 */
    windowSeconds: number;
  };
  authFailures: {
    /** Failed authentications per window from one client address before it is refused 429. @default 20 */
    limit: number;
    /** @default 60 */
    windowSeconds: number;
    /** Proxies (IPs, CIDRs) whose X-Forwarded-For names the client. @default none */
    trustedProxies: string[];
  };
  sandboxApiKey: string | undefined;
  emulator: {
    /** @default 8871 */
    port: number;
    adminKey: string | undefined;
    /** Seed the demo workspace when the emulator runs on its own. @default true */
    seedDemo: boolean;
    /** The Houston line the emulator plays and reports. @default the newest line */
    houstonVersion: string | undefined;
    /** Answer introspection queries. @default true */
    introspection: boolean;
    baseDomain: string | undefined;
  };
  /** @default 1048576 */
  bodyLimitBytes: number;
  /** The live variant (text/event-stream) of GET /deployments/{id}/logs. */
  logs: {
    /** A comment is sent on a log stream this often, so proxies and clients keep it open. @default 15 */
    heartbeatSeconds: number;
    /** A log stream ends (`event: end`) after this long; the caller reconnects. @default 3600 */
    streamMaxSeconds: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * PUBLIC_URL without a trailing slash, else the listen address: a wildcard HOST (every interface)
 * is no address a client can call, so it becomes localhost; an IPv6 literal gets its brackets.
 */
function publicUrlOf(publicUrl: string | undefined, host: string, port: number): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Parses the environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Values are never echoed: a bad variable may hold a secret.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: publicUrlOf(e.PUBLIC_URL, e.HOST, e.PORT),
    logLevel: e.LOG_LEVEL,
    houston: {
      url: e.HOUSTON_URL,
      apiKey: e.HOUSTON_API_KEY,
      credentialsFile: e.HOUSTON_CREDENTIALS_FILE,
      policy: {
        timeoutMs: e.HOUSTON_TIMEOUT_MS,
        readRetries: e.HOUSTON_READ_RETRIES,
        retryBaseMs: e.HOUSTON_RETRY_BASE_MS,
        breakerFailures: e.HOUSTON_BREAKER_FAILURES,
        breakerCooldownSeconds: e.HOUSTON_BREAKER_COOLDOWN_SECONDS,
        maxConcurrency: e.HOUSTON_MAX_CONCURRENCY,
      },
      defaultClusterId: e.HOUSTON_DEFAULT_CLUSTER_ID,
      schemaRefreshSeconds: e.HOUSTON_SCHEMA_REFRESH_SECONDS,
    },
    idempotency: { ttlSeconds: e.IDEMPOTENCY_TTL_SECONDS, lockMarginMs: e.IDEMPOTENCY_LOCK_MARGIN_MS },
    lifecycle: {
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: e.PRESSURE_MAX_HEAP_USED_BYTES,
    },
    metricsEnabled: e.METRICS_ENABLED === 'true',
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, timeoutMs: e.REDIS_TIMEOUT_MS },
    callerKeys: { file: e.API_KEYS_FILE, secret: e.CALLER_KEY_SECRET },
    cache: {
      enabled: e.CACHE_ENABLED === 'true',
      ttlSeconds: e.CACHE_TTL_SECONDS,
      staleSeconds: e.CACHE_STALE_SECONDS,
      maxEntries: e.CACHE_MAX_ENTRIES,
      timeoutMs: e.CACHE_TIMEOUT_MS,
    },
    rateLimit: { max: e.RATE_LIMIT_MAX, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    authFailures: {
      limit: e.AUTH_FAILURE_LIMIT,
      windowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS,
      trustedProxies: e.TRUSTED_PROXIES,
    },
    sandboxApiKey: e.SANDBOX_API_KEY,
    emulator: {
      port: e.EMULATOR_PORT,
      adminKey: e.EMULATOR_ADMIN_KEY,
      seedDemo: e.EMULATOR_DEMO === 'true',
      houstonVersion: e.EMULATOR_HOUSTON_VERSION,
      introspection: e.EMULATOR_INTROSPECTION === 'true',
      baseDomain: e.EMULATOR_BASE_DOMAIN,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    logs: { heartbeatSeconds: e.LOGS_HEARTBEAT_SECONDS, streamMaxSeconds: e.LOGS_STREAM_MAX_SECONDS },
  };
}
