import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createConversationStore } from '../../src/store/conversation-store.ts';
import { ensureMerchantChat, recordInbound } from '../../src/store/inbound-store.ts';
import { startProcessedListener } from '../../src/store/processed-listener.ts';
import { createSqlPool, type SqlPool } from '../../src/store/sql-pool.ts';
import { createTestDatabase } from '../support/test-database.ts';

// A request waiting in one process is woken when another process stores the replies: the
// completing statement notifies, every listener hears it (also through the embedded wire server).
describe('processed listener (LISTEN/NOTIFY)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: SqlPool;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSqlPool(db.url, 3);
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('hears the completion of an event stored by another connection, and only once it committed', async () => {
    const listener = startProcessedListener({ databaseUrl: db.url, log: createLogger('silent') });
    try {
      await expect.poll(() => listener.connected(), { timeout: 10_000 }).toBe(true);
      const chat = await ensureMerchantChat(sql, { platform: 'console', workspace: '', externalChatId: 'notify-1' }, { externalUserId: 'notify-1' });
      const inbound = await recordInbound(sql, { platform: 'console', dedupeKey: '["console","notify-1","message","m1"]', chatId: chat.id, kind: 'message', text: 'hi' });
      const heard: bigint[] = [];
      listener.wakeups.on('processed', (id) => heard.push(id));

      // Inside an open transaction nothing is heard yet: NOTIFY is delivered at commit.
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      await other.query('BEGIN');
      await other.query(`SELECT pg_notify('inbound_processed', '999999')`);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      await other.query('ROLLBACK');
      await other.end();

      const first = await createConversationStore(sql).completeInbound({ inboundId: inbound.id, chatId: chat.id, replies: [{ text: 'hello' }], state: {}, lang: 'zh-CN' });
      expect(first.done).toBe(true);
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual([inbound.id]);
      // Completing again stores nothing and wakes nobody.
      expect((await createConversationStore(sql).completeInbound({ inboundId: inbound.id, chatId: chat.id, replies: [{ text: 'again' }], state: {}, lang: 'zh-CN' })).done).toBe(false);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([inbound.id]);
    } finally {
      await listener.stop();
    }
  });

  it('is told only of completions a request in another process may wait for', async () => {
    const listener = startProcessedListener({ databaseUrl: db.url, log: createLogger('silent') });
    try {
      await expect.poll(() => listener.connected(), { timeout: 10_000 }).toBe(true);
      const chat = await ensureMerchantChat(sql, { platform: 'console', workspace: '', externalChatId: 'notify-2' }, { externalUserId: 'notify-2' });
      const heard: bigint[] = [];
      listener.wakeups.on('processed', (id) => heard.push(id));
      const store = createConversationStore(sql, { instanceId: 'process-a' });
      const completed = async (key: string, awaitedBy: string | undefined) => {
        const inbound = await recordInbound(sql, { platform: 'console', dedupeKey: `["console","notify-2","message","${key}"]`, chatId: chat.id, kind: 'message', text: key, awaitedBy });
        expect((await store.completeInbound({ inboundId: inbound.id, chatId: chat.id, replies: [{ text: 'r' }], state: {}, lang: 'zh-CN' })).done).toBe(true);
        return inbound.id;
      };
      await completed('here', 'process-a'); // its request waits in the completing process: handed over there
      await completed('nobody', ''); // a platform event: nobody waits
      const elsewhere = await completed('elsewhere', 'process-b');
      const anyone = await completed('anyone', undefined);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([elsewhere, anyone]);
    } finally {
      await listener.stop();
    }
  });
});
