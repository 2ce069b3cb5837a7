import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/conversation/language.ts';
import { epochDayOf, isIsoDate } from '../../src/domain/calendar/civil-date.ts';
import { extractFacts } from '../../src/domain/intake/extract-facts.ts';
import { classifyMessage } from '../../src/domain/intake/classify-message.ts';
import {
  asksForLatest,
  asksToCancel,
  cleanFreeText,
  detectIntent,
  findCaseNumber,
  findDatePhrases,
  findReceivedDate,
  findTrackingNumber,
  isAcknowledgement,
  isCaseNumber,
  isPhotoLabel,
  matchProblemCategory,
  matchRemedy,
  MAX_RECEIPT_AGE_DAYS,
  ORDER_NUMBER_RULE,
  parseChineseNumber,
  parseCommand,
  parseCorrection,
  parseOrderNumber,
  parseQuantity,
  parseReceivedDate,
  PROBLEM_CATEGORIES,
  QUANTITY_RANGE,
  truncateText,
} from '../../src/domain/intake/index.ts';
import { understandMessage } from '../../src/domain/intake/understand-message.ts';
import { MESSAGE_INTENTS, WISHED_REMEDIES, type MessageFacts, type Span, type UnderstandingContext } from '../../src/domain/intake/understanding.ts';
import { createLogger } from '../../src/log.ts';
import { mergeAssist } from '../../src/understanding/merge-assist.ts';
import { ASSIST_SLOTS } from '../../src/understanding/assist-reply.ts';
import { createUnderstander } from '../../src/understanding/understander.ts';
import { anyMessage, anyToday, fuzzParameters, hostileText, hugeText, merchantMessage } from '../support/fuzz-arbitraries.ts';

/*
 * The understanding layer on hostile text: every extractor returns (never throws) on any string, and what it
 * returns keeps its contract: real calendar dates never after today nor more than a year back, finite integer
 * quantities within range, order and case numbers that the strict parsers accept, spans inside the message.
 */

const DRAFT_SLOTS = ['orderNumber', 'itemName', 'quantity', 'receivedOn', 'description', 'reason', 'problemCategory', 'wishedRemedy', 'accusedName', 'photos', 'confirm'];
const anyContext: fc.Arbitrary<UnderstandingContext> = fc.oneof(
  fc.constant({}),
  fc.record({ flow: fc.constantFrom('quality', 'return', 'exchange', 'complaint' as const), awaiting: fc.constantFrom(...DRAFT_SLOTS) }).map((draft) => ({ draft })),
  fc.record({ lastIntent: fc.constantFrom(...MESSAGE_INTENTS), openCases: fc.constant([{ number: 'RT-20261124-0007', type: 'return', status: 'submitted' }]) }),
);

function expectSpanIn(span: Span, text: string): void {
  expect(Number.isInteger(span.start) && Number.isInteger(span.end)).toBe(true);
  expect(span.start).toBeGreaterThanOrEqual(0);
  expect(span.end).toBeGreaterThanOrEqual(span.start);
  expect(span.end).toBeLessThanOrEqual(text.length);
}

function expectReceiptDay(date: string, today: string): void {
  expect(isIsoDate(date), date).toBe(true);
  const back = epochDayOf(today) - epochDayOf(date);
  expect(back, `${date} read on ${today}`).toBeGreaterThanOrEqual(0);
  expect(back, `${date} read on ${today}`).toBeLessThanOrEqual(MAX_RECEIPT_AGE_DAYS);
}

/** Every fact keeps its own contract, whatever the message. */
function expectFactsValid(facts: MessageFacts, text: string, today: string): void {
  for (const value of Object.values(facts)) if (typeof value === 'object') expectSpanIn(value.span, text);
  if (facts.orderNumber) {
    const value = facts.orderNumber.value;
    expect(value.length).toBeGreaterThanOrEqual(ORDER_NUMBER_RULE.min);
    expect(value.length).toBeLessThanOrEqual(ORDER_NUMBER_RULE.max);
    // What the finder reads is what the strict parser stores, unchanged.
    expect(parseOrderNumber(value)).toEqual({ ok: true, value });
  }
  if (facts.caseNumber) expect(isCaseNumber(facts.caseNumber.value), facts.caseNumber.value).toBe(true);
  if (facts.quantity) {
    expect(Number.isSafeInteger(facts.quantity.value)).toBe(true);
    expect(facts.quantity.value).toBeGreaterThanOrEqual(QUANTITY_RANGE.min);
    expect(facts.quantity.value).toBeLessThanOrEqual(QUANTITY_RANGE.max);
  }
  if (facts.receivedOn) expectReceiptDay(facts.receivedOn.value, today);
  if (facts.problemCategory) expect(PROBLEM_CATEGORIES).toContain(facts.problemCategory.value);
  if (facts.wishedRemedy) expect(WISHED_REMEDIES).toContain(facts.wishedRemedy.value);
  if (facts.itemName) expect(facts.itemName.value.trim()).not.toBe('');
  if (facts.accusedName) expect(facts.accusedName.value.trim()).not.toBe('');
}

