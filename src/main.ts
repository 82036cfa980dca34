#!/usr/bin/env node
// CLI entry: `houston-gateway start | sandbox | emulator | keys | check-config`. Only wiring lives
// here: the command line is read by cli/args.ts, the environment by config*.ts.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { CredentialsError, loadHoustonCredentials } from './houston/credentials.js';
import { openCallerKeys } from './auth/open-caller-keys.js';
import { parseCommandLine } from './cli/args.js';
import { checkConfig } from './cli/check-config.js';
import { KEYS_USAGE, runKeysCommand, UsageError } from './cli/keys.js';
import { VERSION, type CommandName } from './cli/usage.js';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import type { ConfigCommand } from './config-commands.js';
import { loadEnvFile, type LoadedEnvFile } from './config-env-file.js';
import { closeRedis, connectRedis, describeTopology, redisReady } from './redis.js';
import { runEmulatorCli } from './emulator/cli.js';
import { sandboxBanner, startSandbox } from './sandbox.js';

// On SIGTERM/SIGINT: stop accepting (new requests get 503), let in-flight requests finish within
// the deadline, then close Redis and exit; a second signal or the deadline forces the exit.
function onShutdown(close: () => Promise<void>, delay = 10_000) {
  closeWithGrace({ delay }, async ({ err }) => {
    if (err) process.stderr.write(`shutting down after an error: ${err.message}\n`);
    await close();
  });
}

// loadConfig has checked what `start` needs (COMMAND_REQUIREMENTS) with everything else.
async function start(config: GatewayConfig) {
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

interface Invocation {
  args: string[];
  envFile: LoadedEnvFile | null;
  connect: boolean;
}

async function checkConfigCommand(config: GatewayConfig, { envFile, connect }: Invocation) {
  process.stdout.write(await checkConfig(config, envFile, { connect }));
}

const COMMANDS: Record<CommandName, (config: GatewayConfig, invocation: Invocation) => Promise<void>> = {
  start,
  sandbox,
  emulator,
  keys: (config, { args }) => keys(config, args),
  'check-config': checkConfigCommand,
};

/** What loadConfig checks beyond valid variables, per command (check-config checks for start). */
const COMMAND_REQUIREMENTS: Partial<Record<CommandName, ConfigCommand>> = { start: 'start', 'check-config': 'start', keys: 'keys' };

/**
 * loadConfig; when it fails for a command that reads HOUSTON_CREDENTIALS_FILE, the file's own
 * problems join the same message, so an operator fixes everything in one round, not two.
 */
async function loadConfigNamingEveryProblem(requirement: ConfigCommand | undefined): Promise<GatewayConfig> {
  try {
    return loadConfig(undefined, requirement ? { command: requirement } : {});
  } catch (error) {
    const file = process.env.HOUSTON_CREDENTIALS_FILE;
    if (!(error instanceof ConfigError) || !requirement || !file) throw error;
    // The file alone: HOUSTON_API_KEY's problems, if any, are in the configuration's list already.
    const fileProblems = await loadHoustonCredentials({ apiKey: undefined, file }).then(
      () => [],
      (failure: unknown) => (failure instanceof CredentialsError ? failure.problems : []),
    );
    throw fileProblems.length > 0 ? new ConfigError([...error.problems, ...fileProblems]) : error;
  }
}

async function main(argv: string[]) {
  const line = parseCommandLine(argv);
  if (line.action === 'help') {
    process.stdout.write(line.text);
    return;
  }
  if (line.action === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (line.action === 'usage-error') {
    process.stderr.write(`${line.message}\n\n${line.usage}`);
    process.exitCode = 2;
    return;
  }
  const envFile = loadEnvFile({ path: line.envFile });
  const requirement = COMMAND_REQUIREMENTS[line.command];
  const config = await loadConfigNamingEveryProblem(requirement);
  await COMMANDS[line.command](config, { args: line.args, envFile, connect: line.connect });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
