import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { startDisposablePostgres, type DisposablePostgres } from '../support/disposable-postgres.ts';
import { createRedisPrefix, serviceUrls } from '../support/services.ts';

/** createPrismaClient's default pool size. */
const PRISMA_POOL_SIZE = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true; false once `ms` have passed (a generous deadline, never a timing assertion). */
async function eventually(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

// Issue #13: after PostgreSQL crashed under load and came back, the bot stayed broken until restarted.
describe('PostgreSQL killed under load and restarted', () => {
  let db: DisposablePostgres;
  let redis: { prefix: string; cleanup(): Promise<void> };
  let t: TestApp;

  beforeAll(async () => {
    db = await startDisposablePostgres();
    const redisUrl = serviceUrls.redis ?? 'redis://127.0.0.1:6379';
    redis = await createRedisPrefix(redisUrl);
    t = await startTestApp({ mode: 'embedded', env: { DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: redis.prefix, CONSOLE_REPLY_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.cleanup();
    await db?.stop();
  });

  it('heals by itself: ready again, every accepted message processed once, new chats and cases work', async () => {
    const accepted: Array<{ chatId: string; inboundId: string }> = [];
    let loading = true;
    const sender = async (w: number) => {
      for (let i = 0; loading; i++) {
        // Every third message opens a new chat.
        const chatId = `load-${w}-${Math.floor(i / 3)}`;
        const answer = await t.send(chatId, i % 3 === 0 ? '你好' : `message ${i}`, { clientMessageId: `m-${w}-${i}` }).catch(() => null);
        if (answer && (answer.status === 200 || answer.status === 202)) accepted.push({ chatId, inboundId: String(answer.body.inboundId) });
        else await sleep(20);
      }
    };

    // Chats whose merchants open cases throughout, through the case service's transaction.
    const caseChats = await Promise.all(
      Array.from({ length: 12 }, async (_, n) => {
        expect([200, 202]).toContain((await t.send(`case-${n}`, '你好')).status);
        const { rows } = await t.app.sql.query<{ id: string; merchantId: string }>(`SELECT id, "merchantId" FROM "Chat" WHERE "externalChatId" = $1`, [`case-${n}`]);
        return rows[0]!;
      }),
    );
    const openCase = (chat: { id: string; merchantId: string }, k: string) =>
      t.app.cases.openCase({
        chatId: chat.id, merchantId: chat.merchantId, lang: 'zh-CN', at: new Date(), requestKey: `${chat.id}-${k}`,
        draft: { type: 'return', orderNumber: `SO-${k}`, itemName: 'kettle', quantity: 1, receivedOn: new Date().toISOString().slice(0, 10), reason: 'broken' },
      });
    const caseOpener = async (chat: { id: string; merchantId: string }) => {
      for (let k = 0; loading; k++) await openCase(chat, String(k)).catch(() => sleep(20));
    };

    const load = [...Array.from({ length: 24 }, (_, w) => sender(w)), ...caseChats.map(caseOpener)];
    await sleep(1_500);
    await db.kill();
    await sleep(3_000);
    await db.start();
    await sleep(1_000);
    loading = false;
    await Promise.all(load);
    expect(accepted.length).toBeGreaterThan(0);

    const ready = await eventually(async () => (await fetch(`${t.url}/readyz`)).status === 200, 30_000);
    expect(ready).toBe(true);

    const ids = accepted.map((a) => a.inboundId);
    const unprocessed = async () =>
      (await t.app.sql.query<{ id: string }>(`SELECT id FROM "InboundEvent" WHERE id = ANY($1::bigint[]) AND "processedAt" IS NULL`, [ids])).rows;
    await eventually(async () => (await unprocessed()).length === 0, 40_000);
    expect(await unprocessed()).toEqual([]);
    // Exactly once: one stored event per accepted message, and no event answered twice.
    const stored = await t.app.sql.query<{ n: string }>(`SELECT count(*) AS n FROM "InboundEvent" WHERE id = ANY($1::bigint[])`, [ids]);
    expect(Number(stored.rows[0]?.n)).toBe(new Set(ids).size);
    const doubled = await t.app.sql.query(`SELECT "inboundId" FROM "OutboundMessage" WHERE "inboundId" = ANY($1::bigint[]) GROUP BY "inboundId", seq HAVING count(*) > 1`, [ids]);
    expect(doubled.rows).toEqual([]);

    // A new chat and a new case work again.
    const fresh = await t.send('after-outage', '你好');
    expect(fresh.status).toBe(200);
    expect(fresh.replies.length).toBeGreaterThan(0);
    const chat = caseChats[0]!;
    expect((await openCase(chat, 'after')).number).toMatch(/^RT-/);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    // Prisma's pool has every connection back: a full pool of transactions can be open at once.
    let inside = 0;
    const together = Array.from({ length: PRISMA_POOL_SIZE }, () =>
      t.app.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        inside += 1;
        for (const deadline = Date.now() + 10_000; inside < PRISMA_POOL_SIZE && Date.now() < deadline; ) await sleep(50);
        return inside;
      }, { maxWait: 15_000, timeout: 20_000 }),
    );
    expect(await Promise.all(together)).toEqual(Array(PRISMA_POOL_SIZE).fill(PRISMA_POOL_SIZE));
  }, 120_000);
});
