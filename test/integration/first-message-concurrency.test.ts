import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';

const DISTINCT = 450;
const SHARED_CHATS = 10;
const PER_SHARED = 5;

describe.each(modesUnderTest())('first messages of new chats at once (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode, env: { CONSOLE_REPLY_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('accepts 500 concurrent first messages; every chat exists once, with one merchant and one identity', async () => {
    const distinct = Array.from({ length: DISTINCT }, (_, i) => ({ chatId: `${mode}-new-${i}`, clientMessageId: 'first' }));
    const shared = Array.from({ length: SHARED_CHATS * PER_SHARED }, (_, i) => ({ chatId: `${mode}-shared-${i % SHARED_CHATS}`, clientMessageId: `first-${Math.floor(i / SHARED_CHATS)}` }));
    const answers = await Promise.all([...distinct, ...shared].map((m) => t.send(m.chatId, '你好', { clientMessageId: m.clientMessageId })));
    const refused = answers.filter((a) => a.status !== 200 && a.status !== 202);
    expect(refused.map((a) => [a.status, a.body.error])).toEqual([]);

    const { rows } = await t.app.sql.query<{ externalChatId: string; chats: string; merchants: string; identities: string; events: string }>(
      `SELECT c."externalChatId",
              count(DISTINCT c.id) AS chats,
              count(DISTINCT m.id) AS merchants,
              count(DISTINCT i.id) AS identities,
              count(DISTINCT e.id) AS events
       FROM "Chat" c
       JOIN "Merchant" m ON m.id = c."merchantId"
       JOIN "ChannelIdentity" i ON i."merchantId" = m.id AND i."externalUserId" = c."externalChatId"
       LEFT JOIN "InboundEvent" e ON e."chatId" = c.id
       WHERE c."externalChatId" LIKE $1
       GROUP BY c."externalChatId"`,
      [`${mode}-%`],
    );
    expect(rows).toHaveLength(DISTINCT + SHARED_CHATS);
    for (const row of rows) {
      const expectedEvents = row.externalChatId.includes('-shared-') ? PER_SHARED : 1;
      expect({ chat: row.externalChatId, chats: Number(row.chats), merchants: Number(row.merchants), identities: Number(row.identities), events: Number(row.events) })
        .toEqual({ chat: row.externalChatId, chats: 1, merchants: 1, identities: 1, events: expectedEvents });
    }
    // No merchant was left behind by a race: every merchant has its chat.
    const orphans = await t.app.sql.query(`SELECT m.id FROM "Merchant" m WHERE NOT EXISTS (SELECT 1 FROM "Chat" c WHERE c."merchantId" = m.id)`);
    expect(orphans.rows).toEqual([]);
  }, 180_000);
});
