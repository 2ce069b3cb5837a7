import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: integration files each start their own database/queue; two at a time is what this size of machine sustains.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
