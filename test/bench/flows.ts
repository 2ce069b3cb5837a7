import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';
import type { ConversationInput, Reply } from '../../src/contracts/conversation.ts';
import type { SqlPool } from '../../src/store/sql-pool.ts';
import { benchScript, buttonFor, type BenchStep } from './bench-script.ts';
import { createBenchClient, type JsonAnswer } from './bench-client.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { startMinimalPipeline } from './minimal-pipeline.ts';
import { perMessage, startRoundTripCounter } from './pg-round-trips.ts';
import { quantile } from './quantile.ts';
import { compare, type BenchOutput, type SummaryRow } from './summary.ts';

export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000 * 10) / 10;
}

export function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(quantile(sorted, q));
  return { p50: at(0.5), p99: at(0.99) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Committed transactions of this database so far, as PostgreSQL counts them (reads included); null where it does not. */
async function committedTransactions(sql: SqlPool): Promise<number | null> {
  try {
    // Statistics reach the shared counters within about a second of a transaction's end.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await sql.query('/* bench */ SELECT pg_stat_clear_snapshot()');
    const { rows } = await sql.query<{ n: string }>('/* bench */ SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()');
    return rows[0] ? Number(rows[0].n) : null;
  } catch {
    return null;
  }
}

/**
 * With BENCH_CPU_PROFILE=<file>, a CPU profile of this process (the bot and its clients) while the
 * console is driven, written as a .cpuprofile (open it in Chrome DevTools or speedscope).
 */
async function startCpuProfile(): Promise<{ stop(): Promise<void> }> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the console run written to ${file}`);
    },
  };
}

/**
 * What this database's busy backends are doing, sampled every 50 ms while the console is driven:
 * on the CPU, or waiting (on a lock, on I/O, on the client), by wait event. Shares of all samples.
 */
function sampleDatabaseWaits(sql: SqlPool): { stop(): Promise<Array<{ share: number; what: string }>> } {
  const counts = new Map<string, number>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await sql
        .query<{ what: string }>(
          `/* bench */ SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS what
           FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
        )
        .catch(() => ({ rows: [] as Array<{ what: string }> }));
      for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + 1);
      total += rows.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([what, n]) => ({ share: Math.round((n / Math.max(1, total)) * 1000) / 10, what }));
    },
  };
}

/** How many chats talk at once, how many times each runs the script, and how many of its steps. */
export interface DriveLoad {
  chats: number;
  rounds: number;
  /** The first `steps` steps of the script (1..8). */
  steps: number;
}

/** One side's end-to-end run: throughput, reply latency and CPU per message. */
export interface DriveResult {
  sent: number;
  ms: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Requests sent again after the server closed their reused keep-alive connection (see bench-client.ts). */
  retries: number;
  /** CPU of this process per message (bot or pipeline, the client, and PGlite in the embedded mode). */
  processCpuMsPerMessage: number;
  /** CPU of the database's PostgreSQL backends per message; null in the embedded mode. */
  postgresCpuMsPerMessage: number | null;
}

/** Connections the client may open: one per chat up to 1,000 (the process's 20,000 descriptors hold both ends). */
export const socketsFor = (chats: number) => Math.min(chats, 1_000);

/**
 * `load.chats` clients at once, each sending the script's first `load.steps` steps `load.rounds` times in
 * order, waiting for each answer: the same load for the bot and for the minimal pipeline. `send` returns
 * the answer; every message must be answered 200 with at least one reply, or the run fails (the invariant
 * "every message got its reply"). CPU is metered over the run (see cpu-meter.ts).
 */
