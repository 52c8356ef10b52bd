import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the whole repository: unit tests beside the code (`*.test.ts` in shared,
 * server and client) and integration / end-to-end tests in tests/. Files run one at a time: the
 * integration tests start real mediasoup workers and Chromium, and the machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['{shared,server,client}/src/**/*.test.ts', 'tests/{integration,e2e}/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/support/summaryReporter.ts'],
  },
});
