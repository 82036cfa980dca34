// Environment → typed, validated configuration. The only module that reads process.env.
import { z } from 'zod';
import { proxyList } from './auth/auth-failures.js';
import { commandProblems, type ConfigCommand } from './config-commands.js';
import { parsedAll, parseFields } from './config-fields.js';
import { TRACING_ENV, tracingConfig, type TracingConfig } from './config-tracing.js';
import type { UpstreamPolicySettings } from './houston/policy.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Routes that OPS_ROUTES can move from the public listener to the ops listener. */
export const OPS_ROUTE_GROUPS = ['metrics', 'docs', 'admin'] as const;
export type OpsRouteGroup = (typeof OPS_ROUTE_GROUPS)[number];

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const commaList = optionalString.transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''));

/** An origin as browsers send it: scheme, host and port only, e.g. `https://portal.example.com`. */
function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `host:port,host:port`: the seed nodes of a Redis Cluster, or the Sentinels. */
const hostPortList = optionalString.pipe(
  z
    .string()
    .transform((value, context) => {
      const nodes: { host: string; port: number }[] = [];
      for (const entry of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
        // `[::1]:7000` for IPv6; otherwise the port follows the last colon.
        const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(entry);
        const port = Number(match?.[3]);
        if (!match || port < 1 || port > 65535) {
          context.addIssue({ code: 'custom', message: `"${entry}" is not host:port` });
          return z.NEVER;
        }
        nodes.push({ host: (match[1] ?? match[2]) as string, port });
      }
      if (nodes.length === 0) {
        context.addIssue({ code: 'custom', message: 'must list at least one host:port' });
        return z.NEVER;
      }
      return nodes;
    })
    .optional(),
);

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
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  CORS_ORIGINS: commaList.refine((origins) => origins.every(isExactOrigin), {
    message: 'must be comma-separated origins such as https://portal.example.com (scheme, host and port; no path, no wildcard)',
  }),
  OPS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  OPS_HOST: optionalString,
  OPS_ROUTES: optionalString.pipe(
    z
      .string()
      .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
      .pipe(z.array(z.enum(OPS_ROUTE_GROUPS, { message: `each one of ${OPS_ROUTE_GROUPS.join(', ')}` })).min(1))
      .optional(),
  ),
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
  MAX_CONNECTIONS: z.coerce.number().int().min(0).default(0),
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65_535).default(511),
  METRICS_ENABLED: z.enum(['true', 'false']).default('true'),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_CLUSTER_NODES: hostPortList,
  REDIS_SENTINELS: hostPortList,
  REDIS_SENTINEL_NAME: optionalString.pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a Sentinel master name').optional()),
  REDIS_SENTINEL_PASSWORD: optionalString,
  REDIS_USERNAME: optionalString,
  REDIS_PASSWORD: optionalString,
  REDIS_TLS: z.enum(['true', 'false']).default('false'),
  // No braces: the gateway places its own hash tags (README, "Redis key layout"), and a `{` in the
  // prefix would pin every key to one Cluster slot.
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
  // The near cache (cache/near-cache.ts) in front of Redis; 0 turns it off.
  CACHE_NEAR_MAX_MB: z.coerce.number().int().min(0).max(4096).default(16),
  CACHE_NEAR_TRUST_MS: z.coerce.number().int().min(1).max(60_000).default(1_000),
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
  ...TRACING_ENV,
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
  /** `json` (one JSON object a line, for shippers) or `pretty` (pino-pretty, for humans). @default 'json' */
  logFormat: 'json' | 'pretty';
  /** Browser origins allowed to call the API (CORS); empty: no CORS headers at all. @default [] */
  cors: { origins: string[] };
  /**
   * A second listener for operations (OPS_PORT); undefined: everything is on the public listener.
   * The route groups in `routes` answer there only (404 on the public port); probes answer on both.
   */
  ops: { port: number; host: string; routes: OpsRouteGroup[] } | undefined;
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
    /**
     * Open connections past which a new one is closed at once (0: no limit), so a load balancer
     * tries another replica instead of queueing on this one. @default 0
     */
    maxConnections: number;
    /**
     * Connections the kernel queues for the listener before refusing more: what waits there is
     * seen by no metric, log or load shedding, so a small queue under a load balancer with a short
     * connect timeout sends the overflow elsewhere. @default 511
     */
    listenBacklog: number;
  };
  /** Serve Prometheus metrics at /metrics. @default true */
  metricsEnabled: boolean;
  redis: {
    /**
     * Where Redis is: one server (REDIS_URL), a Cluster (REDIS_CLUSTER_NODES) or a primary found
     * through Sentinel (REDIS_SENTINELS). Shared by caller keys, rate limits, idempotency and the
     * cache; in-memory stand-ins without it.
     */
    topology: RedisTopology | undefined;
    /** REDIS_URL, when the topology is one server. */
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
    /** Bytes of answers the near cache in front of Redis keeps in this process; 0 turns it off. @default 16 MiB */
    nearMaxBytes: number;
    /** How long the near cache trusts a generation read from Redis should a message be lost unnoticed. @default 1000 */
    nearTrustMs: number;
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
  /** OpenTelemetry tracing (config-tracing.ts): off unless an exporter or an OTLP endpoint is set. */
  tracing: TracingConfig;
}

