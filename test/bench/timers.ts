import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Queue, Worker, createPostgresBackend, withBackend, type Job, type Processor } from 'bullmq';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { FOLLOWUP_ATTEMPTS, FOLLOWUP_RETENTION, type FollowupJob, type SlaJob } from '../../src/followups/followup-jobs.ts';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres.ts';
import { startTestApp } from '../support/app-harness.ts';
import { createRedisPrefix, serviceUrls } from '../support/services.ts';
import { quantile } from './quantile.ts';
import { compare, type BenchOutput, type SummaryRow } from './summary.ts';

/** Where the filler jobs are due: far beyond the run, so they only weigh on the delayed set. */
const FILLER_DELAY_MS = 24 * 3600 * 1000;
/** Probe delays are spread evenly over this window. */
const PROBE_FIRST_MS = 2_000;
const PROBE_LAST_MS = 8_000;
/** Filler jobs per addBulk call. */
export const FILL_BATCH = 1_000;
/** The follow-up worker's concurrency (start-followups.ts default); the raw worker gets the same. */
const CONCURRENCY = 4;
/** Deadlines (due in a day) reconciled once before the measured run, in the bot's case only. */
const WARMUP_DEADLINES = 20;

type Backend = 'redis' | 'embedded';

interface Lateness {
  p50: number;
  p99: number;
  max: number;
}

interface SideResult {
  backend: Backend;
  pending: number;
  side: 'raw BullMQ' | 'ours';
  fillMs: number;
  /** Time to put the probes on the queue (ours: one reconcile run over the probe deadlines). */
  scheduleMs: number;
  probes: number;
  /** Ran minus the intended time: addedAt + delay (raw), the job's fireAt, as the bot's metric sees it (ours). */
  latenessMs: Lateness;
  /** Ran minus the job's own add time + delay, on both sides: the queue's share alone. */
  queueLatenessMs: Lateness;
}

interface ProbeTiming {
  /** When the job was meant to run, epoch ms. */
  intended: number;
  job: Job;
}

function lateness(values: number[]): Lateness {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: Math.round(quantile(sorted, 0.5)), p99: Math.round(quantile(sorted, 0.99)), max: Math.round(sorted.at(-1) ?? 0) };
}

/** Lateness of finished probes, read back from their job records (processedOn is set as a worker takes the job). */
function summarize(timings: ProbeTiming[]): { latenessMs: Lateness; queueLatenessMs: Lateness } {
  const ran = (job: Job) => {
    if (job.processedOn === undefined) throw new Error(`probe ${job.id ?? '?'} has no processedOn`);
    return job.processedOn;
  };
  return {
    latenessMs: lateness(timings.map((t) => ran(t.job) - t.intended)),
    queueLatenessMs: lateness(timings.map((t) => ran(t.job) - (t.job.timestamp + (t.job.opts.delay ?? 0)))),
  };
}

