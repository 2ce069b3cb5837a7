import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MESSAGE_INTENTS } from '../../src/domain/intake/understanding.ts';

/**
 * The labelled merchant-message corpus (test/fixtures/utterances/*.jsonl, conventions in its README):
 * every line must be well-formed and its labels checkable against its own text, so the understanding
 * eval measures the extractor and not the labels.
 */

const DIR = path.join(import.meta.dirname, '../fixtures/utterances');
const DEFAULT_NOW = '2026-11-26T10:00:00+08:00';
const BUSINESS_TZ = 'Asia/Shanghai';

// The label vocabulary is the code's: a new intent is added in one place.
const INTENTS = MESSAGE_INTENTS;
const DRAFTS = ['quality', 'return', 'exchange', 'complaint'] as const;
const AWAITING = [
  'orderNumber',
  'itemName',
  'quantity',
  'problemCategory',
  'description',
  'photos',
  'wishedRemedy',
  'receivedOn',
  'reason',
  'accusedName',
  'review',
] as const;
const CASE_TYPES = ['quality', 'return', 'exchange', 'complaint', 'consultation'] as const;
const CASE_NUMBER = /^(QP|RT|EX|CF|CP)-\d{8}-\d{4,}$/;
/** Files and the id prefix each one's lines carry. */
const FILE_PREFIX: Record<string, string> = {
  'zh-requests.jsonl': 'zh-req',
  'zh-questions.jsonl': 'zh-q',
  'zh-in-draft.jsonl': 'zh-draft',
  'en-requests.jsonl': 'en-req',
  'en-questions.jsonl': 'en-q',
  'en-in-draft.jsonl': 'en-draft',
  'mixed.jsonl': 'mix',
};

const slotsSchema = z.strictObject({
  orderNumber: z
    .string()
    .regex(/^[A-Za-z0-9]{6,32}$/)
    .optional(),
  caseNumber: z.string().regex(CASE_NUMBER).optional(),
  itemName: z.string().min(1).optional(),
  quantity: z.number().int().positive().optional(),
  problemCategory: z.enum(['damaged', 'defect', 'wrong_item', 'missing_parts', 'appearance', 'other']).optional(),
  wishedRemedy: z.enum(['replace', 'repair', 'refund', 'return', 'exchange']).optional(),
  receivedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  accusedName: z.string().min(1).optional(),
  hasPhotoPromise: z.literal(true).optional(),
});

const contextSchema = z
  .strictObject({
    draft: z.enum(DRAFTS).optional(),
    awaiting: z.enum(AWAITING).optional(),
    openCases: z
      .array(
        z.strictObject({
          number: z.string().regex(CASE_NUMBER),
          type: z.enum(CASE_TYPES),
          status: z.string().regex(/^[a-z_]+$/),
        }),
      )
      .min(1)
      .optional(),
    lastIntent: z.enum(INTENTS).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'an empty context: leave it out')
  .refine((c) => c.awaiting === undefined || c.draft !== undefined, 'awaiting without a draft');

const utteranceSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+(-[a-z]+)?-\d{3}$/),
  lang: z.enum(['zh-CN', 'en']),
  text: z.string().min(1).max(500),
  now: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/, 'now must be an ISO time with the +08:00 offset')
    .optional(),
  context: contextSchema.optional(),
  intent: z.enum(INTENTS),
  slots: slotsSchema,
  angry: z.literal(true).optional(),
  note: z.string().min(1).optional(),
});
type Utterance = z.infer<typeof utteranceSchema>;

/** NFKC folds full-width digits and letters to ASCII; case is ignored. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

function isRealDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/** The calendar day of `now` in the business time zone, 'YYYY-MM-DD'. */
function businessDay(now: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now),
  );
}

/** What is wrong with one line of a corpus file (empty when nothing is). */
function problemsOf(line: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  const parsed = utteranceSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const u: Utterance = parsed.data;
  const problems: string[] = [];
  const text = fold(u.text);
  const { slots, context } = u;
  if (slots.orderNumber !== undefined && !text.includes(fold(slots.orderNumber)))
    problems.push(`orderNumber ${slots.orderNumber} is not in the text`);
  for (const key of ['caseNumber', 'itemName', 'accusedName'] as const) {
    const value = slots[key];
    if (value !== undefined && !text.includes(fold(value))) problems.push(`${key} "${value}" is not in the text`);
  }
  if (slots.caseNumber !== undefined && slots.caseNumber !== slots.caseNumber.toUpperCase())
    problems.push('caseNumber must be upper case');
  if (slots.receivedOn !== undefined) {
    if (!isRealDate(slots.receivedOn)) problems.push(`receivedOn ${slots.receivedOn} is not a real date`);
    else if (slots.receivedOn > businessDay(u.now ?? DEFAULT_NOW))
      problems.push(`receivedOn ${slots.receivedOn} is after the message's day ${businessDay(u.now ?? DEFAULT_NOW)}`);
  }
  if ((u.intent === 'answer' || u.intent === 'correction' || u.intent === 'recap') && context?.draft === undefined)
    problems.push(`${u.intent} needs a draft in its context`);
  if (u.intent === 'answer' && context?.awaiting === undefined) problems.push('answer needs the awaited question in its context');
  return problems;
}

function loadCorpus() {
  const files = fs.readdirSync(DIR).filter((name) => name.endsWith('.jsonl'));
  return files.flatMap((file) =>
    fs
      .readFileSync(path.join(DIR, file), 'utf8')
      .split('\n')
      .map((line, index) => ({ file, lineNo: index + 1, line }))
      .filter(({ line }) => line.trim() !== ''),
  );
}

