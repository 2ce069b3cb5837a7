import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, TEAM } from '../channels/slack/slack-fixtures.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { deliverUntilAccepted, inParallel, numberedScript, numberIn, slackMerchant, telegramMerchant } from '../support/merchant-traffic.ts';
import { ledgerWhen, settled } from '../support/pipeline-ledger.ts';
import { slackEnv, telegramEnv } from '../support/platform-drivers.ts';
import { serviceUrls } from '../support/services.ts';

const CHATS_PER_PLATFORM = 50;
const PER_CHAT = 20;
const EVENTS = 2 * CHATS_PER_PLATFORM * PER_CHAT; // 2,000

/** A deterministic shuffle (Fisher–Yates over a linear congruential sequence), so a failure replays the same way. */
function shuffled<T>(items: readonly T[], seed = 12_345): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// 100 chats (50 Telegram, 50 Slack) × 20 numbered messages, all 2,000 webhooks in a shuffled order
// with 200 in flight: a chat's messages race each other into the bot. Whatever order the bot stored
// them in, each chat must receive the replies in that same order (each reply names its message's number).
describe.runIf(serviceUrls.database && serviceUrls.redis)('100 chats × 20 messages at once', () => {
  let t: TestApp;
  let slack: FakeSlackApi;
  let telegram: FakeTelegramApi;
  beforeAll(async () => {
    [slack, telegram] = await Promise.all([FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM }), startFakeTelegramApi()]);
    t = await startTestApp({ mode: 'services', env: { ...slackEnv(slack), ...telegramEnv(telegram), INBOUND_SWEEP_MS: '1000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([slack?.close(), telegram?.close()]);
  });

  it('delivers every chat its replies in the order its messages were stored: 0 out of order', async () => {
    const chats = [
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => telegramMerchant(i, numberedScript(PER_CHAT))),
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => slackMerchant(i, numberedScript(PER_CHAT))),
    ];
    await inParallel(shuffled(chats.flat()), 200, async (d) => void (await deliverUntilAccepted(d, () => t.url)));
    const ledger = await ledgerWhen(t.app.sql, settled(EVENTS), 300_000);
    expect({ events: ledger.events, unprocessed: ledger.unprocessed, undelivered: ledger.undelivered, dead: ledger.dead }).toEqual({ events: EVENTS, unprocessed: 0, undelivered: 0, dead: 0 });

    // The order the bot stored each chat's messages in.
    const { rows } = await t.app.sql.query<{ chat: string; text: string }>(
      `SELECT c.platform::text || ':' || c."externalChatId" AS chat, e.text FROM "InboundEvent" e JOIN "Chat" c ON c.id = e."chatId" WHERE c.kind = 'merchant' ORDER BY e.id`,
    );
    const stored = new Map<string, number[]>();
    for (const row of rows) stored.set(row.chat, [...(stored.get(row.chat) ?? []), numberIn(row.text) ?? -1]);
    // The order each chat received the replies in, on the platform.
    const received = new Map<string, number[]>();
    const add = (chat: string, text: unknown) => received.set(chat, [...(received.get(chat) ?? []), numberIn(String(text)) ?? -1]);
    for (const call of telegram.callsTo('sendMessage')) if (call.status === 200) add(`telegram:${String(call.params.chat_id)}`, call.params.text);
    for (const call of slack.callsOf('chat.postMessage')) if (call.status === 200) add(`slack:${String(call.args.channel)}`, call.args.text);

    expect(stored.size).toBe(2 * CHATS_PER_PLATFORM);
    let racedChats = 0;
    const outOfOrder: string[] = [];
    for (const [chat, order] of stored) {
      // Each chat holds its 20 numbers once (nothing lost, nothing doubled)...
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: PER_CHAT }, (_, i) => i + 1));
      if (order.some((n, i) => i > 0 && n < order[i - 1]!)) racedChats += 1;
      // ...and was answered in exactly the order it was stored.
      if (JSON.stringify(received.get(chat)) !== JSON.stringify(order)) outOfOrder.push(chat);
    }
    expect(outOfOrder).toEqual([]);
    // The load did race: in most chats the bot stored the messages in another order than they were numbered.
    expect(racedChats).toBeGreaterThan(CHATS_PER_PLATFORM);
  }, 480_000);
});
