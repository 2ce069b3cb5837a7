import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { startDisposableRedis, type DisposableRedis } from '../support/disposable-redis.ts';
import { serviceUrls } from '../support/services.ts';
import { qualityDraft } from '../cases/case-fixtures.ts';

// A Redis without persistence restarted mid-run comes back empty: every delayed timer is gone from
// it. The bot sees the new server (its run id) and re-arms the timers from the deadlines in the
// database, so the breach still fires, once.
describe.runIf(serviceUrls.database)('SLA timers across a Redis restart', () => {
  let redis: DisposableRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await startDisposableRedis();
    t = await startTestApp({ mode: 'services', redisUrl: redis.url, env: { FOLLOWUP_SWEEP_MS: '500' } });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  });

  it('loses no timer: the jobs are re-armed from the database and the breach fires once', async () => {
    await t.send('restart-1', '你好');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'restart-1' } });
    const opened = await t.app.cases.openCase({ chatId: chat.id, merchantId: chat.merchantId!, lang: 'zh-CN', draft: qualityDraft, at: new Date() });
    const deadline = await t.app.prisma.caseDeadline.findFirstOrThrow({ where: { case: { number: opened.number } } });
    // The deadline falls due 4 s from now (an operator closure moved it), and its timers follow.
    const dueAt = new Date(Date.now() + 4_000);
    await t.app.prisma.caseDeadline.update({ where: { id: deadline.id }, data: { dueAt } });
    await t.app.followups.reconcile();
    expect(await t.app.followups.queue.getJob(slaTimerJobId(deadline.id, 'breach', dueAt))).toBeDefined();

    await redis.kill();
    await redis.start();
    // The new, empty server is detected and the timers are re-armed from the database.
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt, { timeout: 30_000, interval: 250 }).not.toBeNull();
    expect(await t.app.prisma.caseEvent.count({ where: { caseId: deadline.caseId, kind: 'deadline_breached' } })).toBe(1);
  });
});
