/**
 * Evaluates the answer rule checker (src/domain/answers/checker) on the labelled answers: whether each answer is
 * blocked as labelled, and precision and recall of blocking per rule and overall. The line format is in
 * test/fixtures/answers/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FIGURE_UNITS, type AnswerCheckContext, type CheckResult, type StructuredAnswer } from '../../src/domain/answers/answer.ts';
import { ANSWER_RULE_IDS, checkAnswer } from '../../src/domain/answers/checker/index.ts';
import { defaultClauses } from '../../src/domain/policy/defaults.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';

export const ANSWERS_DIR = path.resolve('test/fixtures/answers');
export const ANSWERS_HOLDOUT_DIR = path.resolve('test/fixtures/answers-holdout');
/** The links the labelled answers may contain (the eval's stand-in for the configured ones). */
export const EVAL_ALLOWED_LINKS = ['https://support.example.com/'];

const lang = z.enum(['zh', 'en']);
const lineSchema = z.strictObject({
  id: z.string().min(1),
  question: z.string().min(1),
  questionLang: lang,
  answer: z.strictObject({
    text: z.string().min(1),
    lang,
    clauseIds: z.array(z.string()),
    figures: z.array(z.strictObject({ value: z.number(), unit: z.enum(FIGURE_UNITS), quote: z.string() })),
    needsPerson: z.boolean(),
    source: z.enum(['offline', 'llm', 'safe']),
  }),
  merchant: z.strictObject({ caseNumbers: z.array(z.string()), orderNumbers: z.array(z.string()) }),
  topic: z.string().optional(),
  expected: z.enum(['pass', 'block']),
  rules: z.array(z.string()),
  note: z.string().optional(),
});

/** One labelled answer. */
export type LabelledAnswer = z.output<typeof lineSchema> & { file: string };

