import os from 'node:os';
import { startTestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';
import { createBenchClient } from './bench-client.ts';
import { consoleSender, driveChats, loadEnv, socketsFor, type DriveResult } from './flows.ts';
import { compare, figure, type BenchOutput, type SummaryRow } from './summary.ts';

/** Chats that warm the bot up (connections, JIT, first statements) before each measured run; not counted. */
const WARMUP_CHATS = 50;

interface Point extends DriveResult {
  chats: number;
  batches: number;
  sockets: number;
}

/**
 * growth: does the cost of a message grow with the number of chats talking at once? For each size N
 * (100, 1,000, 10,000; `--quick`: 10, 50, 200; `--sizes a,b,c`) a fresh bot on a fresh database gets N
 * chats at once, each sending ONE message, the same one (a new chat's "我要退货": the chat and merchant
 * are opened, a draft is started, the reply asks for the order number). Same message per chat, so every
 * size measures the same work; small sizes run in batches of N fresh chats until `--min-messages`
 * (1,000; 100 with --quick) messages are sent, so no figure rests on a hundred messages. Reported per size:
 * msg/s, reply latency p50/p99 (which grow with N by Little's law: N requests wait for one bot), CPU ms per
 * message of this process and of the database's PostgreSQL backends; and the ratio of the largest size to
 * the smallest. Runs on PostgreSQL + Redis when configured (the production shape), else embedded.
 */
export async function benchGrowth(options: Record<string, string> = {}): Promise<BenchOutput> {
  const quick = options.quick === 'true';
  const sizes = (options.sizes ?? (quick ? '10,50,200' : '100,1000,10000')).split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes expects positive integers, got ${options.sizes}`);
  const minMessages = Number(options['min-messages'] ?? (quick ? 100 : 1_000));
  const mode = (options.mode as 'embedded' | 'services' | undefined) ?? modesUnderTest().at(-1) ?? 'embedded';
  const load = { before: os.loadavg()[0] ?? 0 };
  const points: Point[] = [];
  let modeLabel = '';
  for (const chats of sizes) {
    const t = await startTestApp({ mode, env: loadEnv(chats) });
    const sockets = socketsFor(chats);
    const client = createBenchClient(sockets);
    try {
      modeLabel = t.app.mode.database === 'embedded' ? 'embedded' : 'PostgreSQL + Redis';
      const send = consoleSender(t, client);
      await driveChats({ chats: WARMUP_CHATS, rounds: 1, steps: 1 }, undefined, send, client.retries);
      const batches = Math.max(1, Math.ceil(minMessages / chats));
      const runs: DriveResult[] = [];
      for (let b = 0; b < batches; b++) runs.push(await driveChats({ chats, rounds: 1, steps: 1 }, t.config.databaseUrl, send, client.retries));
      const processed = await t.app.prisma.inboundEvent.count({ where: { processedAt: { not: null } } });
      const sent = runs.reduce((n, r) => n + r.sent, 0);
      if (processed !== sent + WARMUP_CHATS) throw new Error(`growth ${chats}: ${sent} messages answered (+${WARMUP_CHATS} warm-up) but ${processed} inbound events processed`);
      const ms = runs.reduce((n, r) => n + r.ms, 0);
      const weighted = (pick: (r: DriveResult) => number) => Math.round((runs.reduce((n, r) => n + pick(r) * r.sent, 0) / sent) * 1000) / 1000;
      const pgRuns = runs.every((r) => r.postgresCpuMsPerMessage !== null);
      points.push({
        chats,
        batches,
        sockets,
        sent,
        ms,
        perSecond: Math.round((sent / ms) * 1000 * 10) / 10,
        // Latency percentiles of the batches: the worst batch's, so a tail is never averaged away.
        latencyMs: { p50: Math.max(...runs.map((r) => r.latencyMs.p50)), p99: Math.max(...runs.map((r) => r.latencyMs.p99)) },
        retries: runs.reduce((n, r) => n + r.retries, 0),
        processCpuMsPerMessage: weighted((r) => r.processCpuMsPerMessage),
        postgresCpuMsPerMessage: pgRuns ? weighted((r) => r.postgresCpuMsPerMessage ?? 0) : null,
      });
      console.log(`growth: ${chats} chats: ${sent} messages in ${batches} batch(es), ${points.at(-1)?.perSecond} msg/s`);
    } finally {
      client.close();
      await t.stop();
    }
  }
  load.before = Math.round(load.before * 100) / 100;
  const loadAfter = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(`\n### growth (${modeLabel}; each chat sends one message, a new chat's "我要退货"; load average ${load.before} → ${loadAfter})\n`);
  console.log('| chats at once | connections | messages | msg/s | p50 | p99 | CPU ms/msg (process) | CPU ms/msg (PostgreSQL) | resent |\n|---|---|---|---|---|---|---|---|---|');
  for (const p of points) console.log(`| ${fmt(p.chats)} | ${fmt(p.sockets)} | ${fmt(p.sent)} | ${p.perSecond} | ${p.latencyMs.p50} ms | ${p.latencyMs.p99} ms | ${p.processCpuMsPerMessage} | ${p.postgresCpuMsPerMessage ?? ''} | ${p.retries} |`);

  const smallest = points[0];
  const largest = points.at(-1);
  if (!smallest || !largest) throw new Error('growth: no sizes measured');
  const summary: SummaryRow[] = points.map((p) =>
    figure({ measure: 'msg/s, one message per chat', setting: `${modeLabel}, ${fmt(p.chats)} chats`, unit: 'msg/s', ours: p.perSecond, note: `CPU ${p.processCpuMsPerMessage} ms/msg process${p.postgresCpuMsPerMessage === null ? '' : `, ${p.postgresCpuMsPerMessage} ms/msg PostgreSQL`}; p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms` }),
  );
  const setting = `${modeLabel}, ${fmt(largest.chats)} vs ${fmt(smallest.chats)} chats`;
  const floorName = `${fmt(smallest.chats)} chats`;
  summary.push(compare({ measure: 'CPU per message, this process', setting, unit: 'ms', ours: largest.processCpuMsPerMessage, floorName, floor: smallest.processCpuMsPerMessage, note: 'flat = 1' }));
  if (largest.postgresCpuMsPerMessage !== null && smallest.postgresCpuMsPerMessage !== null) {
    summary.push(compare({ measure: 'CPU per message, PostgreSQL backends', setting, unit: 'ms', ours: largest.postgresCpuMsPerMessage, floorName, floor: smallest.postgresCpuMsPerMessage, note: 'flat = 1' }));
  }
  summary.push(compare({ measure: 'throughput', setting, unit: 'msg/s', ours: largest.perSecond, floorName, floor: smallest.perSecond, note: 'flat = 1' }));
  return { mode: modeLabel, sizes, minMessages, warmupChats: WARMUP_CHATS, loadAverage: { before: load.before, after: loadAfter }, points, summary };
}
