/**
 * Benchmarks. `npm run bench` runs every one in `benches` marked `inAll`, in order, and writes
 * bench/results.json and bench/results.md; `npm run bench -- <name>...` runs the ones named (and writes
 * the same files with those only). `--quick` (and CI=true) runs each at reduced size, a smoke test of well
 * under 2 minutes, written to bench/results.quick.{json,md} so the committed full results stay. Every figure
 * is reported beside a reference measured in the same run on the same machine, so the ratio is what matters.
 * Traffic goes to 127.0.0.1 only; every loop is bounded.
 *
 * The run exits 1 when a bench throws, or returns no well-formed `summary` (see summary.ts): a bench checks its
 * own invariants (every message answered, every timer fired) and throws when one fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchChecks } from './checks.ts';
import { benchFlows } from './flows.ts';
import { benchGrowth } from './growth.ts';
import { benchMemory } from './memory.ts';
import { benchSql } from './sql.ts';
import { benchTimers } from './timers.ts';
import { benchUnderstanding } from './understanding.ts';
import { benchWebhooks } from './webhooks.ts';
import { renderSummaryMarkdown, summaryProblems, type SummaryRow } from './summary.ts';
import { parseRunnerArgs } from '../support/cli-args.ts';

/** `--name value` or `--name=value` options after the bench names, e.g. `webhooks --seconds 5`; `quick` is 'true' in quick mode. */
export type BenchOptions = Record<string, string>;

interface Bench {
  run(options: BenchOptions): Promise<Record<string, unknown>>;
  /** Part of a plain `npm run bench` (otherwise run only by name). */
  inAll: boolean;
}

// Order of a full run: the CPU-only ones first, then memory and timers (fills), then the traffic runs, longest last.
// A bench added later (e.g. `scale`) gets its line here; `inAll` says whether a plain `npm run bench` runs it.
const benches: Record<string, Bench> = {
  checks: { run: benchChecks, inAll: true },
  understanding: { run: benchUnderstanding, inAll: true },
  sql: { run: benchSql, inAll: true },
  memory: { run: benchMemory, inAll: true },
  timers: { run: benchTimers, inAll: true },
  webhooks: { run: benchWebhooks, inAll: true },
  flows: { run: benchFlows, inAll: true },
  growth: { run: benchGrowth, inAll: true },
  // 1 then 2 `npm start` processes over PostgreSQL + Redis (item 2 of the issue): by name, `npm run bench -- scale`.
  scale: { run: (options) => import('./scale.ts').then((m) => m.benchScale(options)), inAll: false },
};

const { names, options } = parseRunnerArgs(process.argv.slice(2), { flags: ['quick'] });
const quick = options.quick === 'true' || process.env.CI === 'true';
if (quick) options.quick = 'true';
const unknown = names.filter((name) => !benches[name]);
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const selected = names.length > 0 ? names : Object.keys(benches).filter((name) => benches[name]?.inAll);

const started = performance.now();
const uptimeBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
const ran: Array<{ name: string; seconds: number; summary: SummaryRow[]; error?: string; result?: Record<string, unknown> }> = [];
const dir = path.resolve('bench');
const base = quick ? 'results.quick' : 'results';

/**
 * Writes both files; called after every bench, so a run stopped half way leaves what it measured
 * (`complete: false`, the benches not yet run absent). A fixed shape: the same keys in the same order on
 * every run; a failed bench has `error` and `result: null`.
 */
function writeResults(complete: boolean): number {
  const seconds = Math.round((performance.now() - started) / 1000);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageBefore: uptimeBefore, loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100) };
  const at = new Date().toISOString();
  const results = {
    at,
    quick,
    complete,
    seconds,
    machine,
    benches: Object.fromEntries(ran.map((b) => [b.name, { seconds: b.seconds, ...(b.error ? { error: b.error } : {}), summary: b.summary, result: b.result ?? null }])),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${base}.md`), renderSummaryMarkdown({ at, quick, complete, machine, seconds, benches: ran }));
  return seconds;
}

for (const name of selected) {
  const bench = benches[name];
  if (!bench) continue;
  const benchStarted = performance.now();
  console.log(`\n== bench ${name}${quick ? ' (quick)' : ''} ==`);
  let result: Record<string, unknown> | undefined;
  let error: string | undefined;
  try {
    result = await bench.run({ ...options });
    const problems = summaryProblems(name, result);
    if (problems.length > 0) error = problems.join('; ');
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
  }
  const seconds = Math.round((performance.now() - benchStarted) / 100) / 10;
  if (error) console.error(`bench ${name} FAILED: ${error}`);
  const summary = error ? [] : ((result?.summary as SummaryRow[] | undefined) ?? []);
  ran.push({ name, seconds, summary, ...(error ? { error: error.split('\n')[0] ?? error } : {}), ...(result ? { result } : {}) });
  writeResults(false);
}

const seconds = writeResults(true);
console.log(`\nresults written to bench/${base}.json and bench/${base}.md (${seconds} s)`);
const failed = ran.filter((b) => b.error);
if (failed.length > 0) {
  console.error(`\n${failed.length} bench(es) failed: ${failed.map((b) => b.name).join(', ')}`);
  process.exit(1);
}
process.exit(0);
