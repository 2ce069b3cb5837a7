import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, TEAM } from '../channels/slack/slack-fixtures.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { startDisposablePostgres, type DisposablePostgres } from '../support/disposable-postgres.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { deliverUntilAccepted, inParallel, numberedScript, numberIn, slackMerchant, slackPosts, telegramMerchant, telegramPosts } from '../support/merchant-traffic.ts';
import { extraPosts, ledgerWhen, settled } from '../support/pipeline-ledger.ts';
import { slackEnv, telegramEnv } from '../support/platform-drivers.ts';
import { createRedisPrefix, serviceUrls } from '../support/services.ts';

const CHATS_PER_PLATFORM = 20;
const PER_CHAT = 3;

// PostgreSQL crashes (SIGQUIT to a disposable server) while merchants write on Telegram and Slack.
// The webhooks must answer 503 (the platform keeps the update and redelivers it), and each
// redelivery once the database is back must be processed exactly once, even when it comes twice.
describe.runIf(serviceUrls.redis)('the database unreachable under webhook traffic', () => {
  let db: DisposablePostgres;
  let redis: Awaited<ReturnType<typeof createRedisPrefix>>;
  let slack: FakeSlackApi;
  let telegram: FakeTelegramApi;
  let t: TestApp;
  beforeAll(async () => {
    [db, redis, slack, telegram] = await Promise.all([startDisposablePostgres(), createRedisPrefix(serviceUrls.redis!), FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM }), startFakeTelegramApi()]);
    t = await startTestApp({
      mode: 'embedded',
      env: { DATABASE_URL: db.url, REDIS_URL: serviceUrls.redis!, QUEUE_PREFIX: redis.prefix, INBOUND_SWEEP_MS: '1000', ...slackEnv(slack), ...telegramEnv(telegram) },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([slack?.close(), telegram?.close(), redis?.cleanup()]);
    await db?.stop();
  });

  it('answers 503 while it is down, then processes each redelivery exactly once', async () => {
    const chats = [
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => telegramMerchant(i, numberedScript(PER_CHAT))),
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => slackMerchant(i, numberedScript(PER_CHAT))),
    ];
    const firsts = chats.map((steps) => steps[0]!);
    const seconds = chats.map((steps) => steps[1]!);
    const thirds = chats.map((steps) => steps[2]!);
    // Before: every chat's first message is accepted.
    await inParallel(firsts, 20, async (d) => void (await deliverUntilAccepted(d, () => t.url)));

    await db.kill();
    const during = await Promise.all(seconds.map((d) => d.post(t.url)));
    expect(during).toEqual(seconds.map(() => 503));

    await db.start();
    // The platforms redeliver what was refused, each update twice (a redelivery racing a retry), and the chats go on.
    await inParallel(seconds, 20, async (d) => {
      await deliverUntilAccepted(d, () => t.url);
      expect(await d.post(t.url)).toBe(200);
    });
    await inParallel(thirds, 20, async (d) => void (await deliverUntilAccepted(d, () => t.url)));

    const events = chats.length * PER_CHAT;
    const ledger = await ledgerWhen(t.app.sql, settled(events), 90_000);
    expect({ events: ledger.events, unprocessed: ledger.unprocessed, withoutReplies: ledger.withoutReplies, undelivered: ledger.undelivered, dead: ledger.dead })
      .toEqual({ events, unprocessed: 0, withoutReplies: 0, undelivered: 0, dead: 0 });
    expect(extraPosts('telegram', telegramPosts(telegram), ledger)).toEqual(new Map());
    expect(extraPosts('slack', slackPosts(slack), ledger)).toEqual(new Map());
    // Each merchant got one answer to each of their three messages, in order.
    const answered = new Map<string, number[]>();
    const add = (chat: string, text: unknown) => answered.set(chat, [...(answered.get(chat) ?? []), numberIn(String(text)) ?? -1]);
    for (const call of telegram.callsTo('sendMessage')) if (call.status === 200) add(String(call.params.chat_id), call.params.text);
    for (const call of slack.callsOf('chat.postMessage')) if (call.status === 200) add(String(call.args.channel), call.args.text);
    for (const steps of chats) expect([steps[0]!.chat, answered.get(steps[0]!.chat)]).toEqual([steps[0]!.chat, [1, 2, 3]]);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  }, 180_000);
});
