import { checkLine, loadLabelledAnswers, ANSWERS_DIR, type LabelledAnswer } from '../eval/answers.ts';
import { PolicyRetriever } from '../../src/consult/retrieval.ts';
import { defaultClauses, defaultFaq } from '../../src/domain/policy/defaults.ts';
import { timeEach, type ItemLatency } from './latency.ts';
import { figure, type BenchOutput } from './summary.ts';

const retriever = new PolicyRetriever(defaultClauses, defaultFaq);

const REPETITIONS = Number(process.env.BENCH_CHECK_REPETITIONS ?? 50);

/**
 * One timed stage of answering a question, run once per labelled answer. Retrieval (issue #16, item 2) is added
 * here as another stage, e.g. `{ name: 'retrieval', run: (line) => retrieve(line.question, line.questionLang) }`,
 * and gets its own row in the same table.
 */
export interface CheckBenchStage {
  name: string;
  run(line: LabelledAnswer): unknown;
}

/** The stages measured by `npm run bench -- checks`. */
export const CHECK_BENCH_STAGES: CheckBenchStage[] = [
  { name: 'rule checker (checkAnswer)', run: (line) => checkLine(line) },
  // The labelled answers' questions, retrieved over the clauses and the FAQ (BM25, typo correction included).
  { name: 'retrieval (PolicyRetriever.retrieve)', run: (line) => retriever.retrieve(line.question) },
];

/**
 * checks: latency per answer of each stage over the labelled answers (test/fixtures/answers), each answer timed
 * on its own, `BENCH_CHECK_REPETITIONS` (default 50) passes after a warm-up pass. Pure CPU work; no I/O.
 */
export async function benchChecks(options: Record<string, string>): Promise<BenchOutput> {
  const lines = loadLabelledAnswers(ANSWERS_DIR);
  const repetitions = Number(options.repetitions ?? (options.quick === 'true' ? 3 : REPETITIONS));
  const rows: Array<{ stage: string } & ItemLatency> = [];
  for (const stage of CHECK_BENCH_STAGES) rows.push({ stage: stage.name, ...(await timeEach(lines, repetitions, (line) => stage.run(line))) });
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  console.log(`\n### checks (${lines.length} labelled answers × ${repetitions} passes; load average ${load})\n\n| stage | answers timed | median | p99 | max | CPU median | CPU p99 |\n|---|---|---|---|---|---|---|`);
  for (const row of rows) console.log(`| ${row.stage} | ${row.samples} | ${row.medianMicros} µs | ${row.p99Micros} µs | ${row.maxMicros} µs | ${row.cpuMedianMicros} µs | ${row.cpuP99Micros} µs |`);
  const summary = rows.flatMap((row) => [
    figure({ measure: `${row.stage}: latency p50 per answer`, setting: `${lines.length} labelled answers`, unit: 'µs', ours: row.medianMicros }),
    figure({ measure: `${row.stage}: latency p99 per answer`, setting: `${lines.length} labelled answers`, unit: 'µs', ours: row.p99Micros, note: `CPU p99 ${row.cpuP99Micros} µs` }),
  ]);
  return { answers: lines.length, repetitions, loadAverage: Number(load), stages: rows, summary };
}
