/**
 * Evaluates the offline understanding (extractFacts + classifyMessage) on the labelled utterance corpus:
 * intent accuracy, per-slot precision and recall, the confusions between intents and the worst misses.
 * The corpus format and label conventions are in test/fixtures/utterances/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { localDate } from '../../src/domain/calendar/index.ts';
import { understandMessage } from '../../src/domain/intake/understand-message.ts';
import { MESSAGE_INTENTS, type MessageFacts, type MessageIntent, type UnderstandingContext } from '../../src/domain/intake/understanding.ts';

export const CORPUS_DIR = path.resolve('test/fixtures/utterances');
export const HOLDOUT_DIR = path.resolve('test/fixtures/utterances-holdout');
const DEFAULT_NOW = '2026-11-26T10:00:00+08:00';
const TIME_ZONE = 'Asia/Shanghai';

/** The slots the corpus labels, in report order. */
export const SLOTS = ['orderNumber', 'caseNumber', 'itemName', 'quantity', 'problemCategory', 'wishedRemedy', 'receivedOn', 'accusedName', 'hasPhotoPromise', 'angry'] as const;
export type Slot = (typeof SLOTS)[number];

const caseSchema = z.object({ number: z.string(), type: z.string(), status: z.string() });
const lineSchema = z.object({
  id: z.string().optional(),
  lang: z.string().optional(),
  text: z.string(),
  now: z.string().optional(),
  context: z
    .object({
      // The corpus writes the draft either as its flow with `awaiting` beside it, or as { flow, awaiting }.
      draft: z.union([z.string(), z.object({ flow: z.string(), awaiting: z.string() })]).optional(),
      awaiting: z.string().optional(),
      openCases: z.array(caseSchema).optional(),
      lastIntent: z.string().optional(),
    })
    .optional(),
  intent: z.enum(MESSAGE_INTENTS),
  slots: z.record(z.string(), z.unknown()),
  angry: z.boolean().optional(),
  note: z.string().optional(),
});

/** One labelled utterance. */
export type Utterance = z.output<typeof lineSchema> & { id: string; file: string };

