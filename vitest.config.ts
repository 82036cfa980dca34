import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites open real sockets and share one Redis; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
