import { defineConfig } from 'vitest/config';

/**
 * The Houston releases the line matrix runs on: the four support lines customers run (0.37, 1.1,
 * 2.0, 2.1), the first of 1.0, and older lines still met in the field (VERSIONS.md §1).
 */
export const MATRIX_VERSIONS = ['0.25.0', '0.28.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1', '2.1.0'];
/** The line every other suite runs on. */
const DEFAULT_VERSION = '0.37.7';

/** The gateway suites whose routes differ, or may, between Houston lines: run on every line. */
const MATRIX_SUITES = [
  'test/integration/gateway/platform-and-health.test.ts',
  'test/integration/gateway/workspaces.test.ts',
  'test/integration/gateway/deployments.test.ts',
  'test/integration/gateway/environment-variables.test.ts',
  'test/integration/gateway/workspace-users.test.ts',
  'test/integration/gateway/deployment-users.test.ts',
  'test/integration/gateway/service-accounts.test.ts',
  'test/integration/gateway/clusters.test.ts',
  'test/integration/gateway/runtime-and-image.test.ts',
  'test/integration/gateway/paging.test.ts',
  'test/integration/gateway/deployment-logs.test.ts',
  'test/integration/gateway/deployment-settings.test.ts',
  'test/integration/gateway/teams.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites open real sockets and share one Redis; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], provide: { houstonVersion: DEFAULT_VERSION } } },
      ...MATRIX_VERSIONS.filter((version) => version !== DEFAULT_VERSION).map((version) => ({
        extends: true as const,
        test: { name: `houston-${version}`, include: MATRIX_SUITES, provide: { houstonVersion: version } },
      })),
    ],
  },
});
