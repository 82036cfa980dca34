#!/usr/bin/env node
// CLI entry: `houston-gateway start | sandbox | emulator | keys`. Only wiring lives here.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadHoustonCredentials } from './houston/credentials.js';
import { openCallerKeys } from './auth/open-caller-keys.js';
import { KEYS_USAGE, runKeysCommand, UsageError } from './cli/keys.js';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import { closeRedis, connectRedis, describeTopology, redisReady } from './redis.js';
import { runEmulatorCli } from './emulator/cli.js';
import { sandboxBanner, startSandbox } from './sandbox.js';

const USAGE = `usage: houston-gateway <command>

commands:
  start      run the gateway against Houston (HOUSTON_URL, a Houston credential, CALLER_KEY_SECRET
             and REDIS_URL or API_KEYS_FILE required)
  sandbox    run the gateway with an embedded Houston emulator and print a caller key
  emulator   run the Houston emulator alone
  keys       create, list or revoke caller keys (run houston-gateway keys for details)
`;

// On SIGTERM/SIGINT: stop accepting (new requests get 503), let in-flight requests finish within
// the deadline, then close Redis and exit; a second signal or the deadline forces the exit.
function onShutdown(close: () => Promise<void>, delay = 10_000) {
  closeWithGrace({ delay }, async ({ err }) => {
    if (err) process.stderr.write(`shutting down after an error: ${err.message}\n`);
    await close();
  });
}

async function start(config: GatewayConfig) {
  const problems = [];
  if (!config.houston.url) problems.push('HOUSTON_URL: required by `start`');
  if (!config.houston.apiKey && !config.houston.credentialsFile) {
    problems.push('HOUSTON_API_KEY or HOUSTON_CREDENTIALS_FILE: `start` needs at least one Houston credential');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host, backlog: config.lifecycle.listenBacklog });
  onShutdown(() => app.close(), config.lifecycle.shutdownTimeoutMs);
}

async function keys(config: GatewayConfig, argv: string[]) {
  const { topology } = config.redis;
  const redis = topology ? connectRedis({ ...config.redis, topology }) : null;
  try {
    if (redis && !(await redisReady(redis, Math.max(config.redis.timeoutMs, 2_000)))) {
      throw new Error(`Redis (${describeTopology(topology!)}) does not answer; caller keys cannot be managed without it`);
    }
    // Credential names are checked when the credentials are configured here too.
    const configured = config.houston.apiKey !== undefined || config.houston.credentialsFile !== undefined;
    const credentials = configured
      ? await loadHoustonCredentials({ apiKey: config.houston.apiKey, file: config.houston.credentialsFile })
      : undefined;
    const callerKeys = await openCallerKeys(config, { redis, ...(credentials ? { credentials } : {}) });
    await runKeysCommand(callerKeys, argv, { out: (text) => process.stdout.write(text) });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${KEYS_USAGE}`);
    process.exitCode = 2;
  } finally {
    if (redis) await closeRedis(redis);
  }
}

async function sandbox(config: GatewayConfig) {
  const running = await startSandbox(config);
  process.stdout.write(sandboxBanner(running));
  onShutdown(() => running.close());
}

async function emulator(config: GatewayConfig) {
  const { port, adminKey, seedDemo, houstonVersion, introspection, baseDomain } = config.emulator;
  const running = await runEmulatorCli({
    port,
    host: config.host,
    seedDemo,
    logger: config.logLevel !== 'silent',
    ...(adminKey ? { adminKey } : {}),
    ...(houstonVersion ? { houstonVersion } : {}),
    introspection,
    ...(baseDomain ? { baseDomain } : {}),
  });
  onShutdown(() => running.close());
}

const COMMANDS: Record<string, (config: GatewayConfig, argv: string[]) => Promise<void>> = { start, sandbox, emulator, keys };

async function main(argv: string[]) {
  const command = argv[0];
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(USAGE);
    process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    return;
  }
  await run(loadConfig(), argv.slice(1));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