async function waitFor(what: string, timeoutMs: number, done: () => Promise<boolean> | boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`timers bench: ${what} not done within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Adds `count` jobs to the queue in batches of FILL_BATCH; returns the time taken (ms). */
export async function fill<J>(queue: { addBulk(jobs: J[]): Promise<unknown> }, count: number, job: (i: number) => NoInfer<J>): Promise<number> {
  const start = performance.now();
  for (let from = 0; from < count; from += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, count - from) }, (_, k) => job(from + k));
    await queue.addBulk(batch);
  }
  return Math.round(performance.now() - start);
}

function probeDelay(i: number, probes: number): number {
  return Math.round(PROBE_FIRST_MS + ((PROBE_LAST_MS - PROBE_FIRST_MS) * i) / Math.max(1, probes - 1));
}

/** Bare BullMQ classes on one backend, each run on a queue of its own, closed by `close()`. */
interface RawBullmq {
  queue(name: string): Queue<{ i: number }, void>;
  worker(name: string, processor: Processor<{ i: number }, void>): Worker<{ i: number }, void>;
  close(): Promise<void>;
}

async function rawOnRedis(redisUrl: string): Promise<RawBullmq> {
  const { prefix, cleanup } = await createRedisPrefix(redisUrl);
  const opened: Array<Queue<{ i: number }, void> | Worker<{ i: number }, void>> = [];
  const connections: Redis[] = [];
  const connect = () => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  return {
    queue: (name) => {
      const queue = new Queue<{ i: number }, void>(name, { connection: connect(), prefix });
      opened.push(queue);
      return queue;
    },
    worker: (name, processor) => {
      const worker = new Worker<{ i: number }, void>(name, processor, { connection: connect(), prefix, concurrency: CONCURRENCY });
      opened.push(worker);
      return worker;
    },
    async close() {
      for (const item of opened.reverse()) await item.close();
      for (const connection of connections) await connection.quit();
      await cleanup();
    },
  };
}

/** BullMQ's PostgreSQL backend on a fresh embedded PGlite of its own, as the bot's embedded mode uses it. */
async function rawOnEmbedded(): Promise<RawBullmq> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-bench-timers-'));
  const embedded = await startEmbeddedPostgres(dir);
  const pg = withBackend(createPostgresBackend);
  const connection = { connectionString: embedded.url, schema: 'bullmq', max: 5, migrate: true };
  const opened: Array<{ close(): Promise<void> }> = [];
  return {
    queue: (name) => {
      const queue = new pg.Queue<{ i: number }, void>(name, { connection });
      opened.push(queue);
      return queue as unknown as Queue<{ i: number }, void>;
    },
    worker: (name, processor) => {
      const worker = new pg.Worker<{ i: number }, void>(name, processor as never, { connection, concurrency: CONCURRENCY });
      opened.push(worker);
      return worker as unknown as Worker<{ i: number }, void>;
    },
    async close() {
      for (const item of opened.reverse()) await item.close();
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Raw: a bare Queue and Worker. The worker runs from the start (as the bot's does), N filler jobs
 * due in a day are added in bulk, then the probes one by one, with delays spread over 2–8 s.
 */
async function runRaw(backend: Backend, pending: number, probes: number, log: (line: string) => void): Promise<SideResult> {
  const raw = backend === 'redis' ? await rawOnRedis(serviceUrls.redis ?? '') : await rawOnEmbedded();
  try {
    const name = `bench-timers-${pending}`;
    const queue = raw.queue(name);
    let done = 0;
    raw.worker(name, async (job) => {
      if (job.name === 'probe') done += 1;
    });
    // First use creates the PostgreSQL backend's schema: done before the clock starts, as the bot's is by then.
    await queue.getJobCounts('delayed');
    const fillMs = await fill(queue, pending, (i) => ({ name: 'filler', data: { i }, opts: { delay: FILLER_DELAY_MS } }));
    log(`  raw BullMQ: ${pending} filler jobs added in ${fillMs} ms`);
    const scheduleStart = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < probes; i++) {
      const job = await queue.add('probe', { i }, { delay: probeDelay(i, probes) });
      if (!job.id) throw new Error('probe added without an id');
      ids.push(job.id);
    }
    const scheduleMs = Math.round(performance.now() - scheduleStart);
    await waitFor('raw probes', PROBE_LAST_MS + 120_000, () => done >= probes);
    const timings = await Promise.all(
      ids.map(async (id) => {
        const job = await queue.getJob(id);
        if (!job) throw new Error(`probe ${id} is gone`);
        return { intended: job.timestamp + (job.opts.delay ?? 0), job };
      }),
    );
    return { backend, pending, side: 'raw BullMQ', fillMs, scheduleMs, probes, ...summarize(timings) };
  } finally {
    await raw.close();
  }
}

/**
 * Ours: the bot itself (startApp: its queue backend, its follow-up worker). N filler SLA jobs (the bot's
 * job name, payload, retention, attempts and deterministic ids) due in a day, then M real cases whose
 * deadlines fall due 2–8 s ahead, scheduled by the bot's own reconcile run; each probe fires the real
 * runSlaTimer, which records the breach. Lateness is read against the job's fireAt, as the bot's metric.
 */
async function runOurs(backend: Backend, pending: number, probes: number, log: (line: string) => void): Promise<SideResult> {
  // No warnings, so each deadline owes exactly one timer (its breach); the sweep stays out of the way.
  const t = await startTestApp({ mode: backend === 'redis' ? 'services' : 'embedded', env: { SLA_WARN_AT: 'none', FOLLOWUP_SWEEP_MS: '3600000' } });
  try {
    const { prisma, followups } = t.app;
    const queue = followups.queue;
    const fillerDue = Date.now() + FILLER_DELAY_MS;
    const fillMs = await fill(queue, pending, (i) => {
      const data: SlaJob = { deadlineId: `filler-${i}`, stage: 'breach', dueAt: fillerDue, fireAt: fillerDue };
      return { name: 'sla', data: data as FollowupJob, opts: { jobId: slaTimerJobId(data.deadlineId, 'breach', new Date(fillerDue)), delay: FILLER_DELAY_MS, ...FOLLOWUP_RETENTION, ...FOLLOWUP_ATTEMPTS } };
    });
    log(`  ours: ${pending} filler SLA jobs added in ${fillMs} ms`);

    const merchant = await prisma.merchant.create({ data: {} });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `bench-timers-${randomUUID()}`, merchantId: merchant.id } });
    /** `count` cases with one deadline each, due `delay(i)` ms from now; returns the deadlines. */
    const insertDeadlines = async (step: string, count: number, delay: (i: number) => number) => {
      const caseIds = Array.from({ length: count }, () => randomUUID());
      await prisma.case.createMany({ data: caseIds.map((id) => ({ id, number: `BENCH-${id}`, type: 'return' as const, status: 'open', merchantId: merchant.id, chatId: chat.id })) });
      const base = Date.now();
      const deadlines = caseIds.map((caseId, i) => {
        const dueAt = new Date(base + delay(i));
        return { id: randomUUID(), caseId, step, clause: 'bench', startedAt: new Date(dueAt.getTime() - 3600_000), dueAt };
      });
      await prisma.caseDeadline.createMany({ data: deadlines });
      return deadlines;
    };
    // Warm-up: one reconcile run over deadlines due in a day (their timers join the pending ones), so the
    // measured run does not pay for first queries and compilation.
    await insertDeadlines('warmup', WARMUP_DEADLINES, () => FILLER_DELAY_MS);
    await followups.reconcile();

    const deadlines = await insertDeadlines('bench', probes, (i) => probeDelay(i, probes));
    const scheduleStart = performance.now();
    const handled = await followups.reconcile();
    const scheduleMs = Math.round(performance.now() - scheduleStart);
    if (handled !== probes) throw new Error(`reconcile handled ${handled} deadlines, expected ${probes}`);

    await waitFor('SLA breaches', PROBE_LAST_MS + 120_000, async () => (await prisma.caseDeadline.count({ where: { step: 'bench', breachedAt: { not: null } } })) >= probes);
    const timings = await Promise.all(
      deadlines.map(async (d) => {
        const job = await queue.getJob(slaTimerJobId(d.id, 'breach', d.dueAt));
        if (!job) throw new Error(`SLA job of deadline ${d.id} is gone`);
        return { intended: (job.data as SlaJob).fireAt, job };
      }),
    );
    return { backend, pending, side: 'ours', fillMs, scheduleMs, probes, ...summarize(timings) };
  } finally {
    await t.stop();
  }
}

function listOption(options: Record<string, string>, name: string, fallback: string): string[] {
  return (options[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * timers: how late delayed jobs run when many more are pending. For each backend (Redis, the embedded
 * PGlite) and each size N (10,000 and 100,000; `--quick`: 1,000 with 100 probes; or `--sizes a,b`), N filler
 * jobs due in a day, then `--probes` (300) jobs due 2–8 s ahead; lateness = when a worker took the probe
 * minus when it was due. Raw BullMQ (a bare Queue/Worker) and ours (the bot's follow-up path) in the same
 * run, each on a fresh queue and database. Redis needs REDIS_URL and DATABASE_URL (the bot's rows).
 */
export async function benchTimers(options: Record<string, string>): Promise<BenchOutput> {
  const sizes = listOption(options, 'sizes', options.quick === 'true' ? '1000' : '10000,100000').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`--sizes expects non-negative integers, got ${options.sizes}`);
  const probes = Number(options.probes ?? (options.quick === 'true' ? 100 : 300));
  if (!Number.isInteger(probes) || probes < 1) throw new Error(`--probes expects a positive integer, got ${options.probes}`);
  const wanted = listOption(options, 'backends', 'redis,embedded') as Backend[];
  const backends = wanted.filter((b) => {
    if (b === 'redis' && !(serviceUrls.redis && serviceUrls.database)) {
      console.log('timers: Redis skipped (needs REDIS_URL and DATABASE_URL)');
      return false;
    }
    return b === 'redis' || b === 'embedded';
  });
  const loadBefore = os.loadavg()[0] ?? 0;
  const started = performance.now();
  const rows: SideResult[] = [];
  for (const backend of backends) {
    for (const pending of sizes) {
      console.log(`timers: ${backend}, ${pending} pending delayed jobs`);
      rows.push(await runRaw(backend, pending, probes, console.log));
      rows.push(await runOurs(backend, pending, probes, console.log));
    }
  }
  const loadAfter = os.loadavg()[0] ?? 0;
  const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 100) / 100);
  const ratios = backends.flatMap((backend) =>
    sizes.map((pending) => {
      const raw = rows.find((r) => r.backend === backend && r.pending === pending && r.side === 'raw BullMQ');
      const ours = rows.find((r) => r.backend === backend && r.pending === pending && r.side === 'ours');
      if (!raw || !ours) throw new Error('missing row');
      return {
        backend,
        pending,
        p50: ratio(ours.latenessMs.p50, raw.latenessMs.p50),
        p99: ratio(ours.latenessMs.p99, raw.latenessMs.p99),
        queueP99: ratio(ours.queueLatenessMs.p99, raw.queueLatenessMs.p99),
        // Ratios of a few milliseconds mean little: the differences are given beside them.
        p50ExtraMs: ours.latenessMs.p50 - raw.latenessMs.p50,
        p99ExtraMs: ours.latenessMs.p99 - raw.latenessMs.p99,
        queueP99ExtraMs: ours.queueLatenessMs.p99 - raw.queueLatenessMs.p99,
      };
    }),
  );

  const fmt = (n: number) => n.toLocaleString('en-US');
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`\n### timers (${probes} probes due 2–8 s ahead per run; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}; ${seconds} s)\n`);
  console.log('| backend | pending delayed | side | fill | schedule probes | lateness p50 | p99 | max | queue-only p50 | p99 |\n|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${fmt(r.pending)} | ${r.side} | ${(r.fillMs / 1000).toFixed(1)} s | ${r.scheduleMs} ms | ${r.latenessMs.p50} ms | ${r.latenessMs.p99} ms | ${r.latenessMs.max} ms | ${r.queueLatenessMs.p50} ms | ${r.queueLatenessMs.p99} ms |`,
    );
  }
  console.log('\nours / raw, and ours - raw (lateness p50, p99; queue-only p99; n/a where raw is 0 ms):\n');
  const both = (r: number | null, extra: number) => `${r ?? 'n/a'} (${extra >= 0 ? '+' : ''}${extra} ms)`;
  for (const r of ratios) console.log(`  ${r.backend}, ${fmt(r.pending)} pending: p50 ${both(r.p50, r.p50ExtraMs)}, p99 ${both(r.p99, r.p99ExtraMs)}, queue-only p99 ${both(r.queueP99, r.queueP99ExtraMs)}`);
  const summary: SummaryRow[] = [];
  for (const backend of backends) {
    for (const pending of sizes) {
      const raw = rows.find((r) => r.backend === backend && r.pending === pending && r.side === 'raw BullMQ');
      const ours = rows.find((r) => r.backend === backend && r.pending === pending && r.side === 'ours');
      if (!raw || !ours) continue;
      const setting = `${backend === 'redis' ? 'Redis' : 'embedded PGlite'}, ${fmt(pending)} pending`;
      const note = `ours − raw: ${ours.latenessMs.p99 - raw.latenessMs.p99} ms; a few ms either way is noise`;
      summary.push(compare({ measure: 'timer lateness p50', setting, unit: 'ms', ours: ours.latenessMs.p50, floorName: 'raw BullMQ', floor: raw.latenessMs.p50 }));
      summary.push(compare({ measure: 'timer lateness p99', setting, unit: 'ms', ours: ours.latenessMs.p99, floorName: 'raw BullMQ', floor: raw.latenessMs.p99, note }));
    }
  }
  return { probes, probeDelayMs: [PROBE_FIRST_MS, PROBE_LAST_MS], fillerDelayMs: FILLER_DELAY_MS, concurrency: CONCURRENCY, loadAverage: { before: loadBefore, after: loadAfter }, seconds, rows, ratios, summary };
}
