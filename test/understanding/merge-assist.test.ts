import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_INTENTS, type MessageFacts, type Understanding, type UnderstandingContext } from '../../src/domain/intake/understanding.ts';
import { ASSIST_SLOTS, MAX_CANDIDATES, type AssistReply } from '../../src/understanding/assist-reply.ts';
import { mergeAssist } from '../../src/understanding/merge-assist.ts';

const TODAY = '2026-11-26'; // a Thursday
const TEXT = '订单 2026112012345 那个保温杯前天到的，有3个漏水，想换货，图片稍后发';
const none: Understanding = { intent: 'other', facts: {} };

type Candidate = AssistReply['candidates'][number];

function merge(candidates: Candidate[], options: { text?: string; offline?: Understanding; intent?: AssistReply['intent']; ctx?: UnderstandingContext } = {}) {
  return mergeAssist({ text: options.text ?? TEXT, offline: options.offline ?? none, reply: { intent: options.intent ?? 'other', candidates }, ctx: options.ctx ?? {}, today: TODAY });
}

const spanOf = (text: string, part: string) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });

describe('mergeAssist: a quote must be in the message', () => {
  it('keeps a candidate whose quote is an exact substring, with the span where it stands', () => {
    const { understanding, kept, dropped } = merge([{ slot: 'itemName', value: 'insulated cup', quote: '保温杯' }]);
    expect(understanding.facts.itemName).toEqual({ value: '保温杯', span: spanOf(TEXT, '保温杯') });
    expect([kept, dropped]).toEqual([1, 0]);
  });

  it.each([
    ['a word the message does not hold', '保温瓶'],
    ['the right word with other spacing', '订单2026112012345'],
    ['a translation', 'thermos cup'],
    ['an empty quote', ''],
    ['blank', '   '],
  ])('drops a candidate whose quote is %s', (_name, quote) => {
    const { understanding, kept, dropped } = merge([
      { slot: 'itemName', value: '保温杯', quote },
      { slot: 'orderNumber', value: '2026112012345', quote },
    ]);
    expect(understanding.facts).toEqual({});
    expect([kept, dropped]).toEqual([0, 2]);
  });

  it('takes the first candidate of a slot that survives the checks', () => {
    const { understanding } = merge([
      { slot: 'itemName', value: 'x', quote: '保温瓶' },
      { slot: 'itemName', value: 'y', quote: '保温杯' },
      { slot: 'itemName', value: 'z', quote: '订单' },
    ]);
    expect(understanding.facts.itemName?.value).toBe('保温杯');
  });

  it(`looks at no more than ${MAX_CANDIDATES} candidates`, () => {
    const filler = Array.from({ length: MAX_CANDIDATES }, () => ({ slot: 'itemName' as const, value: '', quote: 'absent' }));
    expect(merge([...filler, { slot: 'itemName', value: '', quote: '保温杯' }]).understanding.facts.itemName).toBeUndefined();
  });
});

describe('mergeAssist: values come from deterministic readers, not from the model', () => {
  it('computes the received date from the quoted phrase and ignores the model\'s date', () => {
    const { understanding } = merge([{ slot: 'receivedOn', value: '2026-01-01', quote: '前天' }]);
    expect(understanding.facts.receivedOn).toEqual({ value: '2026-11-24', span: spanOf(TEXT, '前天'), needsConfirm: false });
  });

  it('records a refused date phrase as a date problem, and drops a quote that holds no date', () => {
    const text = '明天到的货有问题';
    expect(merge([{ slot: 'receivedOn', value: '2026-11-27', quote: '明天' }], { text }).understanding.facts).toEqual({ dateProblem: { value: 'future', span: { start: 0, end: 2 } } });
    expect(merge([{ slot: 'receivedOn', value: '2026-11-20', quote: '到的货' }], { text }).understanding.facts).toEqual({});
  });

  it('reads the order number from the quote by the order-number grammar, narrowing the span to the number', () => {
    const { understanding } = merge([{ slot: 'orderNumber', value: '99999999', quote: '订单 2026112012345' }]);
    expect(understanding.facts.orderNumber).toEqual({ value: '2026112012345', span: spanOf(TEXT, '2026112012345') });
  });

  it.each([
    ['a case number', 'RT-20261124-0007 坏了', 'RT-20261124-0007'],
    ['words', TEXT, '保温杯'],
    ['a number too short', '单号123', '123'],
  ])('never takes %s as an order number', (_name, text, quote) => {
    expect(merge([{ slot: 'orderNumber', value: quote, quote }], { text }).understanding.facts).toEqual({});
  });

  it('reads a case number by its grammar, upper-cased', () => {
    const text = '我的 rt-20261124-0007 怎么样了';
    expect(merge([{ slot: 'caseNumber', value: 'x', quote: 'rt-20261124-0007' }], { text }).understanding.facts.caseNumber).toEqual({ value: 'RT-20261124-0007', span: spanOf(text, 'rt-20261124-0007') });
    expect(merge([{ slot: 'caseNumber', value: 'RT-20261124-0007', quote: '我的' }], { text }).understanding.facts).toEqual({});
  });

  it('reads the quantity from the quote, and drops a quote that is not one', () => {
    expect(merge([{ slot: 'quantity', value: '7', quote: '3个' }]).understanding.facts.quantity).toEqual({ value: 3, span: spanOf(TEXT, '3个') });
    expect(merge([{ slot: 'quantity', value: '3', quote: '有3个漏水' }]).understanding.facts).toEqual({});
  });

  it('takes a category or a remedy only from its closed list', () => {
    const { understanding } = merge([
      { slot: 'problemCategory', value: 'leaking', quote: '漏水' },
      { slot: 'problemCategory', value: 'defect', quote: '漏水' },
      { slot: 'wishedRemedy', value: 'free gift', quote: '想换货' },
      { slot: 'wishedRemedy', value: 'exchange', quote: '想换货' },
    ]);
    expect(understanding.facts.problemCategory).toEqual({ value: 'defect', span: spanOf(TEXT, '漏水') });
    expect(understanding.facts.wishedRemedy).toEqual({ value: 'exchange', span: spanOf(TEXT, '想换货') });
  });

  it('takes a name only when it is a name, not a sentence', () => {
    const text = '小王啊，我刚说了';
    expect(merge([{ slot: 'accusedName', value: '小王', quote: '小王啊，我刚说了' }], { text }).understanding.facts).toEqual({});
    expect(merge([{ slot: 'accusedName', value: 'Wang', quote: '小王' }], { text }).understanding.facts.accusedName).toEqual({ value: '小王', span: { start: 0, end: 2 } });
  });

  it('notes a promise of photos', () => {
    expect(merge([{ slot: 'hasPhotoPromise', value: 'true', quote: '图片稍后发' }]).understanding.facts.hasPhotoPromise).toBe(true);
    expect(merge([{ slot: 'hasPhotoPromise', value: 'true', quote: 'pics later' }]).understanding.facts.hasPhotoPromise).toBeUndefined();
  });
});

