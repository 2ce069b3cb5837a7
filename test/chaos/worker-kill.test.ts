import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot, waitReady, type SpawnedBot } from '../support/bot-process.ts';
import { freePort } from '../support/disposable-redis.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { driveChats, exchangeScript, telegramMerchant, telegramPosts } from '../support/merchant-traffic.ts';
import { extraPosts, ledgerWhen, readLedger, settled } from '../support/pipeline-ledger.ts';
import { telegramEnv } from '../support/platform-drivers.ts';
import { createRedisPrefix, createServerDatabase, serviceUrls } from '../support/services.ts';

const CHATS = 200;
const EVENTS = CHATS * exchangeScript(0).length; // 1,000

// kill -9 of the bot process (web and worker in one, as `npm start` runs it) on PostgreSQL and Redis,
// in the middle of 1,000 Telegram updates from 200 merchants, each opening a case; then the same
// command again. Telegram redelivers what was not acknowledged (same update_id), as it does.
describe.runIf(serviceUrls.database && serviceUrls.redis)('kill -9 of the bot while 1,000 jobs are active', () => {
  let db: Awaited<ReturnType<typeof createServerDatabase>>;
  let redis: Awaited<ReturnType<typeof createRedisPrefix>>;
  let fake: FakeTelegramApi;
  let pool: pg.Pool;
  let dataDir: string;
  let env: Record<string, string>;
  let url: string;
  const procs: SpawnedBot[] = [];

  beforeAll(async () => {
    [db, redis, fake] = await Promise.all([createServerDatabase(serviceUrls.database!), createRedisPrefix(serviceUrls.redis!), startFakeTelegramApi()]);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-chaos-kill-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { ...telegramEnv(fake), DATABASE_URL: db.url, REDIS_URL: serviceUrls.redis!, QUEUE_PREFIX: redis.prefix, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', INBOUND_SWEEP_MS: '1000' };
  });
  afterAll(async () => {
    for (const proc of procs) await proc.kill9();
    await pool?.end();
    await fake?.close();
    await redis?.cleanup();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes every job after a restart: one reply set per update, one case per merchant, no resend beyond the sends in flight at the kill', async () => {
    const first = spawnBot(env);
    procs.push(first);
    await waitReady(url, first);

    const chats = Array.from({ length: CHATS }, (_, i) => telegramMerchant(i, exchangeScript(i)));
    const traffic = driveChats(chats, () => url, 50);

    // Kill once every update is stored (1,000 jobs queued or running) or half of them are processed, whichever comes first.
    const atKill = await ledgerWhen(pool, (l) => l.events === EVENTS || l.events - l.unprocessed >= EVENTS / 2, 60_000);
    await first.kill9();
    const frozen = await readLedger(pool);
    const received = telegramPosts(fake);
    // Sent to Telegram but not yet marked delivered when the process died: the only messages that may go twice.
    const inFlight = [...extraPosts('telegram', received, frozen).values()].reduce((a, b) => a + b, 0);
    expect(atKill.unprocessed).toBeGreaterThan(0);
    expect(frozen.events - frozen.unprocessed).toBeLessThan(EVENTS);

    const second = spawnBot(env);
    procs.push(second);
    await waitReady(url, second);
    await traffic;
    const after = await ledgerWhen(pool, settled(EVENTS), 300_000);

    expect({ events: after.events, unprocessed: after.unprocessed, withoutReplies: after.withoutReplies, undelivered: after.undelivered, dead: after.dead })
      .toEqual({ events: EVENTS, unprocessed: 0, withoutReplies: 0, undelivered: 0, dead: 0 });
    expect([...after.casesPerChat.values()]).toEqual(Array(CHATS).fill(1));
    const extra = extraPosts('telegram', telegramPosts(fake), after);
    const resent = [...extra.values()].reduce((a, b) => a + b, 0);
    expect([...extra.values()].every((n) => n > 0)).toBe(true);
    // The bound: a send Telegram had received when the process died, not yet marked in the outbox, goes again (the Bot
    // API takes no idempotency key). At most one per delivery worker slot: 4 (WORKER_CONCURRENCY) per platform.
    expect(resent).toBe(inFlight);
    expect(inFlight).toBeLessThanOrEqual(4);
    console.info(`kill -9: ${frozen.events - frozen.unprocessed}/${EVENTS} processed at the kill, ${inFlight} send(s) in flight, ${resent} sent twice`);
  }, 600_000);
});
