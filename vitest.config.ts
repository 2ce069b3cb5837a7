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
  'test/security/**/*.test.ts',
  'test/followups/**/*.test.ts',
  'test/queues/**/*.test.ts',
  'test/store/**/*.test.ts',
  'test/http/**/*.test.ts',
  'test/**/*.browser.test.ts',
  'test/**/*-cli.test.ts',
  'test/fuzz/http.test.ts',
];

/**
 * Checked once, in the services pass: migrations against the schema (on the real PostgreSQL), and the
 * Slack and Telegram flows end to end, whose subject is the channel and the desk (the queue and
 * database under them are the same code the console's integration files run in both passes), as is
 * who may act on and see a case on those desks (test/security/desk-access).
 */
const ONCE_ON_SERVICES = [
  'test/store/schema-drift.test.ts',
  'test/integration/telegram-flow.test.ts',
  'test/integration/slack-flow.test.ts',
  'test/integration/platform-case-flows.test.ts',
  'test/integration/platform-handoff-complaint.test.ts',
  'test/security/desk-access.test.ts',
  // Their subject is the HTTP gates, the desk and the conversation, not the queue or the database under them.
  'test/security/request-gates.test.ts',
  'test/security/bad-requests.test.ts',
  'test/security/console-access.test.ts',
  'test/security/console-attachments.test.ts',
  'test/integration/case-thread.test.ts',
  'test/integration/satisfaction-survey.test.ts',
  'test/integration/console-consult.test.ts',
  'test/integration/consult-retry.test.ts',
  'test/integration/calendar-import-live.test.ts',
  'test/integration/photo-captions.test.ts',
  'test/integration/assignee-sla-dm.test.ts',
  'test/integration/desk-console.test.ts',
  'test/integration/console-uploads.test.ts',
  'test/followups/report-commands.test.ts',
  'test/store/staff-add-race.test.ts',
];

/**
 * The chaos suite (kill -9, Redis and PostgreSQL outages, replays at scale): part of `npm test` (its
 * files need PostgreSQL and Redis, embedded-stall aside; about 150 s on 2 cores), also `npm run test:chaos`
 * alone. Not in the embedded pass: its subject is the real services.
 */
export const CHAOS = 'test/chaos/**';

/** What both configurations share (vitest.chaos.config.ts runs the chaos suite with these). */
export const SHARED = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks',
  // Two cores: integration files each start their own database/queue; two at a time is what this size of machine sustains.
  maxWorkers: 2,
  fileParallelism: true,
} as const;

export default defineConfig({
  test: {
    include: process.env.TEST_SCOPE === 'backend' ? BACKEND_DEPENDENT : ['test/**/*.test.ts'],
    exclude: process.env.TEST_SCOPE === 'backend' ? [...ONCE_ON_SERVICES, CHAOS, 'node_modules/**'] : ['node_modules/**'],
    ...SHARED,
  },
});
