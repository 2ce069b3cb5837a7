import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FigureUnit } from '../../../src/domain/answers/answer.ts';
import { parseZhNumeral, readFigures } from '../../../src/domain/answers/checker/figure-reader.ts';
import { policyDeadlines } from '../../../src/domain/answers/checker/deadlines.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';

const ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** n (1–99) as a Chinese numeral; 2 may be 两 or 二. */
function zhNumeral(n: number, two: '两' | '二'): string {
  if (n === 2) return two;
  if (n < 10) return ZH[n] ?? '';
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : ZH[tens]}十${ZH[n % 10]}`;
}
function enWords(n: number): string {
  if (n < 20) return EN[n] ?? '';
  return n % 10 === 0 ? (TENS[n / 10] ?? '') : `${TENS[Math.floor(n / 10)]}-${EN[n % 10]}`;
}
const fullWidth = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** Every supported way to write n of a unit, each with the text around it an answer would have. */
function renderings(n: number, unit: FigureUnit): string[] {
  const zhUnit: Partial<Record<FigureUnit, string[]>> = { working_days: ['个工作日'], calendar_days: ['天', '日内', '个自然日'], hours: ['小时', '个小时'], weeks: ['周', '个星期'], yuan: ['元'], percent: ['%'] };
  const enUnit: Partial<Record<FigureUnit, string[]>> = { working_days: [' working days', ' business days', '-working-day'], calendar_days: [' days', ' calendar days'], hours: [' hours'], weeks: [' weeks'], yuan: [' yuan', ' RMB'], percent: ['%', ' percent'] };
  const out: string[] = [];
  for (const u of zhUnit[unit] ?? []) {
    for (const num of [String(n), fullWidth(n), zhNumeral(n, '两'), zhNumeral(n, '二')]) out.push(`我们会在${num}${u}内处理`)
    out.push(`我们会在 ${n} ${u}内处理`);
  }
  for (const u of enUnit[unit] ?? []) for (const num of [String(n), enWords(n)]) out.push(`We handle it within ${num}${u} of your request.`);
  if (unit === 'yuan') out.push(`补偿¥${n}`, `a $${n} credit`, `赔偿￥${n}`);
  return out;
}

describe('readFigures', () => {
  it('reads the ways answers state the policy deadlines', () => {
    expect(readFigures('收到商品后两个工作日内')).toEqual([{ value: 2, unit: 'working_days', quote: '两个工作日' }]);
    expect(readFigures('二个工作日')).toEqual([{ value: 2, unit: 'working_days', quote: '二个工作日' }]);
    expect(readFigures('48小时内')).toEqual([{ value: 48, unit: 'hours', quote: '48小时' }]);
    expect(readFigures('一周内')).toEqual([{ value: 1, unit: 'weeks', quote: '一周' }]);
    expect(readFigures('7天')).toEqual([{ value: 7, unit: 'calendar_days', quote: '7天' }]);
    expect(readFigures('within a week')).toEqual([{ value: 1, unit: 'weeks', quote: 'a week' }]);
    expect(readFigures('two working days')).toEqual([{ value: 2, unit: 'working_days', quote: 'two working days' }]);
    expect(readFigures('半个月')).toEqual([{ value: 15, unit: 'calendar_days', quote: '半个月' }]);
    expect(readFigures('half a day')).toEqual([{ value: 0.5, unit: 'calendar_days', quote: 'half a day' }]);
    expect(readFigures('补偿50元, ¥50, $10, 15%, 百分之二十').map((f) => [f.value, f.unit])).toEqual([[50, 'yuan'], [50, 'yuan'], [10, 'yuan'], [15, 'percent'], [20, 'percent']]);
  });

  it('reads both ends of a range', () => {
    expect(readFigures('三到五个工作日').map((f) => f.value)).toEqual([3, 5]);
    expect(readFigures('7 to 10 business days').map((f) => [f.value, f.unit])).toEqual([[7, 'working_days'], [10, 'working_days']]);
  });

  it('does not read clause ids, case and order numbers, dates, weekdays or list markers', () => {
    expect(readFigures('第3.2.1条 RT-20261120-0003 订单DD20261118001 11月20日 下周二 1. 收到货后 2、寄回 五花肉切块')).toEqual([]);
  });

  it('reads Chinese numerals up to 99', () => {
    expect([parseZhNumeral('十'), parseZhNumeral('十五'), parseZhNumeral('二十'), parseZhNumeral('四十八'), parseZhNumeral('两'), parseZhNumeral('半')]).toEqual([10, 15, 20, 48, 2, 0.5]);
    expect(parseZhNumeral('百')).toBeUndefined();
  });

  it('reads any policy deadline, rendered any supported way, back to the same value and unit', () => {
    const values = [...new Set(policyDeadlines(defaultPolicy).map((d) => d.workingDays))];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...values), fc.integer({ min: 1, max: 99 })), fc.constantFrom<FigureUnit>('working_days', 'calendar_days', 'hours', 'weeks', 'yuan', 'percent'), (n, unit) => {
        for (const text of renderings(n, unit)) {
          const figures = readFigures(text);
          expect(figures, text).toHaveLength(1);
          expect(figures[0]?.value, text).toBe(n);
          expect(figures[0]?.unit, text).toBe(unit);
          expect(text.includes(figures[0]?.quote ?? '∅'), text).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