/** Reads every *.jsonl file of a directory; a malformed line throws with its file and line number. */
export function loadLabelledAnswers(dir: string): LabelledAnswer[] {
  if (!fs.existsSync(dir)) return [];
  const out: LabelledAnswer[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.message}`);
      out.push({ ...parsed.data, file });
    });
  }
  return out;
}

/** The check context of a labelled line. */
export function contextOf(line: LabelledAnswer): AnswerCheckContext {
  return { question: line.question, questionLang: line.questionLang, ...(line.topic ? { topic: line.topic } : {}), merchant: line.merchant, allowedLinks: EVAL_ALLOWED_LINKS };
}

/** Checks one labelled line with the bundled policy. */
export function checkLine(line: LabelledAnswer): CheckResult {
  return checkAnswer(line.answer as StructuredAnswer, contextOf(line), defaultPolicy, defaultClauses);
}

/** Blocking precision and recall: of what was blocked, how much should have been; of what should, how much was. */
export interface Score {
  truePositives: number;
  flagged: number;
  labelled: number;
  precision: number;
  recall: number;
}

/** One line's result. */
export interface AnswerOutcome {
  line: LabelledAnswer;
  result: CheckResult;
  fired: string[];
}

/** The whole evaluation. */
export interface AnswersReport {
  total: number;
  good: number;
  bad: number;
  /** Bad answers blocked / bad answers. */
  badBlocked: number;
  /** Good answers blocked / good answers. */
  goodBlocked: number;
  overall: Score;
  rules: Record<string, Score>;
  outcomes: AnswerOutcome[];
}

function score(truePositives: number, flagged: number, labelled: number): Score {
  return { truePositives, flagged, labelled, precision: flagged === 0 ? 1 : truePositives / flagged, recall: labelled === 0 ? 1 : truePositives / labelled };
}

/** Runs the checker over the labelled answers. */
export function evaluateAnswers(lines: readonly LabelledAnswer[]): AnswersReport {
  const outcomes = lines.map((line) => {
    const result = checkLine(line);
    return { line, result, fired: [...new Set(result.violations.map((v) => v.rule))] };
  });
  const blocked = (o: AnswerOutcome) => o.result.verdict === 'block';
  const bad = outcomes.filter((o) => o.line.expected === 'block');
  const good = outcomes.filter((o) => o.line.expected === 'pass');
  const rules: Record<string, Score> = {};
  for (const id of ANSWER_RULE_IDS) {
    const flagged = outcomes.filter((o) => o.fired.includes(id));
    rules[id] = score(flagged.filter((o) => o.line.rules.includes(id)).length, flagged.length, outcomes.filter((o) => o.line.rules.includes(id)).length);
  }
  return {
    total: outcomes.length,
    good: good.length,
    bad: bad.length,
    badBlocked: bad.length === 0 ? 1 : bad.filter(blocked).length / bad.length,
    goodBlocked: good.length === 0 ? 0 : good.filter(blocked).length / good.length,
    overall: score(bad.filter(blocked).length, outcomes.filter(blocked).length, bad.length),
    rules,
    outcomes,
  };
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** Lines whose verdict or rules differ from their label. */
export function missesOf(report: AnswersReport): AnswerOutcome[] {
  return report.outcomes.filter((o) => {
    const expected = [...o.line.rules].sort().join(',');
    return o.result.verdict !== o.line.expected || o.fired.sort().join(',') !== expected;
  });
}

/** The report as text: verdict figures, per-rule table, then the misses. */
export function formatAnswersReport(title: string, report: AnswersReport, misses = 30): string {
  const lines: string[] = [];
  lines.push(`== ${title}: ${report.total} answers (${report.bad} bad, ${report.good} good)`);
  lines.push(`bad answers blocked  ${percent(report.badBlocked)}   good answers blocked  ${percent(report.goodBlocked)}`);
  lines.push('rule                      precision          recall');
  const row = (name: string, s: Score) => `${name.padEnd(24)}  ${percent(s.precision).padStart(6)} ${`${s.truePositives}/${s.flagged}`.padStart(8)}  ${percent(s.recall).padStart(6)} ${`${s.truePositives}/${s.labelled}`.padStart(8)}`;
  for (const [id, s] of Object.entries(report.rules)) lines.push(row(id, s));
  lines.push(row('overall (block)', report.overall));
  const wrong = missesOf(report);
  // Wrong verdicts first, then lines with the right verdict but other rules.
  wrong.sort((a, b) => Number(b.result.verdict !== b.line.expected) - Number(a.result.verdict !== a.line.expected));
  if (wrong.length > 0) lines.push(`misses (${Math.min(misses, wrong.length)} of ${wrong.length} shown; verdict misses first):`);
  for (const o of wrong.slice(0, misses)) {
    const verdict = o.result.verdict === o.line.expected ? '' : ` verdict ${o.line.expected}≠${o.result.verdict}`;
    lines.push(`  ${o.line.id}${verdict} | expected [${o.line.rules.join(', ')}] got [${o.fired.join(', ')}] ${JSON.stringify(o.line.answer.text.slice(0, 70))}`);
    for (const v of o.result.violations.filter((x) => !o.line.rules.includes(x.rule))) lines.push(`      ${v.rule}: ${v.detail}`);
  }
  return lines.join('\n');
}

/** `npm run eval -- answers [--dir path] [--misses n]`: the labelled set, then the held-out set (no target). */
export async function evalAnswers(options: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = options.dir ? path.resolve(options.dir) : ANSWERS_DIR;
  const misses = Number(options.misses ?? 30);
  const corpus = evaluateAnswers(loadLabelledAnswers(dir));
  console.log(formatAnswersReport(`answers ${path.relative(process.cwd(), dir)}`, corpus, misses));
  // Each held-out file on its own: a file the rules were later tuned on stops being held out
  // (test/fixtures/answers-holdout/README.md says which), a newer one still is.
  const heldOut = loadLabelledAnswers(ANSWERS_HOLDOUT_DIR);
  for (const file of [...new Set(heldOut.map((line) => line.file))]) {
    const report = evaluateAnswers(heldOut.filter((line) => line.file === file));
    console.log(`\n${formatAnswersReport(`held-out ${file} (no target)`, report, misses)}`);
  }
  const holdout = evaluateAnswers(heldOut);
  const summary = (r: AnswersReport) => ({ total: r.total, badBlocked: r.badBlocked, goodBlocked: r.goodBlocked, overall: r.overall, rules: r.rules });
  return { corpus: summary(corpus), holdout: summary(holdout) };
}
