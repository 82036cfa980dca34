// Real gateway processes for multi-instance tests: `node --import tsx src/main.ts start`, as the
// keys CLI test runs the CLI, several at once on loopback, sharing one Redis (one key prefix, one
// CALLER_KEY_SECRET) and one Houston. Each process picks its own port (PORT=0) and the harness
// learns it from pino's "Server listening at …" line. Every child is stopped by closeAll(); should
// the test worker die first (vitest ends a worker with SIGTERM, and no 'exit' handler runs then), a
// watchdog loaded into each child notices it was orphaned and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import { createCallerKeys, type CallerKeys, type NewCallerKey } from '../../src/auth/caller-keys.js';
import { createRedisKeyStore } from '../../src/auth/key-stores/redis.js';
import type { Scope } from '../../src/auth/scopes.js';
import { deleteKeysUnder } from './redis-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The gateway's own variables (src/config.ts): they must come from the test, never the shell. */
const GATEWAY_VARIABLE =
  /^(PORT|HOST|LOG_LEVEL|LOG_FORMAT|CORS_ORIGINS|OPS_.*|HOUSTON_.*|REDIS_.*|CACHE_.*|RATE_LIMIT_.*|IDEMPOTENCY_.*|SHUTDOWN_.*|PRESSURE_.*|METRICS_ENABLED|API_KEYS_FILE|CALLER_KEY_SECRET|SANDBOX_.*|EMULATOR_.*|BODY_LIMIT_BYTES)$/;
const LISTENING = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/;
/** tsx compiles src on start; three at once on two cores take a few seconds. */
const LISTEN_TIMEOUT_MS = 15_000;
/** SIGTERM lets a process close gracefully (SHUTDOWN_TIMEOUT_MS below); past this it is killed. */
const STOP_GRACE_MS = 4_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One pino line as JSON (levels by name); lines that are not JSON are kept as `{ msg: line }`. */
export type LogLine = { level?: string; msg?: string } & Record<string, unknown>;

/** Whether a line was logged at error level or above. */
export const isErrorLine = (line: LogLine) => line.level === 'error' || line.level === 'fatal';

export interface GatewayProcess {
  /** 'A', 'B', 'C', …: for messages and test names. */
  readonly name: string;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly pid: number;
  /** Lines the process wrote so far (pino JSON on stdout; stderr should stay quiet). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** Settles when the process has exited, however. */
  readonly exited: Promise<ExitStatus>;
  /** How it exited, or null while it runs. */
  exitStatus(): ExitStatus | null;
  /** stdout parsed as JSON log lines. */
  logs(): LogLine[];
  /** A supertest client aimed at this process. */
  http(): supertest.Agent;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

export interface GatewayProcessesOptions {
  /** @default 3 */
  count?: number;
  houstonUrl: string;
  houstonApiKey: string;
  redisUrl: string;
  /** Further variables, e.g. RATE_LIMIT_MAX; they win over the defaults here. */
  env?: Record<string, string>;
}

export interface GatewayProcesses {
  readonly processes: readonly GatewayProcess[];
  /** The environment every process got (same prefix and secret for all). */
  readonly env: Readonly<Record<string, string>>;
  readonly redisKeyPrefix: string;
  /**
   * Creates a caller key with these scopes in the shared Redis store, the way the server and the
   * CLI do (the credential is not checked here). Returns the key and its id.
   */
  keyWith(scopes: Scope[], fields?: Omit<NewCallerKey, 'name' | 'scopes'>): Promise<{ id: string; key: string }>;
  /** Every process's stderr and last `tail` stdout lines, labelled, to print when a test fails. */
  output(tail?: number): string;
  /** Stops every process (SIGKILL past the grace), closes the Redis client, drops the key prefix. */
  closeAll(options?: { dropPrefix?: boolean }): Promise<void>;
}

/**
 * Loaded into each child before the gateway: when its parent (this test worker) is gone, the child
 * has been re-parented, and it shuts itself down the way an operator would, with SIGTERM. An
 * unref'd timer, so it never keeps a process alive by itself.
 */
const ORPHAN_WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM'); }, 250).unref();",
)}`;

/** Children alive in this worker, killed at its exit should a file's afterAll never run. */
const alive = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of alive) child.kill('SIGKILL');
  });
}

function childEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!GATEWAY_VARIABLE.test(name)) inherited[name] = value;
  return { ...inherited, ...own };
}

function spawnGateway(name: string, env: Record<string, string>): Promise<GatewayProcess> {
  installExitHook();
  const child = spawn(process.execPath, ['--import', ORPHAN_WATCHDOG, '--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  let status: ExitStatus | null = null;
  // 'close', not 'exit': it comes once stdout and stderr are drained, so no last line is missed.
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      alive.delete(child);
      status = { code, signal };
      resolve(status);
    });
  });
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);

  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (onListening = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    try {
      const match = LISTENING.exec(String((JSON.parse(line) as LogLine).msg ?? ''));
      if (match) onListening(match[1]!);
    } catch {
      // Not a pino line: kept as it is.
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));

  const describeOutput = () => `stderr:\n${stderr.join('\n') || '(empty)'}\nstdout:\n${stdout.slice(-20).join('\n') || '(empty)'}`;
  let timer: NodeJS.Timeout | undefined;
  const failure = Promise.race([
    spawnFailed,
    exited.then((how) => {
      throw new Error(`gateway ${name} exited (${how.signal ?? `code ${how.code}`}) before listening\n${describeOutput()}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`gateway ${name} did not listen within ${LISTEN_TIMEOUT_MS} ms\n${describeOutput()}`)), LISTEN_TIMEOUT_MS);
    }),
  ]);
  // Once the process listens, its later exit must not surface as an unhandled rejection.
  failure.catch(() => undefined);

  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (status === null) child.kill(signal);
  };
  const stop = async (graceMs = STOP_GRACE_MS): Promise<ExitStatus> => {
    if (status !== null) return status;
    kill('SIGTERM');
    const forced = setTimeout(() => kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(forced);
    }
  };

  return Promise.race([listening, failure])
    .then((url): GatewayProcess => ({
      name,
      url,
      pid: child.pid!,
      stdout,
      stderr,
      exited,
      exitStatus: () => status,
      logs: () =>
        stdout.map((line) => {
          try {
            return JSON.parse(line) as LogLine;
          } catch {
            return { msg: line };
          }
        }),
      http: () => supertest.agent(url),
      kill,
      stop,
    }))
    .catch(async (error: unknown) => {
      kill('SIGKILL');
      await exited;
      throw error;
    })
    .finally(() => clearTimeout(timer));
}

