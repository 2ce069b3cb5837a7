import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCalendarSource } from '../../src/calendar/calendar-source.ts';
import { loadConfig } from '../../src/config.ts';
import { initialStatus } from '../../src/domain/cases/case-queries.ts';
import { deadlineFor } from '../../src/domain/sla/deadline-for.ts';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { FOLLOWUP_ATTEMPTS, FOLLOWUP_RETENTION, followupQueueName, type FollowupJob, type SlaJob } from '../../src/followups/followup-jobs.ts';
import { createLogger } from '../../src/log.ts';
import { loadPolicy } from '../../src/policy/policy-file.ts';
import { createPostgresQueueBackend, createRedisBackend, type QueueBackend } from '../../src/queues/queue-backend.ts';
import { databaseInstanceId } from '../../src/store/database-instance.ts';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres.ts';
import { applyMigrations } from '../../src/store/migrate.ts';
import { createSqlPool, type SqlPool } from '../../src/store/sql-pool.ts';
import { createRedisPrefix, createServerDatabase, modesUnderTest, serviceUrls } from '../support/services.ts';
import { compare, type BenchOutput, type SummaryRow } from './summary.ts';
import { fill } from './timers.ts';

type Mode = 'embedded' | 'services';

/** What the bot process reported (memory-child.ts). */
interface ChildMemory {
  startMs: number;
  sweepMs: number;
  reconciled: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  peakRssBytes: number;
  /** Peak RSS when startApp returned, and after the sweep: where a peak comes from. */
  peakAfterStartBytes: number;
  peakAfterSweepBytes: number;
}

const INSERT_BATCH = 5_000;
/** Open cases per merchant chat. */
const CASES_PER_CHAT = 10;
const MINUTE = 60_000;

/** A database and queue namespace of its own, as the bot would be configured for it, and how to remove them. */
interface Target {
  env: Record<string, string>;
  databaseUrl: string;
  backend(): QueueBackend;
  /** Stops what the bench itself opened on the database (embedded: the PGlite the bot then opens itself). */
  release(): Promise<void>;
  drop(): Promise<void>;
}

async function openTarget(mode: Mode): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-bench-memory-'));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  const log = createLogger('silent');
  if (mode === 'services') {
    if (!serviceUrls.database || !serviceUrls.redis) throw new Error('memory: services mode needs DATABASE_URL and REDIS_URL');
    const redisUrl = serviceUrls.redis;
    const db = await createServerDatabase(serviceUrls.database);
    const redis = await createRedisPrefix(redisUrl);
    await applyMigrations(db.url);
    return {
      env: { DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: redis.prefix, DATA_DIR: dataDir },
      databaseUrl: db.url,
      backend: () => createRedisBackend(redisUrl, redis.prefix, log),
      release: async () => undefined,
      async drop() {
        await redis.cleanup();
        await db.drop();
        await removeDir();
      },
    };
  }
  // Embedded: the bench fills the PGlite in DATA_DIR, stops it, and the bot opens the same directory.
  const embedded = await startEmbeddedPostgres(dataDir);
  await applyMigrations(embedded.url);
  return {
    env: { DATA_DIR: dataDir },
    databaseUrl: embedded.url,
    backend: () => createPostgresQueueBackend(embedded.url, log),
    release: () => embedded.stop(),
    drop: removeDir,
  };
}

/**
 * `count` open cases in the store's shapes, each with one running SLA deadline whose timers are scheduled
 * (`timersFor` = `dueAt`), and the breach timer of each as a delayed BullMQ job with the real SLA job's
 * name, id, payload, retention and attempts, due at the deadline. Deadlines are the domain's own
 * (deadlineFor with the policy and calendar the bot loads): returns and quality reports opened over the
 * last hour, due ahead (pending, none fires while measured), labelled 'estimated' where their year's holidays are estimated.
 */
