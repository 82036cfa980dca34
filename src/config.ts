// Environment → typed, validated configuration. The only module that reads process.env.
import { z } from 'zod';

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
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HOUSTON_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  HOUSTON_API_KEY: optionalString,
  HOUSTON_CREDENTIALS_FILE: optionalString,
  HOUSTON_TIMEOUT_MS: positiveInt(10_000),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  API_KEYS_FILE: optionalString,
  SANDBOX_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,}$/, 'must be 24 or more URL-safe characters (A-Z a-z 0-9 _ -)')
      .optional(),
  ),
  EMULATOR_PORT: port(8871),
  EMULATOR_ADMIN_KEY: optionalString,
  EMULATOR_DEMO: z.enum(['true', 'false']).default('true'),
  EMULATOR_PLATFORM_VERSION: optionalString,
  EMULATOR_BASE_DOMAIN: optionalString,
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
});

export interface GatewayConfig {
  /** @default 8080 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** @default 'info' */
  logLevel: (typeof LOG_LEVELS)[number];
  houston: {
    /** Houston's GraphQL endpoint; required by `start`, filled in by the sandbox. */
    url: string | undefined;
    /** The `default` Houston credential (a service-account key). Never logged. */
    apiKey: string | undefined;
    credentialsFile: string | undefined;
    /** @default 10000 */
    timeoutMs: number;
  };
  redisUrl: string | undefined;
  apiKeysFile: string | undefined;
  sandboxApiKey: string | undefined;
  emulator: {
    /** @default 8871 */
    port: number;
    adminKey: string | undefined;
    /** Seed the demo workspace when the emulator runs on its own. @default true */
    seedDemo: boolean;
    /** What the emulator reports as Houston's version. @default '0.35.3' */
    platformVersion: string | undefined;
    baseDomain: string | undefined;
  };
  /** @default 1048576 */
  bodyLimitBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
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
    logLevel: e.LOG_LEVEL,
    houston: {
      url: e.HOUSTON_URL,
      apiKey: e.HOUSTON_API_KEY,
      credentialsFile: e.HOUSTON_CREDENTIALS_FILE,
      timeoutMs: e.HOUSTON_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL,
    apiKeysFile: e.API_KEYS_FILE,
    sandboxApiKey: e.SANDBOX_API_KEY,
    emulator: {
      port: e.EMULATOR_PORT,
      adminKey: e.EMULATOR_ADMIN_KEY,
      seedDemo: e.EMULATOR_DEMO === 'true',
      platformVersion: e.EMULATOR_PLATFORM_VERSION,
      baseDomain: e.EMULATOR_BASE_DOMAIN,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
  };
}
