import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { compare, type SummaryRow } from './summary.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { checkChatOrder, type OrderCheck } from '../support/chat-order.ts';
import { startFakeTelegramApi } from '../support/fake-telegram-api.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { createRedisPrefix, createServerDatabase } from '../support/services.ts';
import { countReplies, createTelegramChatLoad, turnTexts, waitUntil } from '../support/telegram-chat-load.ts';
import { followDatabaseBackends, processCpuMs, redisCpuMs } from './cpu-usage.ts';

const TELEGRAM_SECRET = 'bench_scale-0123456789';
type Options = Record<string, string>;

function countOption(options: Options, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive whole number, got ${raw}`);
  return value;
}

interface Phase {
  processes: number;
  chats: number;
  messagesPerChat: number;
  /** From the first send until every reply had reached the fake Bot API. */
  deliveredSeconds: number | null;
  /** From the first send until the last message was processed (its reply stored), read from the database. */
  processedSeconds: number | null;
  /** Messages answered on the fake platform per second. */
  messagesPerSecond: number | null;
  processedPerSecond: number | null;
  /** From storing a message to storing its reply, ms. */
  processingMs: { p50: number | null; p99: number | null; max: number | null };
  /** Whether the delivery jobs this phase left had run out before the processes were stopped. */
  deliveryBacklogDrained: boolean;
  /** Webhook answers other than 200 (each was sent again, as Telegram would). */
  redeliveries: number;
  /** CPU milliseconds per message: the bot processes, this database's PostgreSQL backends, the whole Redis server, and this bench (load driver and fake Bot API). */
  cpuMsPerMessage: { bot: number | null; postgres: number | null; redis: number | null; botPostgresRedis: number | null; benchDriver: number };
  order: OrderCheck;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const roundOrNull = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n));

/**
 * scale: the bot as N stateless `npm start` processes over one PostgreSQL database and one Redis
 * prefix, fed through the Telegram webhook against a fake Bot API in this process. The same load
 * (`--chats` chats × `--messages` turns, each chat's turns sent one after the other as Telegram
 * delivers them, every request to the next process round robin as a load balancer would) is run
 * on 1 and then on 2 processes, on the same fresh database and prefix (new chats each time).
 * Throughput counts replies as they reach the fake platform; each chat's replies must arrive in the
 * order of its messages, once each. A violation fails the run.
 */
export async function benchScale(options: Options = {}): Promise<Record<string, unknown>> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.error('scale: needs DATABASE_URL (a PostgreSQL server where a database may be created) and REDIS_URL; N processes share one database and one Redis, which the embedded mode cannot do.');
    process.exit(2);
  }
  const quick = options.quick === 'true' || process.env.CI === 'true';
  const chats = countOption(options, 'chats', quick ? 20 : 100);
  const messages = countOption(options, 'messages', quick ? 5 : 10);
  const counts = (options.processes ?? '1,2').split(',').map((n) => countOption({ processes: n }, 'processes', 1));
  const settleSeconds = countOption(options, 'timeout-seconds', quick ? 40 : 300);

  const db = await createServerDatabase(databaseUrl);
  const prefix = await createRedisPrefix(redisUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-scale-'));
  const api = await startFakeTelegramApi();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const database = new URL(db.url).pathname.slice(1);
  const sql = new pg.Client({ connectionString: db.url });
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix.prefix,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
  };
  let procs: BotProcess[] = [];
  try {
    const phases: Phase[] = [];
    for (const [phaseIndex, n] of counts.entries()) {
      console.error(`scale: starting ${n} process(es)…`);
      procs = await Promise.all(Array.from({ length: n }, () => startBotProcess(env)));
      if (phaseIndex === 0) await sql.connect();
      const load = createTelegramChatLoad({ urls: procs.map((p) => p.url), secret: TELEGRAM_SECRET });
      const userOf = (phase: number, chat: number) => 8_300_000_000 + phase * 100_000 + chat;
      const usersOf = (phase: number, n: number) => Array.from({ length: n }, (_, c) => userOf(phase, c));
      const repliesIn = (phase: number, n: number) => countReplies(api, usersOf(phase, n));

      // Warm-up (not counted): connections, JIT and the first statements of every process.
      const warmPhase = 2 * phaseIndex + 1;
      const warmChats = Math.min(chats, quick ? 10 : 20);
      await load.chats(usersOf(warmPhase, warmChats), 2);
      await waitUntil(() => repliesIn(warmPhase, warmChats) >= warmChats * 2, 60_000);

      const phase = 2 * phaseIndex + 2;
      const total = chats * messages;
      console.error(`scale: ${n} process(es): ${chats} chats × ${messages} messages…`);
      const cpuBefore = { bot: procs.map((p) => processCpuMs(p.pid)), redis: await redisCpuMs(redis), bench: process.cpuUsage() };
      const backends = followDatabaseBackends(databaseUrl, database);
      await backends.started;
      const startedAt = new Date();
      const t0 = performance.now();
      await load.chats(usersOf(phase, chats), messages);
      const delivered = await waitUntil(() => repliesIn(phase, chats) >= total, settleSeconds * 1000);
      const deliveredSeconds = delivered ? (performance.now() - t0) / 1000 : null;
      const pgMs = await backends.stop();
      const botMs = procs.map((p, i) => {
        const before = cpuBefore.bot[i];
        const after = processCpuMs(p.pid);
        return before === null || before === undefined || after === null ? null : after - before;
      });
      const redisAfter = await redisCpuMs(redis);
      const benchCpu = process.cpuUsage(cpuBefore.bench);
      // Latency of processing: from storing an event to storing its replies (p50 / p99 / max, ms).
      const processed = await sql.query<{ last: Date | null; pending: string; p50: number | null; p99: number | null; max: number | null }>(
        `SELECT max("processedAt") AS last, count(*) FILTER (WHERE "processedAt" IS NULL) AS pending,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
           FROM (SELECT "processedAt", extract(epoch FROM "processedAt" - "receivedAt")::float8 * 1000 AS ms FROM "InboundEvent" WHERE "receivedAt" >= $1) e`,
        [startedAt],
      );
      const latency = processed.rows[0];
      const last = latency?.last;
      const processedSeconds = last && Number(latency?.pending) === 0 ? (last.getTime() - startedAt.getTime()) / 1000 : null;
      load.close();
      // Every processed message queued a delivery job, most of which find nothing left to send; they
      // run at the platform's send rate (25/s for Telegram, across all processes). The next phase
      // must not wait behind this one's, so they are let run out first (not measured).
      const drainedQueue = await waitForAsync(async () => (await deliveryBacklog(procs[0] as BotProcess)) === 0, settleSeconds * 1000);
      await Promise.all(procs.map((p) => p.stop()));
      procs = [];

      const botTotal = botMs.every((ms) => ms !== null) ? botMs.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
      const redisMs = cpuBefore.redis === null || redisAfter === null ? null : redisAfter - cpuBefore.redis;
      const per = (ms: number | null) => (ms === null ? null : round(ms / total, 2));
      phases.push({
        processes: n,
        chats,
        messagesPerChat: messages,
        deliveredSeconds: deliveredSeconds === null ? null : round(deliveredSeconds, 2),
        processedSeconds: processedSeconds === null ? null : round(processedSeconds, 2),
        messagesPerSecond: deliveredSeconds === null ? null : round(total / deliveredSeconds),
        processedPerSecond: processedSeconds === null ? null : round(total / processedSeconds),
        redeliveries: load.redeliveries,
        deliveryBacklogDrained: drainedQueue,
        processingMs: { p50: roundOrNull(latency?.p50), p99: roundOrNull(latency?.p99), max: roundOrNull(latency?.max) },
        cpuMsPerMessage: {
          bot: per(botTotal),
          postgres: per(pgMs),
          redis: per(redisMs),
          botPostgresRedis: botTotal === null || pgMs === null || redisMs === null ? null : per(botTotal + pgMs + redisMs),
          benchDriver: round((benchCpu.user + benchCpu.system) / 1000 / total, 2),
        },
        order: checkChatOrder(
          usersOf(phase, chats).map((user) => api.messagesIn(String(user)).map((m) => m.text ?? '')),
          turnTexts(messages),
        ),
      });
    }
    return report(phases, { quick, machineCpus: os.cpus().length });
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await sql.end().catch(() => undefined);
    redis.disconnect();
    await api.close();
    await prefix.cleanup();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Delivery jobs not yet run (waiting, delayed, prioritized), as /metrics reports them. */
async function deliveryBacklog(bot: BotProcess): Promise<number> {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  return ['waiting', 'delayed', 'prioritized', 'active'].reduce((n, state) => n + (sampleValue(text, 'intake_queue_jobs', { queue: 'deliver-telegram', state }) ?? 0), 0);
}

async function waitForAsync(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await done()) return true;
    await sleep(1_000);
  }
  return false;
}

function report(phases: Phase[], context: { quick: boolean; machineCpus: number }): Record<string, unknown> {
  const base = phases[0];
  const ratioOf = (p: Phase) => (base?.messagesPerSecond && p.messagesPerSecond ? round(p.messagesPerSecond / base.messagesPerSecond, 2) : null);
  const ms = (n: number | null) => (n === null ? '-' : String(n));
  console.log(`\n### scale (PostgreSQL + Redis, Telegram webhooks, ${context.machineCpus} CPUs${context.quick ? ', quick' : ''})\n`);
  console.log('| processes | messages | replies/s (on the fake) | ratio to 1 | processed/s | processing p50 / p99 / max ms | CPU ms/msg: bot | PostgreSQL | Redis | bot+PG+Redis | bench driver | out of order | duplicates | missing |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const p of phases) {
    const c = p.cpuMsPerMessage;
    console.log(`| ${p.processes} | ${p.chats} × ${p.messagesPerChat} | ${ms(p.messagesPerSecond)} | ${ms(ratioOf(p))} | ${ms(p.processedPerSecond)} | ${ms(p.processingMs.p50)} / ${ms(p.processingMs.p99)} / ${ms(p.processingMs.max)} | ${ms(c.bot)} | ${ms(c.postgres)} | ${ms(c.redis)} | ${ms(c.botPostgresRedis)} | ${c.benchDriver} | ${p.order.outOfOrder} | ${p.order.duplicates} | ${p.order.missing} |`);
  }
  console.log(
    '\nEach chat sends its turns one after the other (the next once the previous was acknowledged), every request to the next process round robin;' +
      ' a reply counts when the fake Bot API received it. Redis CPU is the whole server\'s (other clients of it count too); PostgreSQL CPU is the backends of the bench\'s database only.',
  );
  const violations = phases.filter((p) => p.order.outOfOrder + p.order.duplicates + p.order.missing + p.order.unexpected > 0 || p.messagesPerSecond === null);
  const summary: SummaryRow[] = [];
  for (const p of phases.slice(1)) {
    const setting = `${p.processes} vs 1 npm start processes, one PostgreSQL + Redis, ${p.chats} chats × ${p.messagesPerChat}`;
    if (base?.messagesPerSecond && p.messagesPerSecond) summary.push(compare({ measure: 'replies/s reaching the platform', setting, unit: 'msg/s', ours: p.messagesPerSecond, floorName: '1 process', floor: base.messagesPerSecond, note: `${p.order.outOfOrder} out of order, ${p.order.duplicates} duplicates, ${p.order.missing} missing` }));
    if (base?.processedPerSecond && p.processedPerSecond) summary.push(compare({ measure: 'messages processed/s', setting, unit: 'msg/s', ours: p.processedPerSecond, floorName: '1 process', floor: base.processedPerSecond }));
    if (base?.cpuMsPerMessage.botPostgresRedis && p.cpuMsPerMessage.botPostgresRedis) summary.push(compare({ measure: 'CPU per message, bot + PostgreSQL + Redis', setting, unit: 'ms', ours: p.cpuMsPerMessage.botPostgresRedis, floorName: '1 process', floor: base.cpuMsPerMessage.botPostgresRedis }));
  }
  const result = { ...context, phases: phases.map((p) => ({ ...p, ratioToOne: ratioOf(p) })), summary };
  if (violations.length > 0) {
    console.error(`scale: FAILED: ${violations.map((p) => `${p.processes} process(es): ${JSON.stringify(p.order)}${p.messagesPerSecond === null ? ', not every reply arrived in time' : ''}`).join('; ')}`);
    throw new Error('scale: replies out of order, duplicated or missing');
  }
  return result;
}