describe('fuzz: the understanding of one message', () => {
  it('understandMessage never throws, names a known intent, and every fact keeps its contract', () => {
    fc.assert(
      fc.property(anyMessage, anyContext, anyToday, (text, ctx, today) => {
        const { intent, facts } = understandMessage(text, ctx, today);
        expect(MESSAGE_INTENTS).toContain(intent);
        expectFactsValid(facts, text, today);
        // The raw extraction (before pruning by intent) keeps the same contract.
        expectFactsValid(extractFacts(text, ctx, today), text, today);
        expect(MESSAGE_INTENTS).toContain(classifyMessage(text, ctx, facts));
      }),
      fuzzParameters(100),
    );
  });

  it('the offline understander (the app default) answers every message', async () => {
    const understander = createUnderstander({ log: createLogger('silent') });
    await fc.assert(
      fc.asyncProperty(anyMessage, anyContext, fc.date({ min: new Date('2000-01-02T00:00:00Z'), max: new Date('2099-12-30T00:00:00Z'), noInvalidDate: true }), async (text, ctx, now) => {
        const understood = await understander.understand(text, ctx, now, 'Asia/Shanghai');
        expect(MESSAGE_INTENTS).toContain(understood.intent);
      }),
      fuzzParameters(30),
    );
  });

  it('mergeAssist keeps only what the strict readers accept, whatever the model claims', () => {
    const candidate = (text: string) =>
      fc.record({
        slot: fc.constantFrom(...ASSIST_SLOTS),
        value: fc.oneof(hostileText(30), fc.constantFrom('3', '-1', '1e9', 'NaN', '2026-13-45', 'true', '')),
        // A quote taken from the message (the model quoting), or anything (the model making things up).
        quote: fc.oneof(
          fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, length]) => text.slice(at % (text.length + 1), (at % (text.length + 1)) + length)),
          hostileText(20),
        ),
      });
    fc.assert(
      fc.property(
        merchantMessage.chain((text) => fc.tuple(fc.constant(text), fc.array(candidate(text), { maxLength: 30 }), fc.constantFrom(...MESSAGE_INTENTS))),
        anyContext,
        anyToday,
        ([text, candidates, intent], ctx, today) => {
          const offline = understandMessage(text, ctx, today);
          const { understanding, kept, dropped } = mergeAssist({ text, offline, reply: { intent, candidates }, ctx, today });
          expect(kept + dropped).toBe(candidates.length);
          expect(MESSAGE_INTENTS).toContain(understanding.intent);
          expectFactsValid(understanding.facts, text, today);
          // Offline facts win.
          for (const [key, value] of Object.entries(offline.facts)) expect(understanding.facts[key as keyof MessageFacts]).toEqual(value);
        },
      ),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: the slot readers', () => {
  it('parseReceivedDate and findReceivedDate give a real date, never after today nor more than a year back', () => {
    fc.assert(
      fc.property(anyMessage, anyToday, (text, today) => {
        const parsed = parseReceivedDate(text, today);
        if (parsed.ok) expectReceiptDay(parsed.date, today);
        else expect(['unrecognized', 'invalid', 'future', 'too_old']).toContain(parsed.problem);
        const found = findReceivedDate(text, today);
        if (found) expectSpanIn(found.span, text);
        if (found && 'value' in found) expectReceiptDay(found.value, today);
        let end = 0;
        for (const phrase of findDatePhrases(text, today)) {
          expectSpanIn(phrase.span, text);
          expect(phrase.span.start).toBeGreaterThanOrEqual(end);
          end = phrase.span.end;
          if ('date' in phrase.reading) expectReceiptDay(phrase.reading.date, today);
        }
      }),
      fuzzParameters(100),
    );
  });

  it('parseQuantity and parseChineseNumber give finite integers within their ranges', () => {
    fc.assert(
      fc.property(fc.oneof(anyMessage, fc.string({ unit: fc.constantFrom(...'零〇一二两三四五六七八九十百千万亿'), maxLength: 20 })), (text) => {
        const quantity = parseQuantity(text);
        if (quantity.ok) {
          expect(Number.isSafeInteger(quantity.value)).toBe(true);
          expect(quantity.value).toBeGreaterThanOrEqual(QUANTITY_RANGE.min);
          expect(quantity.value).toBeLessThanOrEqual(QUANTITY_RANGE.max);
        } else expect(['format', 'range']).toContain(quantity.problem);
        const zh = parseChineseNumber(text);
        if (zh !== undefined) {
          expect(Number.isSafeInteger(zh)).toBe(true);
          expect(zh).toBeGreaterThanOrEqual(0);
          expect(zh).toBeLessThan(10_000 * 10);
        }
      }),
      fuzzParameters(100),
    );
  });

  it('parseOrderNumber accepts only the rule and is idempotent on its output', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const parsed = parseOrderNumber(text);
        if (!parsed.ok) {
          expect(['empty', 'length', 'characters', 'no_digit']).toContain(parsed.problem);
          return;
        }
        expect(parsed.value).toMatch(/^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$/);
        expect(parsed.value).toMatch(/\d/);
        expect(parseOrderNumber(parsed.value)).toEqual(parsed);
      }),
      fuzzParameters(100),
    );
  });

  it('case, tracking, command, correction, category and remedy readers never throw and return their own kinds', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const caseNumber = findCaseNumber(text);
        if (caseNumber !== undefined) expect(isCaseNumber(caseNumber)).toBe(true);
        const tracking = findTrackingNumber(text);
        if (tracking !== undefined) expect(tracking).toMatch(/^[A-Z0-9-]{8,30}$/);
        const command = parseCommand(text);
        if (command) expect(['cancel', 'help', 'lang', 'status', 'confirm', 'edit', 'skip', 'person']).toContain(command.kind);
        const correction = parseCorrection(text);
        if (correction) expect(correction.value.trim()).not.toBe('');
        const category = matchProblemCategory(text);
        if (category !== undefined) expect(PROBLEM_CATEGORIES).toContain(category);
        const remedy = matchRemedy(text);
        if (remedy !== undefined) expect(['replace', 'repair', 'refund', 'other']).toContain(remedy);
        expect(typeof isAcknowledgement(text)).toBe('boolean');
        expect(typeof isPhotoLabel(text)).toBe('boolean');
        expect(typeof asksToCancel(text)).toBe('boolean');
        expect(typeof asksForLatest(text)).toBe('boolean');
        const intent = detectIntent(text);
        if (intent !== undefined) expect(['complaint', 'status', 'return_or_exchange', 'exchange', 'return', 'quality', 'consult', 'greeting']).toContain(intent);
      }),
      fuzzParameters(100),
    );
  });

  it('detectLanguage names zh-CN exactly when a Han character is in the head, and never throws', () => {
    fc.assert(
      fc.property(anyMessage, (text) => {
        const lang = detectLanguage(text);
        expect([null, 'zh-CN', 'en']).toContain(lang);
        expect(lang === 'zh-CN').toBe(/\p{Script=Han}/u.test(text.slice(0, 1_000)));
      }),
      fuzzParameters(100),
    );
  });

  it('truncateText and cleanFreeText cut at a grapheme boundary within the limit', () => {
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    fc.assert(
      fc.property(anyMessage, fc.integer({ min: 0, max: 3_000 }), (text, max) => {
        const cut = truncateText(text, max);
        expect(cut.text.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(cut.text)).toBe(true);
        expect(cut.truncated).toBe(text.length > max);
        if (cut.truncated && cut.text.length > 0 && text.length < 20_000) {
          // The cut falls between two graphemes of the original text.
          const boundaries = new Set([...graphemes.segment(text)].map((s) => s.index));
          expect(boundaries.has(cut.text.length)).toBe(true);
        }
        expect(cleanFreeText(text, max).text.length).toBeLessThanOrEqual(max);
      }),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: 100 KB messages', () => {
  it('every reader finishes on 100 KB of hostile text', () => {
    fc.assert(
      fc.property(hugeText, anyToday, (text, today) => {
        expectFactsValid(understandMessage(text, {}, today).facts, text, today);
        parseReceivedDate(text, today);
        parseQuantity(text);
        parseOrderNumber(text);
        parseCorrection(text);
        detectLanguage(text);
        findTrackingNumber(text);
      }),
      fuzzParameters(6),
    );
  });
});
