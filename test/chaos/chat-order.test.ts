import { describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app-harness.ts';
import { useBothPlatformsBot } from '../support/chaos-bot.ts';
import type { FakeSlackApi } from '../support/fake-slack-api.ts';
import type { FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { deliverUntilAccepted, driveChats, inParallel, numberedScript, numberIn, slackMerchant, telegramMerchant } from '../support/merchant-traffic.ts';
import { ledgerWhen, settled } from '../support/pipeline-ledger.ts';
import { serviceUrls } from '../support/services.ts';

const CHATS_PER_PLATFORM = 50;
const PER_CHAT = 20;
const EVENTS = 2 * CHATS_PER_PLATFORM * PER_CHAT; // 2,000

// 100 chats (50 Telegram, 50 Slack) × 20 numbered messages, all chats at once: each chat sends its next
// message as soon as the last was acknowledged (a platform delivers one chat's updates in order), so 100
// are in flight at any time and a chat's messages pile up unprocessed behind each other. Each chat must
// receive the replies in the order it sent the messages (each reply names its message's number).
describe.runIf(serviceUrls.database && serviceUrls.redis)('100 chats × 20 messages at once', () => {
  const bot = useBothPlatformsBot();

  it('delivers every chat its replies in the order its messages were stored: 0 out of order', async () => {
    const chats = [
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => telegramMerchant(i, numberedScript(PER_CHAT))),
      ...Array.from({ length: CHATS_PER_PLATFORM }, (_, i) => slackMerchant(i, numberedScript(PER_CHAT))),
    ];
    await driveChats(chats, () => bot.t.url, chats.length);
    const ledger = await ledgerWhen(bot.t.app.sql, settled(EVENTS), 300_000);
    expect({ events: ledger.events, unprocessed: ledger.unprocessed, undelivered: ledger.undelivered, dead: ledger.dead }).toEqual({ events: EVENTS, unprocessed: 0, undelivered: 0, dead: 0 });

    const { stored, received } = await chatOrders(bot);
    expect(stored.size).toBe(2 * CHATS_PER_PLATFORM);
    const inOrder = Array.from({ length: PER_CHAT }, (_, i) => i + 1);
    const outOfOrder: string[] = [];
    for (const [chat, order] of stored) {
      // Stored once each, in the order sent...
      expect([chat, order]).toEqual([chat, inOrder]);
      // ...and answered in exactly that order on the platform.
      if (JSON.stringify(received.get(chat)) !== JSON.stringify(order)) outOfOrder.push(`${chat}: ${JSON.stringify(received.get(chat))}`);
    }
    expect(outOfOrder).toEqual([]);
    // The chats' messages did wait for each other: most were stored before the previous one was processed.
    const { rows: queued } = await bot.t.app.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM "InboundEvent" e WHERE EXISTS (SELECT 1 FROM "InboundEvent" p WHERE p."chatId" = e."chatId" AND p.id < e.id AND p."processedAt" > e."receivedAt")`,
    );
    expect(Number(queued[0]?.n)).toBeGreaterThan(0);
    console.info(`chat order: ${queued[0]?.n} of ${EVENTS} messages were stored while an earlier one of their chat was still unprocessed`);
  }, 600_000);

  // The same with every message of a chat sent at once (no platform waits like that, but a client may):
  // the bot's order is then the order it stored them in, and the replies must follow it.
  it('answers messages of one chat that arrive all at once in the order it stored them', async () => {
    const BURST_CHATS = 10;
    const chats = [
      ...Array.from({ length: BURST_CHATS }, (_, i) => telegramMerchant(1_000 + i, numberedScript(PER_CHAT))),
      ...Array.from({ length: BURST_CHATS }, (_, i) => slackMerchant(1_000 + i, numberedScript(PER_CHAT))),
    ];
    const before = (await ledgerWhen(bot.t.app.sql, () => true, 0)).events;
    const burstChats = new Set(chats.map((steps) => `${steps[0]?.platform}:${steps[0]?.chat}`));
    await inParallel(chats.flat(), chats.flat().length, async (step) => void (await deliverUntilAccepted(step, () => bot.t.url)));
    const ledger = await ledgerWhen(bot.t.app.sql, settled(before + 2 * BURST_CHATS * PER_CHAT), 300_000);
    expect({ unprocessed: ledger.unprocessed, undelivered: ledger.undelivered, dead: ledger.dead }).toEqual({ unprocessed: 0, undelivered: 0, dead: 0 });
    const { stored, received } = await chatOrders(bot);
    const outOfOrder: string[] = [];
    let storedOutOfSendOrder = 0;
    for (const chat of burstChats) {
      const order = stored.get(chat) ?? [];
      expect([chat, [...order].sort((a, b) => a - b)]).toEqual([chat, Array.from({ length: PER_CHAT }, (_, i) => i + 1)]);
      if (order.some((n, i) => n !== i + 1)) storedOutOfSendOrder++;
      if (JSON.stringify(received.get(chat)) !== JSON.stringify(order)) outOfOrder.push(`${chat}: stored ${JSON.stringify(order)}, answered ${JSON.stringify(received.get(chat))}`);
    }
    expect(outOfOrder).toEqual([]);
    console.info(`chat order, all at once: ${storedOutOfSendOrder} of ${burstChats.size} chats had their messages stored in another order than numbered`);
  }, 600_000);
});

/** Per chat (`platform:id`), the numbers of its messages in the order the bot stored them, and of the replies in the order the platform got them. */
async function chatOrders({ t, telegram, slack }: { t: TestApp; telegram: FakeTelegramApi; slack: FakeSlackApi }): Promise<{ stored: Map<string, number[]>; received: Map<string, number[]> }> {
  const { rows } = await t.app.sql.query<{ chat: string; text: string }>(
    `SELECT c.platform::text || ':' || c."externalChatId" AS chat, e.text FROM "InboundEvent" e JOIN "Chat" c ON c.id = e."chatId" WHERE c.kind = 'merchant' ORDER BY e.id`,
  );
  const stored = new Map<string, number[]>();
  for (const row of rows) stored.set(row.chat, [...(stored.get(row.chat) ?? []), numberIn(row.text) ?? -1]);
  const received = new Map<string, number[]>();
  const add = (chat: string, text: unknown) => received.set(chat, [...(received.get(chat) ?? []), numberIn(String(text)) ?? -1]);
  for (const call of telegram.callsTo('sendMessage')) if (call.status === 200) add(`telegram:${String(call.params.chat_id)}`, call.params.text);
  for (const call of slack.callsOf('chat.postMessage')) if (call.status === 200) add(`slack:${String(call.args.channel)}`, call.args.text);
  return { stored, received };
}
