import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { REPORT_SCHEDULER_ID } from '../../src/followups/report-schedule.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { startDisposableRedis, type DisposableRedis } from '../support/disposable-redis.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { deliverUntilAccepted, driveChats, exchangeScript, numberedScript, numberIn, telegramMerchant, telegramPosts, telegramTexts } from '../support/merchant-traffic.ts';
import { extraPosts, ledgerWhen, settled } from '../support/pipeline-ledger.ts';
import { telegramEnv } from '../support/platform-drivers.ts';
import { serviceUrls } from '../support/services.ts';

const CHATS = 60;
const EVENTS = CHATS * exchangeScript(0).length; // 300, plus a probe

// A disposable redis-server (no persistence) is killed in the middle of 300 Telegram updates from 60
// merchants opening cases, and started again empty: every queued job, delayed SLA timer and the report
// schedule are gone. The bot must serve again within 30 s and lose nothing: what it stored is
// processed and answered once, and the timers of every open deadline are back in the queue.
describe.runIf(serviceUrls.database)('Redis restarted mid-run', () => {
  let redis: DisposableRedis;
  let telegram: FakeTelegramApi;
  let t: TestApp;
  beforeAll(async () => {
    [redis, telegram] = await Promise.all([startDisposableRedis(), startFakeTelegramApi()]);
    t = await startTestApp({ mode: 'services', redisUrl: redis.url, env: { ...telegramEnv(telegram), INBOUND_SWEEP_MS: '1000', FOLLOWUP_SWEEP_MS: '5000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([telegram?.close(), redis?.stop()]);
  });

  it('recovers within 30 s, answers every message once and re-arms the timers', async () => {
    const chats = Array.from({ length: CHATS }, (_, i) => telegramMerchant(i, exchangeScript(i)));
    // The platform redelivers what was refused (503 while Redis is down) until it is accepted.
    const traffic = driveChats(chats, () => t.url, 25);
    await ledgerWhen(t.app.sql, (l) => l.events >= EVENTS / 3, 60_000);
    await redis.kill();
    await new Promise((r) => setTimeout(r, 2_000));
    await redis.start();

    // Recovery: ready again, and replies reach Telegram again (the backlog of a third of the run is drained first-in first-out).
    const restarted = Date.now();
    const sentBefore = telegram.calls.length;
    let readyMs: number | undefined;
    let replyingMs: number | undefined;
    for (const until = restarted + 30_000; Date.now() < until && replyingMs === undefined; await new Promise((r) => setTimeout(r, 100))) {
      if (readyMs === undefined && (await fetch(`${t.url}/readyz`)).status === 200) readyMs = Date.now() - restarted;
      if (telegram.calls.slice(sentBefore).some((c) => c.method === 'sendMessage' && c.status === 200)) replyingMs = Date.now() - restarted;
    }
    expect(readyMs).toBeDefined();
    expect(replyingMs).toBeDefined();
    // A merchant who writes now is answered, after the backlog.
    const [probe] = telegramMerchant(CHATS, numberedScript(1));
    await deliverUntilAccepted(probe!, () => t.url);

    await traffic;
    const ledger = await ledgerWhen(t.app.sql, settled(EVENTS + 1), 240_000);
    expect({ events: ledger.events, unprocessed: ledger.unprocessed, withoutReplies: ledger.withoutReplies, undelivered: ledger.undelivered, dead: ledger.dead })
      .toEqual({ events: EVENTS + 1, unprocessed: 0, withoutReplies: 0, undelivered: 0, dead: 0 });
    expect(ledger.casesPerChat.size).toBe(CHATS);
    expect([...ledger.casesPerChat.values()].every((n) => n === 1)).toBe(true);
    expect(extraPosts('telegram', telegramPosts(telegram), ledger)).toEqual(new Map());

    // Timers: every running deadline has its breach timer in the new Redis, and the daily report schedule is back.
    const queue = t.app.followups.queue;
    const running = await t.app.prisma.caseDeadline.findMany({ where: { metAt: null, cancelledAt: null, breachedAt: null }, select: { id: true, dueAt: true } });
    expect(running.length).toBe(CHATS);
    const missing = async () => {
      const states = await Promise.all(running.map(async (d) => ({ id: d.id, state: await queue.getJobState(slaTimerJobId(d.id, 'breach', d.dueAt)) })));
      return states.filter((s) => s.state !== 'delayed' && s.state !== 'waiting');
    };
    for (const until = Date.now() + 30_000; Date.now() < until && (await missing()).length > 0; ) await new Promise((r) => setTimeout(r, 500));
    expect(await missing()).toEqual([]);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(REPORT_SCHEDULER_ID);
    expect(telegramTexts(telegram, probe!.chat).map(numberIn)).toEqual([1]);
    console.info(`Redis restart: ready ${readyMs} ms and replying ${replyingMs} ms after Redis was back`);
  }, 420_000);
});