export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS of the data nodes of a Cluster or Sentinel topology (a URL carries its own). */
export interface RedisAuth {
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

export type RedisTopology =
  | { kind: 'server'; url: string }
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; name: string; sentinelPassword: string | undefined } & RedisAuth);

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

export interface LoadConfigOptions {
  /** Also check what this command needs (Houston, caller keys), in the same error. @default none */
  command?: ConfigCommand;
}

/**
 * Parses the environment once; throws one ConfigError naming every problem: bad variables, bad
 * combinations of the variables that parsed, and what `options.command` needs but lacks.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): GatewayConfig {
  const { data, failed, problems } = parseFields(EnvSchema.shape, env);
  // Complete once no variable failed; until then the checks below skip what failed to parse.
  const e = data as z.infer<typeof EnvSchema>;
  const redisParsed = parsedAll(failed, ...REDIS_TOPOLOGY_VARIABLES);
  const topology = redisParsed ? redisTopologyOf(e) : undefined;
  if (typeof topology === 'string') problems.push(topology);
  if (parsedAll(failed, 'OPS_PORT', 'OPS_HOST', 'OPS_ROUTES') && e.OPS_PORT === undefined && (e.OPS_HOST !== undefined || e.OPS_ROUTES !== undefined)) {
    // Without an ops listener nothing moves: say so rather than leave /admin/keys public unnoticed.
    problems.push('OPS_HOST, OPS_ROUTES: take effect only with OPS_PORT');
  }
  if (e.OPS_PORT !== undefined && e.OPS_PORT !== 0 && e.OPS_PORT === e.PORT) problems.push('OPS_PORT: must differ from PORT');
  if (options.command) problems.push(...commandProblems(options.command, e, failed));
  if (problems.length > 0 || typeof topology === 'string') throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: publicUrlOf(e.PUBLIC_URL, e.HOST, e.PORT),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    cors: { origins: e.CORS_ORIGINS },
    // The ops listener binds where the gateway does unless told otherwise (README: "Ops listener").
    ops: e.OPS_PORT === undefined ? undefined : { port: e.OPS_PORT, host: e.OPS_HOST ?? e.HOST, routes: e.OPS_ROUTES ?? ['metrics'] },
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
      maxConnections: e.MAX_CONNECTIONS,
      listenBacklog: e.LISTEN_BACKLOG,
    },
    metricsEnabled: e.METRICS_ENABLED === 'true',
    redis: { topology, url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, timeoutMs: e.REDIS_TIMEOUT_MS },
    callerKeys: { file: e.API_KEYS_FILE, secret: e.CALLER_KEY_SECRET },
    cache: {
      enabled: e.CACHE_ENABLED === 'true',
      ttlSeconds: e.CACHE_TTL_SECONDS,
      staleSeconds: e.CACHE_STALE_SECONDS,
      maxEntries: e.CACHE_MAX_ENTRIES,
      timeoutMs: e.CACHE_TIMEOUT_MS,
      nearMaxBytes: e.CACHE_NEAR_MAX_MB * 1024 * 1024,
      nearTrustMs: e.CACHE_NEAR_TRUST_MS,
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
    tracing: tracingConfig(e),
  };
}

/** The variables redisTopologyOf reads: it runs only when all of them parsed. */
const REDIS_TOPOLOGY_VARIABLES = [
  'REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS',
];

/** One Redis topology from the variables, or the reason the combination is refused. */
function redisTopologyOf(e: z.infer<typeof EnvSchema>): RedisTopology | undefined | string {
  const chosen = [e.REDIS_URL && 'REDIS_URL', e.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES', e.REDIS_SENTINELS && 'REDIS_SENTINELS'].filter(Boolean);
  if (chosen.length > 1) return `${chosen.join(', ')}: set only one of them (one server, a Cluster, or Sentinel)`;
  const auth: RedisAuth = { username: e.REDIS_USERNAME, password: e.REDIS_PASSWORD, tls: e.REDIS_TLS === 'true' };
  if (e.REDIS_URL) {
    if (auth.username || auth.password || auth.tls) {
      return 'REDIS_USERNAME, REDIS_PASSWORD, REDIS_TLS: with REDIS_URL, put them in the URL (rediss://user:password@host:port)';
    }
    return { kind: 'server', url: e.REDIS_URL };
  }
  if (e.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES, ...auth };
  if (e.REDIS_SENTINELS) {
    if (!e.REDIS_SENTINEL_NAME) return 'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the name the Sentinels monitor the primary under)';
    return { kind: 'sentinel', sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, sentinelPassword: e.REDIS_SENTINEL_PASSWORD, ...auth };
  }
  if (e.REDIS_SENTINEL_NAME || e.REDIS_SENTINEL_PASSWORD) return 'REDIS_SENTINEL_NAME, REDIS_SENTINEL_PASSWORD: only used with REDIS_SENTINELS';
  if (auth.username || auth.password || auth.tls) return 'REDIS_USERNAME, REDIS_PASSWORD, REDIS_TLS: only used with REDIS_CLUSTER_NODES or REDIS_SENTINELS';
  return undefined;
}
