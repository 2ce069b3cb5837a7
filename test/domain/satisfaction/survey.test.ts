import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES, machineOf } from '../../../src/domain/cases/case-machines.ts';
import { asksForSomething, declinesComment, isLowScore, resolvingEvent, surveyAfter } from '../../../src/domain/satisfaction/survey.ts';

describe('which step sends the survey', () => {
  it.each([
    ['quality', 'resolve', true],
    ['return', 'refund', true],
    ['exchange', 'exchange', true],
    ['consultation_followup', 'resolve', true],
    ['complaint', 'resolve', false],
    ['return', 'reject', false],
    ['return', 'close', false],
    ['quality', 'close', false],
    ['quality', 'cancel', false],
  ])('%s after %s: %s', (type, event, surveyed) => {
    expect(surveyAfter(type, event)).toBe(surveyed);
  });

  it("each resolving event is a staff step of its type's table, into a state the case is then closed from", () => {
    for (const type of CASE_TYPES) {
      const event = resolvingEvent(type);
      if (event === null) continue;
      const machine = machineOf(type);
      const rows = machine.transitions.filter((row) => row.event === event);
      expect(rows, `${type} ${event}`).toHaveLength(1);
      const row = rows[0]!;
      expect(row.actors as readonly string[]).toContain('staff');
      expect(machine.terminal as readonly string[]).not.toContain(row.to);
      expect(machine.transitions.some((t) => t.event === 'close' && (t.from as readonly string[]).includes(row.to))).toBe(true);
    }
  });

  it('a low score is 1 or 2', () => {
    expect([1, 2, 3, 4, 5].map(isLowScore)).toEqual([true, true, false, false, false]);
  });
});

describe('declining the comment', () => {
  it.each(['好的', '好的，谢谢', '没有了', '没有', '没了', '不用了', '无', '嗯嗯', 'ok', 'OK thanks 👍', 'no', 'nope, all good', 'No comment.', 'nothing else', "that's all", '谢谢！'])('%j declines', (text) => {
    expect(declinesComment(text)).toBe(true);
  });

  it.each(['送货很快，客服态度也好', '换货太慢了', 'the replacement took two weeks', '没有人联系过我', 'no one called me back', '好的地方是快，不好的是包装'])('%j is a comment', (text) => {
    expect(declinesComment(text)).toBe(false);
  });

  it('never throws, and a text longer than 40 characters is never a decline', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        const declined = declinesComment(text);
        if (text.length > 40) expect(declined).toBe(false);
        expect(typeof declined).toBe('boolean');
      }),
    );
  });
});

describe('a comment that names a request, or asks for one', () => {
  it.each(['我要退货', '帮我换个货', '可以再给我换一个吗', 'I want to return it', 'can you send another one?'])('%j asks', (text) => {
    expect(asksForSomething(text)).toBe(true);
  });
  it.each(['师傅换货很快，就是客服回复有点慢', '退款到账了，挺快的', 'the exchange was quick', 'refund arrived fast, thanks'])('%j only mentions', (text) => {
    expect(asksForSomething(text)).toBe(false);
  });
});
