import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from '../../src/store/conversation-store.ts';
import { ensureMerchantChat, recordInbound } from '../../src/store/inbound-store.ts';
import { createSqlPool, type SqlPool } from '../../src/store/sql-pool.ts';
import { createTestDatabase } from '../support/test-database.ts';

// The chat lease taken with the next event and let go with the completion: what keeps per-chat
// order and exactly-once processing when the three steps share statements.
describe('chat lease statements', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: SqlPool;
  let n = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSqlPool(db.url, 4);
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  async function chatWith(texts: string[]) {
    n += 1;
    const chat = await ensureMerchantChat(sql, { platform: 'console', workspace: '', externalChatId: `lease-${n}` }, { externalUserId: `lease-${n}` });
    const ids: bigint[] = [];
    for (const [i, text] of texts.entries()) ids.push((await recordInbound(sql, { platform: 'console', dedupeKey: `["console","lease-${n}","message","${i}"]`, chatId: chat.id, kind: 'message', text })).id);
    return { chatId: chat.id, ids };
  }

  it('takes the lease with the first pending event, and only when one is pending', async () => {
    const store = createConversationStore(sql);
    const idle = await chatWith([]);
    expect(await store.claimChat(idle.chatId, 'a', 10_000)).toEqual({ kind: 'idle' });
    // An idle chat's claim took no lease: another worker can take it at once.
    expect(await store.acquireChatLease(idle.chatId, 'b', 10_000)).toBe(true);

    const { chatId, ids } = await chatWith(['one', 'two']);
    expect(await store.claimChat(chatId, 'x', 10_000, 999_999n)).toEqual({ kind: 'unknown' });
    const claim = await store.claimChat(chatId, 'a', 10_000, ids[1]);
    expect(claim.kind).toBe('leased');
    expect(claim.kind === 'leased' && claim.next?.id).toBe(ids[0]);
    expect(claim.kind === 'leased' && claim.next?.input.text).toBe('one');
    const busy = await store.claimChat(chatId, 'b', 10_000);
    expect(busy.kind).toBe('busy');
    expect(busy.kind === 'busy' && busy.remainingMs).toBeGreaterThan(5_000);
  });

  it('completes, hands over the next event with the state just written, and lets go after the last', async () => {
    const store = createConversationStore(sql);
    const { chatId, ids } = await chatWith(['one', 'two']);
    await store.claimChat(chatId, 'a', 10_000);
    const first = await store.completeInbound({ inboundId: ids[0]!, chatId, replies: [{ text: 'r1' }], state: { step: 1 }, lang: 'en', leaseToken: 'a' });
    expect(first).toMatchObject({ done: true, released: false, held: true });
    expect(first.next?.id).toBe(ids[1]);
    expect(first.next?.chat.state).toEqual({ step: 1 });
    expect(first.next?.chat.lang).toBe('en');
    const second = await store.completeInbound({ inboundId: ids[1]!, chatId, replies: [{ text: 'r2' }], state: { step: 2 }, lang: 'en', leaseToken: 'a' });
    expect(second).toMatchObject({ done: true, next: null, released: true });
    expect(await store.acquireChatLease(chatId, 'b', 10_000)).toBe(true);
    const { rows } = await sql.query(`SELECT text FROM "OutboundMessage" WHERE "chatId" = $1 ORDER BY "inboundId", seq`, [chatId]);
    expect(rows.map((r) => r.text)).toEqual(['r1', 'r2']);
  });

  it('keeps the lease when another worker asked for the chat meanwhile, and lets go once nothing is pending', async () => {
    const store = createConversationStore(sql);
    const { chatId, ids } = await chatWith(['one']);
    await store.claimChat(chatId, 'holder', 10_000);
    // Another worker's job for this chat finds it held: it marks the lease wanted.
    expect((await store.claimChat(chatId, 'other', 10_000)).kind).toBe('busy');
    const done = await store.completeInbound({ inboundId: ids[0]!, chatId, replies: [{ text: 'r' }], state: {}, lang: 'zh-CN', leaseToken: 'holder' });
    // Nothing pending in its view, but someone asked: the holder keeps the chat and looks again.
    expect(done).toMatchObject({ done: true, next: null, released: false, held: true });
    expect(await store.nextPendingInbound(chatId)).toBeNull();
    expect(await store.releaseChatLeaseIfIdle(chatId, 'holder')).toBe(true);
    expect(await store.acquireChatLease(chatId, 'next', 10_000)).toBe(true);
  });

  it('a claim that waited for a completion to commit reads the chat again instead of its stale snapshot', async () => {
    const store = createConversationStore(sql);
    const { chatId, ids } = await chatWith(['one', 'two']);
    // Another worker completes the first event and releases, in a transaction still open.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE "InboundEvent" SET "processedAt" = now() WHERE id = $1`, [String(ids[0])]);
      await other.query(`UPDATE "Chat" SET "stateVersion" = "stateVersion" + 1, state = '{"after":"one"}', "leaseToken" = NULL, "leaseUntil" = NULL WHERE id = $1`, [chatId]);
      // Its lease, seen by the claim's snapshot as held until a moment ago, is what the claim waits on.
      const claiming = store.claimChat(chatId, 'late', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('COMMIT');
      const claim = await claiming;
      expect(claim.kind).toBe('leased');
      const next = claim.kind === 'leased' ? (claim.next ?? (await store.nextPendingInbound(chatId))) : null;
      // Never the event the other worker just completed, and the state it wrote.
      expect(next?.id).toBe(ids[1]);
      expect(next?.chat.state).toEqual({ after: 'one' });
    } finally {
      await other.end();
    }
  });
});