export async function driveChats(
  load: DriveLoad,
  databaseUrl: string | undefined,
  send: (chatId: string, step: BenchStep, replies: Reply[], messageId: string) => Promise<{ status: number; replies: Reply[] }>,
  retries: () => number,
): Promise<DriveResult> {
  const script = benchScript.slice(0, load.steps);
  let sent = 0;
  const latencies: number[] = [];
  const retriesBefore = retries();
  const meter = await startCpuMeter(databaseUrl);
  const run = await timed(() =>
    Promise.all(
      Array.from({ length: load.chats }, async (_, c) => {
        const chatId = `bench-${c}-${randomUUID().slice(0, 8)}`;
        for (let round = 0; round < load.rounds; round++) {
          let replies: Reply[] = [];
          for (const step of script) {
            const started = performance.now();
            const answer = await send(chatId, step, replies, randomUUID());
            latencies.push(performance.now() - started);
            if (answer.status !== 200 || answer.replies.length === 0) throw new Error(`chat ${chatId}: ${JSON.stringify(step)} answered ${answer.status} with ${answer.replies.length} replies`);
            replies = answer.replies;
            sent += 1;
          }
        }
      }),
    ),
  );
  const cpu = await meter.stop();
  const per = (ms: number) => Math.round((ms / Math.max(1, sent)) * 1000) / 1000;
  return {
    sent,
    ms: Math.round(run.ms),
    perSecond: perSecond(sent, run.ms),
    latencyMs: percentiles(latencies),
    retries: retries() - retriesBefore,
    processCpuMsPerMessage: per(cpu.processMs),
    postgresCpuMsPerMessage: cpu.postgresMs === null ? null : per(cpu.postgresMs),
  };
}

/** The bot's console, driven through the bench client: a message carries its own clientMessageId, so a resend is deduplicated. */
export function consoleSender(t: TestApp, client: ReturnType<typeof createBenchClient>) {
  const replies = (answer: JsonAnswer) => ({ status: answer.status, replies: (answer.body.replies as Reply[] | undefined) ?? [] });
  return async (chatId: string, step: BenchStep, last: Reply[], messageId: string) =>
    'send' in step
      ? replies(await client.post(`${t.url}/api/console/messages`, { chatId, text: step.send, clientMessageId: messageId }))
      : replies(await client.post(`${t.url}/api/console/actions`, { chatId, actionId: buttonFor(step, last) }));
}

/** Env for a bot driven by `chats` chats at once: nothing shed, and replies may take longer than the default 10 s under this load. */
export function loadEnv(chats: number): Record<string, string> {
  return { CONSOLE_REPLY_TIMEOUT_MS: '120000', CONSOLE_MAX_WAITING: String(Math.max(500, chats + 100)) };
}