async function fillOpenCases(sql: SqlPool, backend: QueueBackend, count: number, log: (line: string) => void): Promise<{ cases: number; timers: number; estimated: number; ms: number }> {
  const started = performance.now();
  const config = loadConfig({});
  const policy = await loadPolicy(config.policyFile);
  const calendarSource = await openCalendarSource({ file: config.calendarFile, timeZone: config.businessTimeZone, hours: config.businessHours, log: createLogger('silent') });
  const calendar = calendarSource.current();
  calendarSource.close();
  const databaseId = await databaseInstanceId(sql);
  const queue = backend.queue<FollowupJob>(followupQueueName(databaseId));
  const now = Date.now();
  const chats = Math.ceil(count / CASES_PER_CHAT);
  const chatIds = Array.from({ length: chats }, () => randomUUID());
  const merchantIds = Array.from({ length: chats }, () => randomUUID());
  for (let from = 0; from < chats; from += INSERT_BATCH) {
    const m = merchantIds.slice(from, from + INSERT_BATCH);
    const c = chatIds.slice(from, from + INSERT_BATCH);
    await sql.query(`INSERT INTO "Merchant" (id) SELECT unnest($1::text[])`, [m]);
    await sql.query(
      `INSERT INTO "Chat" (id, platform, "externalChatId", "merchantId", "updatedAt")
       SELECT id, 'console', 'bench-memory-' || id, merchant, now() AT TIME ZONE 'UTC' FROM unnest($1::text[], $2::text[]) AS t(id, merchant)`,
      [c, m],
    );
  }
  // deadlineFor per distinct (type, minute opened): 2 × 60 calls, not one per case.
  const memo = new Map<string, ReturnType<typeof deadlineFor>>();
  const deadlines: Array<{ id: string; dueAt: Date }> = [];
  let estimated = 0;
  for (let from = 0; from < count; from += INSERT_BATCH) {
    const rows = Array.from({ length: Math.min(INSERT_BATCH, count - from) }, (_, k) => {
      const i = from + k;
      const type = i % 2 === 0 ? ('return' as const) : ('quality' as const);
      const step = type === 'return' ? ('review' as const) : ('first_contact' as const);
      const minutesAgo = i % 60;
      const openedAt = new Date(Math.floor(now / MINUTE) * MINUTE - minutesAgo * MINUTE);
      const key = `${step}:${minutesAgo}`;
      const deadline = memo.get(key) ?? deadlineFor(step, openedAt, calendar, policy);
      // Pending timers only: a deadline already due would fire during the measurement.
      if (deadline.dueAt.getTime() < now + 10 * MINUTE) throw new Error(`memory: a ${step} deadline opened ${openedAt.toISOString()} is due ${deadline.dueAt.toISOString()}, too soon to stay pending`);
      memo.set(key, deadline);
      if (deadline.calendar === 'estimated') estimated += 1;
      const chat = Math.floor(i / CASES_PER_CHAT);
      return { id: randomUUID(), deadlineId: randomUUID(), number: `BM-${String(i).padStart(7, '0')}`, type, status: initialStatus(type), merchantId: merchantIds[chat] ?? '', chatId: chatIds[chat] ?? '', openedAt, step, deadline };
    });
    const iso = (d: Date) => d.toISOString();
    await sql.query(
      `INSERT INTO "Case" (id, number, type, status, "merchantId", "chatId", "calendarLabel", "openedAt", "updatedAt")
       SELECT id, number, type::"CaseType", status, merchant, chat, label, opened::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, number, type, status, merchant, chat, label, opened)`,
      [rows.map((r) => r.id), rows.map((r) => r.number), rows.map((r) => r.type), rows.map((r) => r.status), rows.map((r) => r.merchantId), rows.map((r) => r.chatId), rows.map((r) => r.deadline.calendar), rows.map((r) => iso(r.openedAt))],
    );
    await sql.query(
      `INSERT INTO "CaseDeadline" (id, "caseId", step, clause, "startedAt", "dueAt", "calendarLabel", "timersFor", "updatedAt")
       SELECT id, "caseId", step, clause, started::timestamptz AT TIME ZONE 'UTC', due::timestamptz AT TIME ZONE 'UTC', label, due::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, "caseId", step, clause, started, due, label)`,
      [rows.map((r) => r.deadlineId), rows.map((r) => r.id), rows.map((r) => r.step), rows.map((r) => r.deadline.clause), rows.map((r) => iso(r.openedAt)), rows.map((r) => iso(r.deadline.dueAt)), rows.map((r) => r.deadline.calendar)],
    );
    for (const r of rows) deadlines.push({ id: r.deadlineId, dueAt: r.deadline.dueAt });
  }
  log(`  memory: ${count} open cases with deadlines inserted in ${Math.round(performance.now() - started)} ms`);
  const fillMs = await fill(queue, deadlines.length, (i) => {
    const d = deadlines[i] ?? { id: '', dueAt: new Date(now) };
    const data: SlaJob = { deadlineId: d.id, stage: 'breach', dueAt: d.dueAt.getTime(), fireAt: d.dueAt.getTime() };
    return { name: 'sla', data: data as FollowupJob, opts: { jobId: slaTimerJobId(d.id, 'breach', d.dueAt), delay: Math.max(0, d.dueAt.getTime() - Date.now()), ...FOLLOWUP_RETENTION, ...FOLLOWUP_ATTEMPTS } };
  });
  const delayed = await queue.getJobCounts('delayed');
  log(`  memory: ${deadlines.length} SLA breach timers added in ${fillMs} ms (${delayed.delayed ?? 0} delayed)`);
  if ((delayed.delayed ?? 0) < count) throw new Error(`memory: ${delayed.delayed ?? 0} delayed timers, expected ${count}`);
  return { cases: count, timers: delayed.delayed ?? 0, estimated, ms: Math.round(performance.now() - started) };
}

