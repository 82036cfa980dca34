// `houston-gateway emulator`: the emulator alone, configured from the environment it is handed
// (the only place in src/emulator that looks at environment variables).
import type { HoustonEmulator } from './api.js';
import { createEmulator } from './index.js';

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 8871;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`EMULATOR_PORT must be a port number, got "${value}"`);
  return parsed;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export async function runEmulatorCli(env: Record<string, string | undefined>): Promise<HoustonEmulator> {
  const emulator = await createEmulator({
    port: port(env.EMULATOR_PORT),
    host: env.HOST || '127.0.0.1',
    ...(env.EMULATOR_ADMIN_KEY ? { adminKey: env.EMULATOR_ADMIN_KEY } : {}),
    ...(env.EMULATOR_PLATFORM_VERSION ? { platformVersion: env.EMULATOR_PLATFORM_VERSION } : {}),
    ...(env.EMULATOR_BASE_DOMAIN ? { baseDomain: env.EMULATOR_BASE_DOMAIN } : {}),
    seedDemo: flag(env.EMULATOR_DEMO, true),
    logger: flag(env.EMULATOR_LOG, true),
  });
  const lines = [
    `Houston emulator listening on ${emulator.url}`,
    `  admin key (SYSTEM_ADMIN, development only): ${emulator.adminKey}`,
    ...(emulator.demo
      ? [`  demo: workspace ${emulator.demo.workspaceId}, user ${emulator.demo.userEmail} / ${emulator.demo.userPassword}`]
      : []),
    `  try: curl -s ${emulator.url} -H 'content-type: application/json' -H 'authorization: ${emulator.adminKey}' \\`,
    `         -d '{"query":"{ appConfig { version baseDomain } sysWorkspaces { id label } }"}'`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = (): void => {
    process.off('SIGINT', shutdown);
    process.off('SIGTERM', shutdown);
    void emulator.close();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return emulator;
}