function intOption(options: Record<string, string>, name: string, fallback: number, max = 1_000_000): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} expects an integer in 1..${max}, got ${raw}`);
  return value;
}

/** The database URL the app's sql pool was opened with (the embedded one carries its per-start password). */
const databaseUrlOf = (sql: SqlPool) => (sql as unknown as { options: { connectionString: string } }).options.connectionString;

const modeName = (mode: TestApp['app']['mode']) => (mode.database === 'embedded' ? 'embedded (PGlite, BullMQ on PGlite)' : 'PostgreSQL + Redis');

/**
 * One mode: the orchestrator alone (in-process, real case service and database; `conversations` whole
 * scripts one after another); the whole console path
 * over HTTP with `load.chats` chats at once; and, in the same run on the same database and queue backend,
 * the minimal pipeline written in the bench (HTTP POST → insert → enqueue → worker → insert reply →
 * answer) under the same load: the bot's figure is read against what its stack allows. The bot's
 * PostgreSQL round trips and writing commits per message are counted in-process.
 */
async function flowsInMode(mode: 'embedded' | 'services', load: DriveLoad, conversations: number): Promise<Record<string, unknown> & { summary: SummaryRow[] }> {
  const t = await startTestApp({ mode, env: loadEnv(load.chats) });
  const counter = startRoundTripCounter();
  const client = createBenchClient(socketsFor(load.chats));
  try {
    const { prisma, sql } = t.app;
    const script = benchScript;

    // Orchestrator in-process: scripted conversations handled one after another, state carried between messages.
    const orchestrator = t.app.orchestrator;
    const merchant = await prisma.merchant.create({ data: {} });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `bench-${randomUUID()}`, merchantId: merchant.id } });
    let handled = 0;
    const inProcess = await timed(async () => {
      for (let round = 0; round < conversations; round++) {
        let state: unknown = {};
        let replies: Reply[] = [];
        for (const step of script) {
          const input: ConversationInput = 'send' in step ? { kind: 'message', text: step.send, receivedAt: new Date() } : { kind: 'action', actionId: buttonFor(step, replies), receivedAt: new Date() };
          const result = await orchestrator.handle({ chatId: chat.id, merchantId: merchant.id, lang: 'zh-CN', state }, input);
          state = result.state;
          replies = result.replies;
          handled += 1;
        }
      }
    });

    // The bot, end to end over HTTP: load.chats chats at once, each sending the script in order.
    const external = t.config.databaseUrl;
    const botCommitsBefore = await committedTransactions(sql);
    const botBefore = counter.snapshot();
    const profile = await startCpuProfile();
    const waits = sampleDatabaseWaits(sql);
    const bot = await driveChats(load, external, consoleSender(t, client), client.retries);
    const busy = await waits.stop();
    await profile.stop();
    const botCounted = perMessage(botBefore, counter.snapshot(), bot.sent);
    const botCommitsAfter = await committedTransactions(sql);
    // Every message got exactly one processing: as many processed events as messages sent in this run (plus the warm ones: none).
    const processed = await prisma.inboundEvent.count({ where: { processedAt: { not: null } } });
    if (processed !== bot.sent) throw new Error(`flows (${mode}): ${bot.sent} messages answered but ${processed} inbound events processed`);

    // The minimal pipeline, same database, same queue backend, same worker concurrency, same load.
    const minimal = await startMinimalPipeline({ databaseUrl: databaseUrlOf(sql), backend: t.app.queueBackend, concurrency: t.config.workerConcurrency });
    let minimalRun: DriveResult;
    let minimalCounted: ReturnType<typeof perMessage>;
    try {
      const minimalBefore = counter.snapshot();
      minimalRun = await driveChats(
        load,
        external,
        async (chatId, step) => {
          const text = 'send' in step ? step.send : step.pressPrefix;
          const answer = await client.post(minimal.url, { chatId, text });
          const replies = (answer.body.replies as Reply[] | undefined) ?? [];
          // The pipeline's reply is its worker's: "got: <text>".
          if (answer.status === 200 && replies[0]?.text !== `got: ${text}`) throw new Error(`minimal pipeline answered ${JSON.stringify(replies).slice(0, 200)} to ${text}`);
          return { status: answer.status, replies };
        },
        client.retries,
      );
      minimalCounted = perMessage(minimalBefore, counter.snapshot(), minimalRun.sent);
    } finally {
      await minimal.close();
    }

    const ratio = Math.round((bot.perSecond / minimalRun.perSecond) * 1000) / 1000;
    const setting = modeName(t.app.mode);
    const result = {
      mode: t.app.mode,
      ...load,
      messages: bot.sent,
      orchestratorMessagesPerSecond: perSecond(handled, inProcess.ms),
      console: bot,
      minimalPipeline: minimalRun,
      consoleToMinimalRatio: ratio,
      consolePerMessage: {
        postgresRoundTrips: botCounted.roundTrips,
        writeCommits: botCounted.writeCommits,
        transactionsCommitted: botCommitsBefore === null || botCommitsAfter === null ? null : Math.round(((botCommitsAfter - botCommitsBefore) / bot.sent) * 100) / 100,
        statements: botCounted.statements,
        busyDatabaseSamples: busy,
      },
      minimalPerMessage: { postgresRoundTrips: minimalCounted.roundTrips, writeCommits: minimalCounted.writeCommits },
    };
    const where = `${setting}, ${load.chats.toLocaleString('en-US')} chats`;
    const floorName = 'minimal pipeline';
    const summary: SummaryRow[] = [
      compare({ measure: 'merchant message → reply, throughput', setting: where, unit: 'msg/s', ours: bot.perSecond, floorName, floor: minimalRun.perSecond }),
      compare({ measure: 'merchant message → reply, latency p50', setting: where, unit: 'ms', ours: bot.latencyMs.p50, floorName, floor: minimalRun.latencyMs.p50 }),
      compare({ measure: 'merchant message → reply, latency p99', setting: where, unit: 'ms', ours: bot.latencyMs.p99, floorName, floor: minimalRun.latencyMs.p99 }),
      compare({ measure: 'CPU per message, this process', setting: where, unit: 'ms', ours: bot.processCpuMsPerMessage, floorName, floor: minimalRun.processCpuMsPerMessage }),
    ];
    if (bot.postgresCpuMsPerMessage !== null && minimalRun.postgresCpuMsPerMessage !== null) {
      summary.push(compare({ measure: 'CPU per message, PostgreSQL backends', setting: where, unit: 'ms', ours: bot.postgresCpuMsPerMessage, floorName, floor: minimalRun.postgresCpuMsPerMessage }));
    }
    const fmt = (n: number) => n.toLocaleString('en-US');
    const pg = (n: number | null) => (n === null ? '' : String(n));
    console.log(`\n### flows (${setting}; ${load.chats} chats at once, each sending the first ${load.steps} script steps ${load.rounds}×: ${bot.sent} messages a side)\n`);
    console.log('| measure | msg/s | p50 | p99 | CPU ms/msg (process) | CPU ms/msg (PostgreSQL) | PostgreSQL round trips / msg | writing commits / msg | resent |\n|---|---|---|---|---|---|---|---|---|');
    console.log(`| orchestrator, in-process | ${fmt(result.orchestratorMessagesPerSecond)} | | | | | | | |`);
    console.log(`| console end to end over HTTP | ${fmt(bot.perSecond)} | ${bot.latencyMs.p50} ms | ${bot.latencyMs.p99} ms | ${bot.processCpuMsPerMessage} | ${pg(bot.postgresCpuMsPerMessage)} | ${botCounted.roundTrips} | ${botCounted.writeCommits} | ${bot.retries} |`);
    console.log(`| minimal pipeline (POST → insert → enqueue → worker → insert reply → answer) | ${fmt(minimalRun.perSecond)} | ${minimalRun.latencyMs.p50} ms | ${minimalRun.latencyMs.p99} ms | ${minimalRun.processCpuMsPerMessage} | ${pg(minimalRun.postgresCpuMsPerMessage)} | ${minimalCounted.roundTrips} | ${minimalCounted.writeCommits} | ${minimalRun.retries} |`);
    console.log(`\nconsole / minimal pipeline = ${ratio}`);
    if (result.consolePerMessage.transactionsCommitted !== null) console.log(`console: ${result.consolePerMessage.transactionsCommitted} committed transactions per message by pg_stat_database (reads included, whole database)`);
    console.log('\nconsole run, busy database backends by what they were doing (% of samples):\n');
    if (busy.length === 0) console.log('  (no samples: this database does not report its backends)');
    for (const b of busy) console.log(`  ${b.share.toFixed(1).padStart(5)}%  ${b.what}`);
    console.log('\nconsole statements per message (most frequent first):\n');
    for (const s of botCounted.statements) console.log(`  ${s.perMessage.toFixed(2)}  ${s.statement}`);
    return { ...result, summary };
  } finally {
    client.close();
    counter.stop();
    await t.stop();
  }
}

