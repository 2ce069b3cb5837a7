import { defineConfig } from 'vitest/config';
import { CHAOS, SHARED } from './vitest.config.ts';

/**
 * `npm run test:chaos`: faults at scale against real processes and servers (see README, Chaos tests).
 * Same settings as vitest.config.ts; only the chaos files. Most of it needs DATABASE_URL and REDIS_URL.
 */
export default defineConfig({
  test: {
    include: [`${CHAOS}/*.test.ts`],
    exclude: ['node_modules/**'],
    ...SHARED,
  },
});