/** Reads every *.jsonl file of a directory; a malformed line throws with its file and line number. */
export function loadUtterances(dir: string): Utterance[] {
  if (!fs.existsSync(dir)) return [];
  const out: Utterance[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.message}`);
      out.push({ ...parsed.data, id: parsed.data.id ?? `${file}:${index + 1}`, file });
    });
  }
  return out;
}

/** The understanding context a labelled line describes (its draft, open cases, last intent). */
export function contextOf(u: Utterance): UnderstandingContext {
  const c = u.context;
  if (!c) return {};
  const ctx: UnderstandingContext = {};
  const draft = typeof c.draft === 'string' ? { flow: c.draft, awaiting: c.awaiting ?? '' } : c.draft;
  if (draft) ctx.draft = { flow: draft.flow as NonNullable<UnderstandingContext['draft']>['flow'], awaiting: draft.awaiting };
  if (c.openCases) ctx.openCases = c.openCases;
  if (c.lastIntent) ctx.lastIntent = c.lastIntent as MessageIntent;
  return ctx;
}

/** Item names compare as the README says they are labelled: as written (plural and case kept), width folded. */
export function normaliseItem(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

function normalise(slot: Slot, value: unknown): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (slot === 'orderNumber' || slot === 'caseNumber') return String(value).normalize('NFKC').toUpperCase().trim();
  if (slot === 'itemName') return normaliseItem(String(value));
  return String(value);
}

/** What the code read for one slot, as a comparable string. */
function predicted(slot: Slot, facts: MessageFacts): string | undefined {
  switch (slot) {
    case 'hasPhotoPromise':
      return facts.hasPhotoPromise ? 'true' : undefined;
    case 'angry':
      return facts.angry ? 'true' : undefined;
    default:
      return normalise(slot, facts[slot]?.value);
  }
}

function labelled(slot: Slot, u: Utterance): string | undefined {
  if (slot === 'angry') return u.angry ? 'true' : undefined;
  return normalise(slot, u.slots[slot]);
}

/** One utterance's result. */
export interface Outcome {
  utterance: Utterance;
  intent: MessageIntent;
  facts: MessageFacts;
  slotErrors: Array<{ slot: Slot; expected: string | undefined; got: string | undefined }>;
}

/** Per-slot counts: true positives, what the code found, what the labels hold. */
export interface SlotScore {
  correct: number;
  predicted: number;
  labelled: number;
  precision: number;
  recall: number;
}

/** The whole evaluation. */
export interface EvalReport {
  total: number;
  intentCorrect: number;
  intentAccuracy: number;
  slots: Record<Slot, SlotScore>;
  confusions: Array<{ expected: MessageIntent; got: MessageIntent; count: number }>;
  outcomes: Outcome[];
}

/** Runs the understanding over the utterances. */
export function evaluate(utterances: readonly Utterance[]): EvalReport {
  const slots = Object.fromEntries(SLOTS.map((slot) => [slot, { correct: 0, predicted: 0, labelled: 0, precision: 1, recall: 1 }])) as Record<Slot, SlotScore>;
  const confusion = new Map<string, number>();
  const outcomes: Outcome[] = [];
  let intentCorrect = 0;
  for (const u of utterances) {
    const ctx = contextOf(u);
    const today = localDate(new Date(u.now ?? DEFAULT_NOW), TIME_ZONE);
    const { intent, facts } = understandMessage(u.text, ctx, today);
    if (intent === u.intent) intentCorrect += 1;
    else confusion.set(`${u.intent}→${intent}`, (confusion.get(`${u.intent}→${intent}`) ?? 0) + 1);
    const slotErrors: Outcome['slotErrors'] = [];
    for (const slot of SLOTS) {
      const expected = labelled(slot, u);
      const got = predicted(slot, facts);
      const score = slots[slot];
      if (expected !== undefined) score.labelled += 1;
      if (got !== undefined) score.predicted += 1;
      if (got !== undefined && got === expected) score.correct += 1;
      if (got !== expected) slotErrors.push({ slot, expected, got });
    }
    outcomes.push({ utterance: u, intent, facts, slotErrors });
  }
  for (const score of Object.values(slots)) {
    score.precision = score.predicted === 0 ? 1 : score.correct / score.predicted;
    score.recall = score.labelled === 0 ? 1 : score.correct / score.labelled;
  }
  const confusions = [...confusion.entries()]
    .map(([key, count]) => {
      const [expected, got] = key.split('→') as [MessageIntent, MessageIntent];
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count);
  return { total: utterances.length, intentCorrect, intentAccuracy: utterances.length === 0 ? 1 : intentCorrect / utterances.length, slots, confusions, outcomes };
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The report as text: accuracy, slot table, confusions, worst misses. */
export function formatReport(title: string, report: EvalReport, misses = 25): string {
  const lines: string[] = [];
  lines.push(`== ${title}: ${report.total} utterances`);
  lines.push(`intent accuracy ${percent(report.intentAccuracy)} (${report.intentCorrect}/${report.total})`);
  lines.push('slot              precision        recall');
  for (const slot of SLOTS) {
    const s = report.slots[slot];
    lines.push(`${slot.padEnd(16)}  ${percent(s.precision).padStart(6)} ${`${s.correct}/${s.predicted}`.padStart(8)}  ${percent(s.recall).padStart(6)} ${`${s.correct}/${s.labelled}`.padStart(8)}`);
  }
  if (report.confusions.length > 0) {
    lines.push('intent confusions (expected → got):');
    for (const c of report.confusions.slice(0, 15)) lines.push(`  ${c.expected} → ${c.got}: ${c.count}`);
  }
  // Worst first: a wrong intent, then the most slot errors.
  const worst = report.outcomes
    .filter((o) => o.intent !== o.utterance.intent || o.slotErrors.length > 0)
    .sort((a, b) => Number(b.intent !== b.utterance.intent) - Number(a.intent !== a.utterance.intent) || b.slotErrors.length - a.slotErrors.length)
    .slice(0, misses);
  if (worst.length > 0) lines.push(`worst misses (${worst.length} shown):`);
  for (const o of worst) {
    const intent = o.intent === o.utterance.intent ? '' : ` intent ${o.utterance.intent}≠${o.intent}`;
    const slots = o.slotErrors.map((e) => `${e.slot} ${e.expected ?? '∅'}≠${e.got ?? '∅'}`).join('; ');
    lines.push(`  ${o.utterance.id} ${JSON.stringify(o.utterance.text.slice(0, 80))}${intent}${slots ? ` | ${slots}` : ''}`);
  }
  return lines.join('\n');
}

/** `npm run eval -- understanding [--dir path] [--misses n]`: prints the corpus figures, then the held-out ones. */
export async function evalUnderstanding(options: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = options.dir ? path.resolve(options.dir) : CORPUS_DIR;
  const misses = Number(options.misses ?? 25);
  const corpus = evaluate(loadUtterances(dir));
  console.log(formatReport(`corpus ${path.relative(process.cwd(), dir)}`, corpus, misses));
  // Each held-out file is reported on its own: a file the rules were later tuned on stops being held out
  // (see test/fixtures/utterances-holdout/README.md), a newer one still is.
  const heldOut = loadUtterances(HOLDOUT_DIR);
  for (const file of [...new Set(heldOut.map((u) => u.file))]) {
    const report = evaluate(heldOut.filter((u) => u.file === file));
    console.log(`\n${formatReport(`held-out ${file} (no target)`, report, misses)}`);
  }
  const holdout = evaluate(heldOut);
  const summary = (r: EvalReport): Record<string, unknown> => ({
    total: r.total,
    intentAccuracy: r.intentAccuracy,
    slots: Object.fromEntries(SLOTS.map((slot) => [slot, { precision: r.slots[slot].precision, recall: r.slots[slot].recall }])),
  });
  return { corpus: summary(corpus), holdout: summary(holdout) };
}
