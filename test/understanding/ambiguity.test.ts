import { describe, expect, it } from 'vitest';
import type { MessageFacts, MessageIntent } from '../../src/domain/intake/understanding.ts';
import { ambiguityOf } from '../../src/understanding/ambiguity.ts';

const at = (start: number, end: number) => ({ start, end });
const LONG_ZH = '就是上次在你们这里拿的那一批货里面有好几个都有点问题想处理一下';
const LONG_EN = 'about the stuff we got from you the other week, a few of them are not right at all';

describe('ambiguityOf', () => {
  it.each<[string, MessageIntent, MessageFacts, ReturnType<typeof ambiguityOf>]>([
    // The rules found no intent.
    ['嗯那个就是那个事', 'other', {}, 'unknown_intent'],
    ['hmm so about that thing', 'other', {}, 'unknown_intent'],
    ['人工', 'other', {}, 'unknown_intent'],
    // Nothing a model could read better.
    ['嗯', 'other', {}, undefined],
    ['?', 'other', {}, undefined],
    ['   ', 'other', {}, undefined],
    // A long request with not one fact found.
    [LONG_ZH, 'quality', {}, 'bare_request'],
    [LONG_EN, 'return', {}, 'bare_request'],
    // ... but a short one, or one with a fact, is what the rules read.
    ['有质量问题', 'quality', {}, undefined],
    [LONG_ZH, 'quality', { itemName: { value: '货', span: at(14, 15) } }, undefined],
    [LONG_ZH, 'complaint', { accusedName: { value: '小王', span: at(0, 2) } }, undefined],
    // Questions, handoffs and greetings are not requests: no facts is normal.
    [LONG_ZH, 'consult', {}, undefined],
    ['转人工', 'handoff', {}, undefined],
    ['你好', 'greeting', {}, undefined],
    // Facts that contradict the intent or each other.
    ['退货，换个新的给我', 'return', { wishedRemedy: { value: 'exchange', span: at(3, 6) } }, 'conflicting_facts'],
    ['换货吧，退款也行', 'exchange', { wishedRemedy: { value: 'refund', span: at(4, 6) } }, 'conflicting_facts'],
    ['退货退款', 'return', { wishedRemedy: { value: 'refund', span: at(2, 4) } }, undefined],
    ['质量问题要换新', 'quality', { wishedRemedy: { value: 'replace', span: at(5, 7) } }, undefined],
    [
      'RT-20261124-0007 怎么样了',
      'status',
      { caseNumber: { value: 'RT-20261124-0007', span: at(0, 16) }, orderNumber: { value: '20261124', span: at(3, 11) } },
      'conflicting_facts',
    ],
    [
      'RT-20261124-0007 订单 2026112012345',
      'status',
      { caseNumber: { value: 'RT-20261124-0007', span: at(0, 16) }, orderNumber: { value: '2026112012345', span: at(20, 33) } },
      undefined,
    ],
  ])('%s (%s) → %s', (text, intent, facts, expected) => {
    expect(ambiguityOf(text, { intent, facts })).toBe(expected);
  });
});
