import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET } from '../channels/slack/slack-fixtures.ts';
import { startPlatforms, TELEGRAM_SECRET, waitFor, type PlatformName, type Platforms } from '../support/platform-drivers.ts';
import { answers, card, confirm, says, step } from '../support/platform-steps.ts';
import { modesUnderTest } from '../support/services.ts';

// What the bot writes outside its database must not carry what merchants wrote nor any secret: the
// info-level log (tokens, secrets, message text) and the queue's job payloads (only ids and times, no
// text, phone number, address, order number or name), on Redis and on the embedded PostgreSQL backend.

const CONSOLE_TOKEN = 'console-Token-for-leak-scan-0123';
const PHONE = '13800138000';
const ADDRESS = '张江路 99 号';
const SECRET_TEXT = 'ZEBRA-SECRET-纸箱破了';
const ORDER = 'TB8826617788';
/** The Telegram fake's merchants are 王小明 (first and last name); Slack's are named by their id. */
const NAME = '小明';
/** A word in the first message of an exchange (one that names no damage, so no photo is asked for). */
const NOTE = 'QUAGGA-7731';

const MERCHANT_WORDS = [SECRET_TEXT, NOTE, '纸箱破了', PHONE, ADDRESS, ORDER, NAME, '鞋子买小了', '上海市浦东新区'];

describe.each(modesUnderTest())('what leaves the bot (%s)', (mode) => {
  let platforms: Platforms;
  const logLines: string[] = [];
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });

  // The start and the conversations are one setup: twice the hook time a start alone needs.
  beforeAll(async () => {
    platforms = await startPlatforms({ mode, env: { LOG_LEVEL: 'info', CONSOLE_TOKEN }, logTo: log });
    await Promise.all([...(['slack', 'telegram'] as const).map(conversation), consoleConversation()]);
    await idle();
  }, 240_000);
  afterAll(async () => {
    await platforms?.close();
  });

  /** A merchant's exchange with an order number, a staff step, then a handoff carrying a phone number and an address. */
  async function conversation(platform: PlatformName): Promise<void> {
    const d = platforms.drivers[platform];
    const m = d.merchant('zh');
    const summary = await answers(m, [
      [`鞋子买小了，想换货，备注 ${NOTE}`, '请提供订单号'],
      [ORDER, '涉及几件'],
      ['一双', '哪天收到货'],
      ['11月20日', '请核对您的换货申请'],
    ]);
    const number = await confirm(m, summary, /EX-\d{8}-\d{4}/);
    await card(d, 'staff', number);
    await step(d, 'staff', number, `desk:approve:${number}`);
    await says(m, '转人工', '已为您转接人工客服');
    await m.send(`${SECRET_TEXT} 我的电话 ${PHONE}，地址 上海市浦东新区${ADDRESS}`);
    await waitFor(() => d.desk('staff').find((msg) => msg.text.includes(PHONE)), 'the handed-off message on the staff desk');
  }

  async function consoleConversation(): Promise<void> {
    const answer = await platforms.t.send('leak-console', `${SECRET_TEXT} 订单 ${ORDER} 电话 ${PHONE} 地址 上海市浦东新区${ADDRESS} 王${NAME}`);
    expect(answer.status).toBe(200);
  }

  /** Waits until every event was processed and every message delivered (a hook cannot use expect.poll). */
  async function idle(): Promise<void> {
    const prisma = platforms.t.app.prisma;
    const busy = async () => (await prisma.inboundEvent.count({ where: { processedAt: null } })) + (await prisma.outboundMessage.count({ where: { status: { in: ['pending', 'sending', 'failed'] } } }));
    for (const deadline = Date.now() + 30_000; (await busy()) > 0; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() > deadline) throw new Error('the bot did not become idle');
    }
  }

  it('the info-level log has lines, and none carries a token, a secret or anything a merchant wrote', () => {
    const secrets = [BOT_TOKEN, SIGNING_SECRET, TELEGRAM_SECRET, CONSOLE_TOKEN, platforms.fakes.telegram.token, platforms.fakes.telegram.token.split(':')[1]!];
    // The log is what the app wrote: JSON lines at info and above, including every request it served.
    expect(logLines.length).toBeGreaterThan(5);
    for (const line of logLines) expect((JSON.parse(line) as { level: number }).level).toBeGreaterThanOrEqual(30);
    for (const needle of [...secrets, ...MERCHANT_WORDS]) expect(logLines.filter((line) => line.includes(needle)), needle).toEqual([]);
  });

  it('no queue job (waiting, delayed, completed, failed, repeatable) holds text, a phone number, an address, an order number or a name', async () => {
    const stored = mode === 'services' ? await redisContents(platforms) : await postgresQueueContents(platforms);
    // The run left jobs to read: inbound, deliveries, SLA timers.
    expect(stored.jobPayloads, 'job payloads found').toBeGreaterThan(5);
    for (const needle of MERCHANT_WORDS) expect(stored.texts.filter((text) => text.includes(needle)), needle).toEqual([]);
  });
});

/** Every value under the app's key prefix (hashes: every field, so data, returnvalue, failedReason, stacktrace; streams; lists; sets). */
async function redisContents(platforms: Platforms): Promise<{ texts: string[]; jobPayloads: number }> {
  const { redisUrl, queuePrefix } = platforms.t.config;
  if (!redisUrl) throw new Error('services mode needs REDIS_URL');
  const redis = new Redis(redisUrl);
  const texts: string[] = [];
  let jobPayloads = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') {
          const fields = await redis.hgetall(key);
          if ('data' in fields) jobPayloads += 1;
          texts.push(key, ...Object.entries(fields).flat());
        } else if (type === 'stream') texts.push(...(await redis.xrange(key, '-', '+')).flatMap(([, fields]) => fields));
        else if (type === 'list') texts.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'zset') texts.push(...(await redis.zrange(key, 0, -1)));
        else if (type === 'set') texts.push(...(await redis.smembers(key)));
        else if (type === 'string') texts.push((await redis.get(key)) ?? '');
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { texts, jobPayloads };
}

/** Every row of every table of BullMQ's PostgreSQL backend (schema `bullmq`), as JSON text. */
async function postgresQueueContents(platforms: Platforms): Promise<{ texts: string[]; jobPayloads: number }> {
  const sql = platforms.t.app.sql;
  const tables = await sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'bullmq'`);
  expect(tables.rows.length).toBeGreaterThan(0);
  const texts: string[] = [];
  let jobPayloads = 0;
  for (const { table_name: table } of tables.rows) {
    const rows = await sql.query<{ row: string; hasData: boolean }>(`SELECT row_to_json(t)::text AS row, (to_jsonb(t) ? 'data') AS "hasData" FROM bullmq."${table}" t`);
    for (const { row, hasData } of rows.rows) {
      texts.push(row);
      if (hasData) jobPayloads += 1;
    }
  }
  return { texts, jobPayloads };
}
