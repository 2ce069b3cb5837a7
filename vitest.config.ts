import { defineConfig } from 'vitest/config';

/**
 * CI runs `npm test` twice: on its real PostgreSQL and Redis (every file), then on the embedded
 * default with TEST_SCOPE=backend: only the files whose behaviour depends on which database and
 * queue backend run (the app end to end, queues, follow-ups, the store, HTTP, the spawned CLI and
 * process, the browser). The other files (domain, conversation, cases...) run the same SQL on
 * either database and are not run a second time. A plain `npm test` runs every file.
 */
const BACKEND_DEPENDENT = [
  'test/integration/**/*.test.ts',
  'test/followups/**/*.test.ts',
  'test/queues/**/*.test.ts',
  'test/store/**/*.test.ts',
  'test/http/**/*.test.ts',
  'test/**/*.browser.test.ts',
  'test/**/*-cli.test.ts',
];

export default defineConfig({
  test: {
    include: process.env.TEST_SCOPE === 'backend' ? BACKEND_DEPENDENT : ['test/**/*.test.ts'],
    // Migrations against the schema: checked once, on the real PostgreSQL of the services pass.
    exclude: process.env.TEST_SCOPE === 'backend' ? ['test/store/schema-drift.test.ts', 'node_modules/**'] : ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: integration files each start their own database/queue; two at a time is what this size of machine sustains.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