/**
 * flows: merchant message → reply end to end, the bot against the minimal pipeline, in every mode under
 * test (the embedded default, and PostgreSQL + Redis when DATABASE_URL and REDIS_URL are set; `--modes`).
 * `--chats` (1,000; 50 with --quick) chats at once, each sending the script's first `--steps` (2: the
 * request that opens a draft, then the order number) `--rounds` (1) times. `--chats 200 --steps 8 --rounds 3`
 * is the run the README's earlier figures came from.
 */
export async function benchFlows(options: Record<string, string> = {}): Promise<BenchOutput> {
  const quick = options.quick === 'true';
  const load: DriveLoad = {
    chats: intOption(options, 'chats', Number(process.env.BENCH_CHATS ?? (quick ? 50 : 1_000))),
    rounds: intOption(options, 'rounds', Number(process.env.BENCH_ROUNDS ?? 1)),
    steps: intOption(options, 'steps', 2, benchScript.length),
  };
  const modes = options.modes ? (options.modes.split(',').map((m) => m.trim()) as Array<'embedded' | 'services'>) : modesUnderTest();
  const byMode: Record<string, unknown> = {};
  const summary: SummaryRow[] = [];
  for (const mode of modes) {
    const result = await flowsInMode(mode, load, quick ? 2 : 20);
    summary.push(...result.summary);
    byMode[mode] = { ...result, summary: undefined };
  }
  return { load, modes: byMode, summary };
}
