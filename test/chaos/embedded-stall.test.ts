import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIRE_DEFAULTS } from '../../src/store/pglite-wire-server.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { numberedText, numberIn } from '../support/merchant-traffic.ts';

const OTHER_CHATS = 20;

// The embedded mode runs every connection (Prisma, the message path's pool, BullMQ on PostgreSQL) through
// one PGlite session behind our wire server. A client that opens a transaction, writes, and then stalls
// holds that session: the server drops it after the idle-in-transaction limit (5 s) with 25P03 and rolls
// its write back, and the console goes on answering every other chat meanwhile.
describe('embedded mode: a client stalls inside a transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded', env: { CONSOLE_REPLY_TIMEOUT_MS: '30000' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is dropped and rolled back, and the console answers the other chats', async () => {
    expect((await t.send('stalled-chat', '你好')).status).toBe(200);
    const url = t.app.sql.options.connectionString;
    if (!url) throw new Error('the app pool has no connection string');
    const stalled = new pg.Client({ connectionString: url });
    const errors: Array<{ code?: string }> = [];
    let droppedAt = 0;
    stalled.on('error', (error: Error & { code?: string }) => {
      droppedAt ||= Date.now();
      errors.push(error);
    });
    await stalled.connect();
    await stalled.query('BEGIN');
    await stalled.query(`UPDATE "Chat" SET lang = 'en' WHERE "externalChatId" = 'stalled-chat'`);
    const stalledAt = Date.now();

    // Twenty other merchants write while it holds the session.
    const answers = await Promise.all(
      Array.from({ length: OTHER_CHATS }, async (_, i) => {
        const answer = await t.send(`other-${i}`, numberedText(i + 1));
        return { status: answer.status, number: numberIn(answer.replies.map((r) => r.text).join('\n')) ?? answer.body.error, at: Date.now() };
      }),
    );
    expect(answers.map((a) => [a.status, a.number])).toEqual(Array.from({ length: OTHER_CHATS }, (_, i) => [200, i + 1]));

    // The stalled client heard why it was dropped, its connection is gone, and its write never happened.
    expect(errors[0]).toMatchObject({ code: '25P03' });
    await expect(stalled.query('SELECT 1')).rejects.toBeDefined();
    await stalled.end().catch(() => undefined);
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'stalled-chat' } });
    expect(chat.lang).not.toBe('en');
    // The bot itself is still whole: the stalled chat's merchant is answered too.
    expect((await t.send('stalled-chat', numberedText(1))).replies.map((r) => numberIn(r.text))).toContain(1);
    const held = Math.max(...answers.map((a) => a.at)) - stalledAt;
    console.info(`embedded stall: dropped ${droppedAt - stalledAt} ms after the write (limit ${WIRE_DEFAULTS.idleInTransactionTimeoutMs} ms); the last of ${OTHER_CHATS} other chats answered ${held} ms after it`);
  }, 120_000);
});