/** Starts the bot in a child process on `env`, waits for its figures, stops it. */
async function measureBot(env: Record<string, string>, settleMs: number): Promise<ChildMemory> {
  const child = fork(new URL('./memory-child.ts', import.meta.url), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'warn', BENCH_SETTLE_MS: String(settleMs), ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await new Promise<ChildMemory>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('memory: the bot did not report within 180 s')), 180_000);
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve(message as ChildMemory);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`memory: the bot exited with ${code} before reporting`));
      });
    });
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
  }
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** One mode: the bot on an empty database, then on one holding `count` open cases and timers. */
async function memoryInMode(mode: Mode, count: number, settleMs: number): Promise<Record<string, unknown> & { summary: SummaryRow[] }> {
  const empty = await openTarget(mode);
  let emptyBot: ChildMemory;
  try {
    await empty.release();
    emptyBot = await measureBot(empty.env, settleMs);
  } finally {
    await empty.drop();
  }
  const full = await openTarget(mode);
  try {
    const sql = createSqlPool(full.databaseUrl, 4);
    const backend = full.backend();
    let filled: Awaited<ReturnType<typeof fillOpenCases>>;
    try {
      filled = await fillOpenCases(sql, backend, count, console.log);
    } finally {
      await backend.close();
      await sql.end();
    }
    await full.release();
    const fullBot = await measureBot(full.env, settleMs);
    const setting = `${mode === 'embedded' ? 'embedded (PGlite in the process)' : 'PostgreSQL + Redis'}, ${count.toLocaleString('en-US')} open cases + timers vs empty`;
    const floorName = 'same bot, empty database';
    console.log(`\n### memory (${setting})\n`);
    console.log('| database | start | sweep | RSS after GC | heap used | peak RSS: at start / after sweep / in all |\n|---|---|---|---|---|---|');
    for (const [label, m] of [['empty', emptyBot], [`${count} open cases, ${filled.timers} delayed timers`, fullBot]] as const) {
      console.log(`| ${label} | ${m.startMs} ms | ${m.sweepMs} ms | ${mb(m.rssBytes)} MB | ${mb(m.heapUsedBytes)} MB | ${mb(m.peakAfterStartBytes)} / ${mb(m.peakAfterSweepBytes)} / ${mb(m.peakRssBytes)} MB |`);
    }
    return {
      mode,
      filled,
      empty: emptyBot,
      full: fullBot,
      summary: [
        compare({ measure: 'bot RSS after GC', setting, unit: 'MB', ours: mb(fullBot.rssBytes), floorName, floor: mb(emptyBot.rssBytes) }),
        compare({ measure: 'bot peak RSS (start, sweep, settle)', setting, unit: 'MB', ours: mb(fullBot.peakRssBytes), floorName, floor: mb(emptyBot.peakRssBytes) }),
        compare({ measure: 'bot JS heap used after GC', setting, unit: 'MB', ours: mb(fullBot.heapUsedBytes), floorName, floor: mb(emptyBot.heapUsedBytes) }),
      ],
    };
  } finally {
    await full.drop();
  }
}

/**
 * memory: the resident memory of the bot process (startApp in a child process, measured with
 * process.memoryUsage().rss after two forced GCs, and its peak RSS) with `--cases` (100,000; 5,000 with
 * --quick) open cases and as many pending SLA timers, against the same bot on an empty database, in every
 * mode under test (`--modes`). The bot starts, runs a follow-up sweep and settles for `--settle-ms` (3 s)
 * before it is measured: anything its start or sweeps load per open case shows here.
 */
export async function benchMemory(options: Record<string, string> = {}): Promise<BenchOutput> {
  const quick = options.quick === 'true';
  const count = Number(options.cases ?? (quick ? 5_000 : 100_000));
  const settleMs = Number(options['settle-ms'] ?? (quick ? 1_000 : 3_000));
  const modes = options.modes ? (options.modes.split(',').map((m) => m.trim()) as Mode[]) : modesUnderTest();
  const byMode: Record<string, unknown> = {};
  const summary: SummaryRow[] = [];
  for (const mode of modes) {
    const result = await memoryInMode(mode, count, settleMs);
    summary.push(...result.summary);
    byMode[mode] = { ...result, summary: undefined };
  }
  return { cases: count, settleMs, modes: byMode, summary };
}
