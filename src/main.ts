#!/usr/bin/env node
// CLI entry: `houston-gateway start | sandbox | emulator`. Only wiring lives here.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { createStaticKeyStore } from './auth/caller.js';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import { runEmulatorCli } from './emulator/cli.js';
import { sandboxBanner, startSandbox } from './sandbox.js';

const USAGE = `usage: houston-gateway <command>

commands:
  start      run the gateway against Houston (HOUSTON_URL and HOUSTON_API_KEY required)
  sandbox    run the gateway with an embedded Houston emulator and print a caller key
  emulator   run the Houston emulator alone
`;

function onShutdown(close: () => Promise<void>) {
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) process.stderr.write(`shutting down after an error: ${err.message}\n`);
    await close();
  });
}

async function start(config: GatewayConfig) {
  if (!config.houston.url || !config.houston.apiKey) {
    throw new ConfigError(['HOUSTON_URL and HOUSTON_API_KEY are required by `start`']);
  }
  // Caller keys arrive with the key store; until then only the sandbox issues keys.
  const app = await buildApp(config, { callerKeys: createStaticKeyStore([]) });
  await app.listen({ port: config.port, host: config.host });
  onShutdown(() => app.close());
}

async function sandbox(config: GatewayConfig) {
  const running = await startSandbox(config);
  process.stdout.write(sandboxBanner(running));
  onShutdown(() => running.close());
}

async function emulator(config: GatewayConfig) {
  const { port, adminKey, seedDemo, platformVersion, baseDomain } = config.emulator;
  const running = await runEmulatorCli({
    port,
    host: config.host,
    seedDemo,
    logger: config.logLevel !== 'silent',
    ...(adminKey ? { adminKey } : {}),
    ...(platformVersion ? { platformVersion } : {}),
    ...(baseDomain ? { baseDomain } : {}),
  });
  onShutdown(() => running.close());
}

const COMMANDS: Record<string, (config: GatewayConfig) => Promise<void>> = { start, sandbox, emulator };

async function main(argv: string[]) {
  const command = argv[0];
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(USAGE);
    process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    return;
  }
  await run(loadConfig());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