describe('mergeAssist: offline wins, the model fills gaps', () => {
  const offline: Understanding = {
    intent: 'quality',
    facts: { orderNumber: { value: '2026112012345', span: spanOf(TEXT, '2026112012345') }, receivedOn: { value: '2026-11-24', span: spanOf(TEXT, '前天'), needsConfirm: false } },
  };

  it('keeps every offline fact and adds only the slots offline left empty', () => {
    const { understanding, kept, dropped } = merge(
      [
        { slot: 'orderNumber', value: '', quote: '漏水' },
        { slot: 'receivedOn', value: '', quote: '图片' },
        { slot: 'itemName', value: '', quote: '保温杯' },
      ],
      { offline },
    );
    expect(understanding.facts).toEqual({ ...offline.facts, itemName: { value: '保温杯', span: spanOf(TEXT, '保温杯') } });
    expect([kept, dropped]).toEqual([1, 2]);
  });

  it('does not add a date problem beside an offline date', () => {
    expect(merge([{ slot: 'receivedOn', value: '', quote: '图片稍后发' }], { offline, text: `${TEXT} 明天` }).understanding.facts.dateProblem).toBeUndefined();
  });

  it('takes the model\'s intent unless it is "other", or "answer"/"correction" without a draft', () => {
    expect(merge([], { intent: 'exchange', offline }).understanding.intent).toBe('exchange');
    expect(merge([], { intent: 'other', offline }).understanding.intent).toBe('quality');
    expect(merge([], { intent: 'answer', offline }).understanding.intent).toBe('quality');
    expect(merge([], { intent: 'correction' }).understanding.intent).toBe('other');
    expect(merge([], { intent: 'answer', offline, ctx: { draft: { flow: 'quality', awaiting: 'itemName' } } }).understanding.intent).toBe('answer');
  });

  it('never changes an offline fact and never places a fact outside the message, whatever the model says (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'订单号 2026112012345RT-0 前天昨天3个保温杯漏水退换货小王,。'), minLength: 1, maxLength: 40 });
    const candidate = (t: string) =>
      fc.record({
        slot: fc.constantFrom(...ASSIST_SLOTS),
        value: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('defect', 'refund', 'exchange', '2026-11-20', '3')),
        quote: fc.oneof(
          fc.tuple(fc.nat({ max: t.length }), fc.nat({ max: t.length })).map(([a, b]) => t.slice(Math.min(a, b), Math.max(a, b))),
          fc.string({ maxLength: 12 }),
        ),
      });
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), fc.array(candidate(t), { maxLength: 25 }), fc.constantFrom(...MESSAGE_INTENTS))),
        ([t, candidates, intent]) => {
          const result = merge(candidates, { text: t, offline, intent });
          for (const [key, fact] of Object.entries(result.understanding.facts) as Array<[keyof MessageFacts, unknown]>) {
            if (offline.facts[key] !== undefined) {
              expect(fact).toBe(offline.facts[key]);
              continue;
            }
            if (typeof fact !== 'object' || fact === null || !('span' in fact)) continue;
            const { start, end } = (fact as { span: { start: number; end: number } }).span;
            expect(0 <= start && start < end && end <= t.length).toBe(true);
            // The fact's text is (part of) a quote the model gave, found verbatim in the message.
            expect(candidates.some((c) => c.quote.includes(t.slice(start, end)) && t.includes(c.quote))).toBe(true);
          }
          expect(result.kept + result.dropped).toBe(candidates.length);
        },
      ),
    );
  });
});
