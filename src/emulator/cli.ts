// `houston-gateway emulator`: the emulator alone. Its options come from config.ts (EMULATOR_*).
import type { EmulatorOptions, HoustonEmulator } from './api.js';
import { createEmulator } from './index.js';

export function emulatorBanner(emulator: HoustonEmulator): string {
  const lines = [
    `Houston emulator (Houston ${emulator.houstonVersion}, line ${emulator.line.label}) listening on ${emulator.url}`,
    `  admin key (SYSTEM_ADMIN, development only): ${emulator.adminKey}`,
    ...(emulator.demo
      ? [`  demo: workspace ${emulator.demo.workspaceId}, user ${emulator.demo.userEmail} / ${emulator.demo.userPassword}`]
      : []),
    ...(emulator.clusters.length > 0 ? [`  clusters: ${emulator.clusters.map((c) => `${c.name} ${c.id}`).join(', ')}`] : []),
    `  try: curl -s ${emulator.url} -H 'content-type: application/json' -H 'authorization: ${emulator.adminKey}' \\`,
    `         -d '{"query":"{ appConfig { version baseDomain } sysWorkspaces { id label } }"}'`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runEmulatorCli(options: EmulatorOptions): Promise<HoustonEmulator> {
  const emulator = await createEmulator(options);
  process.stdout.write(emulatorBanner(emulator));
  return emulator;
}
