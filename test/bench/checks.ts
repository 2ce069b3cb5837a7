import { checkLine, loadLabelledAnswers, ANSWERS_DIR, type LabelledAnswer } from '../eval/answers.ts';
import { PolicyRetriever } from '../../src/consult/retrieval.ts';
import { defaultClauses, defaultFaq } from '../../src/domain/policy/defaults.ts';
import { quantile } from './quantile.ts';

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
export async function benchChecks(options: Record<string, string>): Promise<Record<string, unknown>> {
  const lines = loadLabelledAnswers(ANSWERS_DIR);
  const repetitions = Number(options.repetitions ?? REPETITIONS);
  const rows: Array<{ stage: string; samples: number; medianMicros: number; p99Micros: number; maxMicros: number; cpuMedianMicros: number; cpuP99Micros: number }> = [];
  for (const stage of CHECK_BENCH_STAGES) {
    for (const line of lines) stage.run(line);
    // Wall time per answer, and CPU time (user + system) beside it: on a shared machine the wall-time tail is mostly
    // time the process was not scheduled, which the CPU time leaves out.
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let pass = 0; pass < repetitions; pass++) {
      for (const line of lines) {
        const cpuStart = process.cpuUsage();
        const start = process.hrtime.bigint();
        stage.run(line);
        samples.push(Number(process.hrtime.bigint() - start) / 1000);
        const used = process.cpuUsage(cpuStart);
        cpu.push(used.user + used.system);
      }
    }
    samples.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 10) / 10;
    rows.push({
      stage: stage.name,
      samples: samples.length,
      medianMicros: round(quantile(samples, 0.5)),
      p99Micros: round(quantile(samples, 0.99)),
      maxMicros: round(samples.at(-1) ?? 0),
      cpuMedianMicros: round(quantile(cpu, 0.5)),
      cpuP99Micros: round(quantile(cpu, 0.99)),
    });
  }
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  console.log(`\n### checks (${lines.length} labelled answers × ${repetitions} passes; load average ${load})\n\n| stage | answers timed | median | p99 | max | CPU median | CPU p99 |\n|---|---|---|---|---|---|---|`);
  for (const row of rows) console.log(`| ${row.stage} | ${row.samples} | ${row.medianMicros} µs | ${row.p99Micros} µs | ${row.maxMicros} µs | ${row.cpuMedianMicros} µs | ${row.cpuP99Micros} µs |`);
  return { answers: lines.length, repetitions, loadAverage: Number(load), stages: rows };
}
