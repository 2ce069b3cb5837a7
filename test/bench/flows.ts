import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startTestApp } from '../support/app-harness.ts';
import type { ConversationInput, Reply } from '../../src/contracts/conversation.ts';
import type { SqlPool } from '../../src/store/sql-pool.ts';
import { benchScript, buttonFor } from './bench-script.ts';
import { startMinimalPipeline } from './minimal-pipeline.ts';
import { perMessage, startRoundTripCounter } from './pg-round-trips.ts';
import { quantile } from './quantile.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000 * 10) / 10;
}

function percentiles(values: number[]): { p50: number; p99: number } {
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

interface Answer {
  status: number;
  replies: Reply[];
}

/**
 * CHATS clients at once, each sending the script ROUNDS times in order and waiting for each
 * answer: the same load for the bot and for the minimal pipeline.
 */
async function drive(send: (chatId: string, step: (typeof benchScript)[number], replies: Reply[]) => Promise<Answer>) {
  let sent = 0;
  const latencies: number[] = [];
  const run = await timed(() =>
    Promise.all(
      Array.from({ length: CHATS }, async (_, c) => {
        const chatId = `bench-${c}-${randomUUID().slice(0, 8)}`;
        for (let round = 0; round < ROUNDS; round++) {
          let replies: Reply[] = [];
          for (const step of benchScript) {
            const started = performance.now();
            const answer = await send(chatId, step, replies);
            latencies.push(performance.now() - started);
            if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
            replies = answer.replies;
            sent += 1;
          }
        }
      }),
    ),
  );
  return { sent, ms: run.ms, perSecond: perSecond(sent, run.ms), latencyMs: percentiles(latencies) };
}

/**
 * flows: the orchestrator alone (in-process, real case service and database); the whole console
 * path over HTTP with many chats at once; and, in the same run on the same database and queue
 * backend, a minimal pipeline written in the bench (HTTP POST → insert → enqueue → worker → insert
 * reply → answer) under the same load: the bot's figure is read against what its stack allows.
 * The bot's PostgreSQL round trips and writing commits per message are counted in-process.
 */
export async function benchFlows(): Promise<Record<string, unknown>> {
  // Throughput, not the console's patience, is measured: replies may take longer than the default 10 s under this load.
  const t = await startTestApp({ env: { CONSOLE_REPLY_TIMEOUT_MS: '120000' } });
  const counter = startRoundTripCounter();
  try {
    const { prisma, sql } = t.app;
    const script = benchScript;
    const mode = t.app.mode;

    // Orchestrator in-process: scripted conversations handled one after another, state carried between messages.
    const orchestrator = t.app.orchestrator;
    const merchant = await prisma.merchant.create({ data: {} });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `bench-${randomUUID()}`, merchantId: merchant.id } });
    let handled = 0;
    const inProcess = await timed(async () => {
      for (let round = 0; round < ROUNDS * 20; round++) {
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

    // The bot, end to end over HTTP: CHATS chats at once, each sending the script in order.
    const botCommitsBefore = await committedTransactions(sql);
    const botBefore = counter.snapshot();
    const profile = await startCpuProfile();
    const waits = sampleDatabaseWaits(sql);
    const bot = await drive((chatId, step, replies) => ('send' in step ? t.send(chatId, step.send) : t.press(chatId, buttonFor(step, replies))));
    const busy = await waits.stop();
    await profile.stop();
    const botCounted = perMessage(botBefore, counter.snapshot(), bot.sent);
    const botCommitsAfter = await committedTransactions(sql);

    // The minimal pipeline, same database, same queue backend, same worker concurrency, same load.
    const databaseUrl = (sql as unknown as { options: { connectionString: string } }).options.connectionString;
    const minimal = await startMinimalPipeline({ databaseUrl, backend: t.app.queueBackend, concurrency: t.config.workerConcurrency });
    let minimalRun: Awaited<ReturnType<typeof drive>>;
    let minimalCounted: ReturnType<typeof perMessage>;
    try {
      const minimalBefore = counter.snapshot();
      minimalRun = await drive(async (chatId, step) => {
        const res = await fetch(minimal.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId, text: 'send' in step ? step.send : step.pressPrefix }) });
        const parsed = (await res.json()) as { replies: Reply[] };
        return { status: res.status, replies: parsed.replies };
      });
      minimalCounted = perMessage(minimalBefore, counter.snapshot(), minimalRun.sent);
    } finally {
      await minimal.close();
    }

    const ratio = Math.round((bot.perSecond / minimalRun.perSecond) * 1000) / 1000;
    const result = {
      mode,
      chats: CHATS,
      scriptLength: script.length,
      messages: bot.sent,
      orchestratorMessagesPerSecond: perSecond(handled, inProcess.ms),
      consoleMessagesPerSecond: bot.perSecond,
      consoleLatencyMs: bot.latencyMs,
      minimalPipelineMessagesPerSecond: minimalRun.perSecond,
      minimalPipelineLatencyMs: minimalRun.latencyMs,
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
    const fmt = (n: number) => n.toLocaleString('en-US');
    console.log(`\n### flows (${mode.database} database, ${mode.queue} queue, ${CHATS} concurrent chats, ${bot.sent} messages each)\n`);
    console.log('| measure | msg/s | p50 | p99 | PostgreSQL round trips / msg | writing commits / msg |\n|---|---|---|---|---|---|');
    console.log(`| orchestrator, in-process | ${fmt(result.orchestratorMessagesPerSecond)} | | | | |`);
    console.log(`| console end to end over HTTP | ${fmt(bot.perSecond)} | ${bot.latencyMs.p50} ms | ${bot.latencyMs.p99} ms | ${botCounted.roundTrips} | ${botCounted.writeCommits} |`);
    console.log(`| minimal pipeline (POST → insert → enqueue → worker → insert reply → answer) | ${fmt(minimalRun.perSecond)} | ${minimalRun.latencyMs.p50} ms | ${minimalRun.latencyMs.p99} ms | ${minimalCounted.roundTrips} | ${minimalCounted.writeCommits} |`);
    console.log(`\nconsole / minimal pipeline = ${ratio}`);
    if (result.consolePerMessage.transactionsCommitted !== null) console.log(`console: ${result.consolePerMessage.transactionsCommitted} committed transactions per message by pg_stat_database (reads included, whole database)`);
    console.log('\nconsole run, busy database backends by what they were doing (% of samples):\n');
    if (busy.length === 0) console.log('  (no samples: this database does not report its backends)');
    for (const b of busy) console.log(`  ${b.share.toFixed(1).padStart(5)}%  ${b.what}`);
    console.log('\nconsole statements per message (most frequent first):\n');
    for (const s of botCounted.statements) console.log(`  ${s.perMessage.toFixed(2)}  ${s.statement}`);
    return result;
  } finally {
    counter.stop();
    await t.stop();
  }
}
