import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDueReports, REPORT_SCHEDULER_ID } from '../../src/followups/report-schedule.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest, serviceUrls } from '../support/services.ts';

describe.each(modesUnderTest())('manager reports on a BullMQ job scheduler (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode, env: { SUMMARY_TIME: '09:30' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('one scheduler runs the reports every day at SUMMARY_TIME in the business zone, however often it is upserted', async () => {
    await expect.poll(() => t.app.followups.queue.getJobScheduler(REPORT_SCHEDULER_ID), { timeout: 10_000 }).toMatchObject({ pattern: '30 9 * * *', tz: 'Asia/Shanghai' });
    await t.restart();
    await expect.poll(async () => (await t.app.followups.queue.getJobSchedulers()).length, { timeout: 10_000 }).toBe(1);
  });

  it('the scheduler firing in several processes at once (or a catch-up after downtime) posts one summary per manager desk', async () => {
    const deps = { cases: { prisma: t.app.prisma, calendar: t.app.calendar.current, timeZone: t.config.businessTimeZone }, config: t.config.followups, log: createLogger('silent') };
    // A working Tuesday, 10:00 in Shanghai: the day's summary and that week's quality evaluation are due.
    const now = new Date('2026-11-24T02:00:00Z');
    await Promise.all([postDueReports(deps, now), postDueReports(deps, now), postDueReports(deps, now)]);
    const desks = await t.app.prisma.chat.count({ where: { kind: 'manager' } });
    expect(desks).toBeGreaterThan(0);
    expect(await t.app.prisma.summaryPost.count({ where: { day: '2026-11-24', kind: 'daily' } })).toBe(desks);
    expect(await t.app.prisma.summaryPost.count({ where: { day: '2026-11-23', kind: 'quality' } })).toBe(desks);
    // A Saturday that is not a working day: no summary.
    await postDueReports(deps, new Date('2026-11-28T02:00:00Z'));
    expect(await t.app.prisma.summaryPost.count({ where: { day: '2026-11-28' } })).toBe(0);
  });
});

// Two bot processes on one database and one queue: the scheduler's job and both start-up catch-ups
// may run at once; each manager desk still gets one summary for the day.
describe.runIf(serviceUrls.database && serviceUrls.redis)('two processes on one database and queue', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ mode: 'services' });
    second = await startTestApp({ mode: 'services', sharing: first });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('posts one daily summary per manager desk, whichever process runs it and however often', async () => {
    const depsOf = (t: TestApp) => ({ cases: { prisma: t.app.prisma, calendar: t.app.calendar.current, timeZone: t.config.businessTimeZone }, config: t.config.followups, log: createLogger('silent') });
    const now = new Date('2026-11-25T03:00:00Z');
    await Promise.all([first, second, first, second].map((t) => postDueReports(depsOf(t), now)));
    const desks = await first.app.prisma.chat.count({ where: { kind: 'manager' } });
    expect(desks).toBeGreaterThan(0);
    expect(await first.app.prisma.summaryPost.count({ where: { day: '2026-11-25', kind: 'daily' } })).toBe(desks);
    const messages = await first.app.prisma.outboundMessage.count({ where: { chat: { kind: 'manager' }, text: { contains: '2026-11-25' } } });
    expect(messages).toBe(desks);
    // Both processes upserted the one scheduler.
    expect(await first.app.followups.queue.getJobSchedulers()).toHaveLength(1);
  });
});