/** Deletes every key under `prefix`; best effort, bounded in time (Redis may be gone by now). */
async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await deleteKeysUnder(redis, prefix);
  } catch {
    // Leftovers under a random prefix harm nobody.
  } finally {
    redis.disconnect();
  }
}

let keyCounter = 0;

/**
 * Starts `count` gateway processes in parallel, all with one Redis key prefix and one caller-key
 * secret, and resolves once every one listens. If one fails to start, all are killed and the
 * error carries its stderr.
 */
export async function startGatewayProcesses(options: GatewayProcessesOptions): Promise<GatewayProcesses> {
  const count = options.count ?? 3;
  const redisKeyPrefix = `hgw-test-mp-${randomBytes(6).toString('hex')}:`;
  const secret = randomBytes(32).toString('base64url');
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    // info: the "Server listening" line tells the port; the lines after it help a failing test.
    LOG_LEVEL: 'info',
    HOUSTON_URL: options.houstonUrl,
    HOUSTON_API_KEY: options.houstonApiKey,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    CALLER_KEY_SECRET: secret,
    // Tests that fail Houston on purpose expect each failure as it is; the breaker's tests lower it.
    HOUSTON_BREAKER_FAILURES: '1000',
    // Several processes and the test worker share two cores: load shedding is not under test
    // here, and a slow moment must not turn a request into a 503.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...options.env,
  };

  const started = await Promise.allSettled(Array.from({ length: count }, (_, index) => spawnGateway(String.fromCharCode(65 + index), env)));
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(processes.map((gateway) => gateway.stop(0)));
    throw failed.reason;
  }
  // /readyz learns the Houston schema when it is not yet known: done before any test fault.
  await Promise.all(processes.map((gateway) => fetch(`${gateway.url}/readyz`).then((res) => res.arrayBuffer())));

  // The test's own connection to the shared store, for caller keys. It must not throw while a
  // test has taken Redis away, so errors are only swallowed here (commands still fail).
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 1_000 });
  redis.on('error', () => {});
  const keys: CallerKeys = createCallerKeys({ store: createRedisKeyStore(redis, redisKeyPrefix), secret });

  return {
    processes,
    env,
    redisKeyPrefix,
    async keyWith(scopes, fields = {}) {
      keyCounter += 1;
      const { key, record } = await keys.create({ name: `multi-process key ${keyCounter}`, scopes: [...scopes], ...fields });
      return { id: record.id, key };
    },
    output: (tail = 40) =>
      processes
        .map((gateway) => `--- gateway ${gateway.name} (pid ${gateway.pid}) ---\nstderr:\n${gateway.stderr.join('\n')}\nstdout (last ${tail} lines):\n${gateway.stdout.slice(-tail).join('\n')}`)
        .join('\n'),
    async closeAll({ dropPrefix: drop = true } = {}) {
      await Promise.all(processes.map((gateway) => gateway.stop()));
      redis.disconnect();
      if (drop) await dropPrefix(options.redisUrl, redisKeyPrefix);
    },
  };
}

/** Sends a supertest request now, timing it. */
export async function timed<T>(request: PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const started = performance.now();
  const res = await request;
  return { res, ms: performance.now() - started };
}
