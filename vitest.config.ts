import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/support/closingLineReporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new ClosingLineReporter()],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration suites start worker processes; two cores are all there is.
    fileParallelism: false,
  },
});