describe('utterance corpus format', () => {
  const lines = loadCorpus();
  const utterances = lines.flatMap(({ line }) => {
    const parsed = utteranceSchema.safeParse(JSON.parse(line));
    return parsed.success ? [parsed.data] : [];
  });

  it('reads only the known files', () => {
    expect(new Set(lines.map((l) => l.file))).toEqual(new Set(Object.keys(FILE_PREFIX)));
  });

  it('every line is a valid, self-consistent utterance', () => {
    const problems = lines.flatMap(({ file, lineNo, line }) => problemsOf(line).map((p) => `${file}:${lineNo}: ${p}`));
    expect(problems).toEqual([]);
    expect(utterances).toHaveLength(lines.length);
  });

  it('ids are unique and carry their file prefix', () => {
    const ids = utterances.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    const misplaced = lines.filter(({ file, line }) => {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      return typeof id !== 'string' || !id.startsWith(`${FILE_PREFIX[file]}-`);
    });
    expect(misplaced.map((l) => `${l.file}:${l.lineNo}`)).toEqual([]);
  });

  it('has at least 300 messages, 120 per language, 15 per intent', () => {
    expect(utterances.length).toBeGreaterThanOrEqual(300);
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(utterances.filter((u) => u.lang === lang).length, lang).toBeGreaterThanOrEqual(120);
    }
    for (const intent of INTENTS) {
      expect(utterances.filter((u) => u.intent === intent).length, intent).toBeGreaterThanOrEqual(15);
    }
  });

  it("the README's count table matches the files", () => {
    const readme = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| \**([a-z_]+)\** \| \**(\d+)\** \| \**(\d+)\** \| \**(\d+)\** \|$/gm)].map((m) => [
        m[1],
        [Number(m[2]), Number(m[3]), Number(m[4])],
      ]),
    );
    const count = (intent: string | undefined, lang: string | undefined) =>
      utterances.filter((u) => (intent === undefined || u.intent === intent) && (lang === undefined || u.lang === lang)).length;
    for (const intent of INTENTS) expect(rows.get(intent), intent).toEqual([count(intent, 'zh-CN'), count(intent, 'en'), count(intent, undefined)]);
    expect(rows.get('total')).toEqual([count(undefined, 'zh-CN'), count(undefined, 'en'), utterances.length]);
  });

  it('covers every slot and dates across month and year ends', () => {
    const slotKeys = new Set(utterances.flatMap((u) => Object.keys(u.slots)));
    expect([...slotKeys].sort()).toEqual(Object.keys(slotsSchema.shape).sort());
    const receivedOn = utterances.flatMap((u) => (u.slots.receivedOn ? [u] : []));
    expect(receivedOn.some((u) => u.slots.receivedOn!.slice(0, 4) !== businessDay(u.now ?? DEFAULT_NOW).slice(0, 4))).toBe(true);
    expect(receivedOn.some((u) => u.slots.receivedOn!.slice(0, 7) !== businessDay(u.now ?? DEFAULT_NOW).slice(0, 7))).toBe(true);
  });
});

describe('the corpus checks catch bad labels', () => {
  const base = { id: 'zh-req-999', lang: 'zh-CN', text: '订单 88812345 的杯子碎了，昨天收到的', intent: 'quality' };
  const line = (extra: Record<string, unknown>) => JSON.stringify({ ...base, slots: {}, ...extra });

  it('accepts a good line', () => {
    expect(problemsOf(line({ slots: { orderNumber: '88812345', itemName: '杯子', receivedOn: '2026-11-25' } }))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown intent', { intent: 'refund' }, /intent/],
    ['an unknown slot', { slots: { colour: 'blue' } }, /slots/],
    ['an unknown problem category', { slots: { problemCategory: 'broken' } }, /problemCategory/],
    ['an order number not in the text', { slots: { orderNumber: '88812346' } }, /orderNumber 88812346 is not in the text/],
    ['a case number as order number', { text: '订单 RT-20261120-0003', slots: { orderNumber: 'RT-20261120-0003' } }, /orderNumber/],
    ['an item not in the text', { slots: { itemName: '保温杯' } }, /itemName "保温杯" is not in the text/],
    ['a date after now', { slots: { receivedOn: '2026-11-27' } }, /after the message's day 2026-11-26/],
    ['a date that does not exist', { slots: { receivedOn: '2026-02-30' } }, /not a real date/],
    ['a date after a late-evening now', { now: '2026-11-25T23:30:00+08:00', slots: { receivedOn: '2026-11-26' } }, /after/],
    ['a now without the business offset', { now: '2026-11-26T02:00:00Z' }, /now/],
    ['an answer outside a draft', { intent: 'answer' }, /needs a draft/],
    ['awaiting without a draft', { context: { awaiting: 'quantity' } }, /awaiting without a draft/],
    ['a quantity of zero', { slots: { quantity: 0 } }, /quantity/],
  ])('rejects %s', (_label, extra, problem) => {
    expect(problemsOf(line(extra)).join('\n')).toMatch(problem);
  });

  it('folds full-width digits when matching an order number', () => {
    expect(problemsOf(line({ text: '订单号 ８８８１２３４５ 的杯子碎了', slots: { orderNumber: '88812345' } }))).toEqual([]);
  });
});
