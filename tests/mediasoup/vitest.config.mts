import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * mediasoup's own Node test suite, which its npm package ships as compiled Jest tests
 * (node_modules/mediasoup/node/lib/tests/test-*.js), run with Vitest in Jest-compatible globals
 * mode, plus this folder's check of which libsrtp2 the worker loaded. The worker under test is
 * MEDIASOUP_WORKER_BIN; tests/mediasoup/run.sh runs this once per worker the project builds.
 * Vitest rather than Jest: the project already runs everything on Vitest, and the suite needs no
 * more than its globals plus `jest.fn` (jestGlobals.ts), so Jest's ~300 packages are not added.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['node_modules/mediasoup/node/lib/tests/test-*.js', 'tests/mediasoup/*.test.ts'],
    // The default exclude drops everything under node_modules, where the suite lives.
    exclude: [],
    globals: true,
    setupFiles: ['tests/mediasoup/jestGlobals.ts'],
    // Files one at a time, like the rest of the project's tests: two cores, real workers and ports.
    fileParallelism: false,
    // Jest's default is 5 s; some slack for a busy two-core machine. Tests that set their own keep it.
    testTimeout: 10_000,
    hookTimeout: 10_000,
    reporters: ['default', './tests/support/summaryReporter.ts'],
  },
});
