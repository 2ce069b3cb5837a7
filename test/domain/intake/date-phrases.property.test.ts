import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, epochDayOf } from '../../../src/domain/calendar/civil-date.ts';
import { findDatePhrases, findReceivedDate, isoWeekdayOf, MAX_RECEIPT_AGE_DAYS } from '../../../src/domain/intake/index.ts';

const today = fc.integer({ min: epochDayOf('2000-01-01'), max: epochDayOf('2099-12-31') }).map((day) => addDays('1970-01-01', day));

const ZH_WEEKDAYS: ReadonlyArray<[string, number]> = [
  ['一', 1], ['二', 2], ['三', 3], ['四', 4], ['五', 5], ['六', 6], ['日', 7], ['天', 7],
];
const EN_WEEKDAYS: ReadonlyArray<[string, number]> = [
  ['Monday', 1], ['Tuesday', 2], ['Wednesday', 3], ['Thursday', 4], ['Friday', 5], ['Saturday', 6], ['Sunday', 7],
  ['mon', 1], ['tue', 2], ['wed', 3], ['thu', 4], ['fri', 5], ['sat', 6], ['sun', 7],
];
const zhWeekday = fc.constantFrom(...ZH_WEEKDAYS);
const enWeekday = fc.constantFrom(...EN_WEEKDAYS);
const zhPreviousWeek = fc.constantFrom('上周', '上个星期', '上星期', '上礼拜', '上个礼拜', '上周的周', '上個星期');
const zhRecent = fc.constantFrom('周', '星期', '礼拜');
// Text around a phrase that holds no date of its own.
const before = fc.constantFrom('', '我', '订单 88812345 ', 'the mugs came ', '，', '\n');
const after = fc.constantFrom('', '收到的', ' 保温杯漏水了', ', 2 broken', '，', '!');

function dateOf(text: string, day: string): string {
  const found = findReceivedDate(text, day);
  if (found === undefined || !('value' in found)) throw new Error(`no date in ${JSON.stringify(text)} on ${day}: ${JSON.stringify(found)}`);
  return found.value;
}

function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekdayOf(day));
}

describe('findReceivedDate properties', () => {
  it('reads "N天前" and "N days ago" as today − N for N in 0..365', () => {
    fc.assert(
      fc.property(today, fc.integer({ min: 0, max: 365 }), before, (day, n, head) => {
        expect(dateOf(`${head}${n}天前`, day)).toBe(addDays(day, -n));
        expect(dateOf(`${head}${n} days ago`, day)).toBe(addDays(day, -n));
      }),
    );
  });

  it('reads 上周X as day X of the previous Monday–Sunday week', () => {
    fc.assert(
      fc.property(today, zhPreviousWeek, zhWeekday, before, after, (day, prefix, [word, weekday], head, tail) => {
        const date = dateOf(`${head}${prefix}${word}${tail}`, day);
        expect(isoWeekdayOf(date)).toBe(weekday);
        expect(mondayOf(date)).toBe(addDays(mondayOf(day), -7));
      }),
    );
  });

  it('reads "last X" as day X of the previous Monday–Sunday week', () => {
    fc.assert(
      fc.property(today, enWeekday, before, after, (day, [word, weekday], head, tail) => {
        const date = dateOf(`${head}last ${word}${tail}`, day);
        expect(isoWeekdayOf(date)).toBe(weekday);
        expect(mondayOf(date)).toBe(addDays(mondayOf(day), -7));
      }),
    );
  });

  it('reads 周X and "on X" as the most recent day X, 0–6 days back', () => {
    fc.assert(
      fc.property(today, zhRecent, zhWeekday, enWeekday, before, after, (day, prefix, [zh, zhDay], [en, enDay], head, tail) => {
        for (const [text, weekday] of [[`${head}${prefix}${zh}${tail}`, zhDay], [`${head}on ${en}${tail}`, enDay]] as const) {
          const date = dateOf(text, day);
          expect(isoWeekdayOf(date)).toBe(weekday);
          const back = epochDayOf(day) - epochDayOf(date);
          expect(back).toBeGreaterThanOrEqual(0);
          expect(back).toBeLessThanOrEqual(6);
        }
      }),
    );
  });

  it('confirms every weekday phrase and never confirms 今天, 昨天, 前天 or N天前', () => {
    fc.assert(
      fc.property(today, zhWeekday, enWeekday, fc.integer({ min: 0, max: 365 }), (day, [zh], [en], n) => {
        for (const text of [`上周${zh}`, `周${zh}`, `last ${en}`, `on ${en}`]) expect(findReceivedDate(text, day)).toMatchObject({ needsConfirm: true });
        for (const text of ['今天', '昨天', '前天', '大前天', `${n}天前`]) expect(findReceivedDate(text, day)).toMatchObject({ needsConfirm: false });
      }),
    );
  });

  const dateish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('昨天', '前天', '今天', '明天', 'yesterday', 'tomorrow', 'Nov 20', 'Feb 29', '2月29日', '12月31日', '1月1日', '20号', '31号', '11/12', '12.31'),
    fc.tuple(zhPreviousWeek, zhWeekday).map(([prefix, [word]]) => `${prefix}${word}`),
    fc.tuple(zhRecent, zhWeekday).map(([prefix, [word]]) => `${prefix}${word}`),
    fc.tuple(fc.constantFrom('last ', 'on ', 'this ', 'next ', ''), enWeekday).map(([prefix, [word]]) => `${prefix}${word}`),
    fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([m, d]) => `${m}月${d}日`),
    fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('/', '.', '-')).map(([a, b, sep]) => `${a}${sep}${b}`),
    fc.integer({ min: 0, max: 40 }).map((d) => `${d}号`),
  );

  it('never reads a date after today or more than MAX_RECEIPT_AGE_DAYS back, and its span holds the phrase', () => {
    fc.assert(
      fc.property(before, dateish, after, today, (head, phrase, tail, day) => {
        const text = `${head}${phrase}${tail}`;
        for (const found of findDatePhrases(text, day)) {
          expect(found.span.start).toBeGreaterThanOrEqual(0);
          expect(found.span.end).toBeLessThanOrEqual(text.length);
          expect(found.span.end).toBeGreaterThan(found.span.start);
          if ('date' in found.reading) {
            const back = epochDayOf(day) - epochDayOf(found.reading.date);
            expect(back).toBeGreaterThanOrEqual(0);
            expect(back).toBeLessThanOrEqual(MAX_RECEIPT_AGE_DAYS);
          }
        }
        const found = findReceivedDate(text, day);
        if (found && phrase.trim() !== '' && !/\d/.test(head + tail)) {
          // The fillers hold no date, so whatever was found lies inside the phrase.
          expect(phrase).toContain(text.slice(found.span.start, found.span.end).trim());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string, ASCII or full unicode, up to 2,000 characters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 2000 })), today, (text, day) => {
        const phrases = findDatePhrases(text, day);
        for (let i = 1; i < phrases.length; i += 1) expect(phrases[i]?.span.start).toBeGreaterThanOrEqual(phrases[i - 1]?.span.end ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it('finishes on 10,000 characters of adversarial text', () => {
    const attacks = [
      '1'.repeat(10_000),
      '1/'.repeat(5_000),
      '1.1.'.repeat(2_500),
      '天'.repeat(10_000),
      '前'.repeat(10_000),
      '上'.repeat(9_999) + '周五',
      '周'.repeat(10_000),
      '一'.repeat(10_000),
      '1月'.repeat(5_000),
      '十月'.repeat(5_000),
      'nov '.repeat(2_500),
      'last '.repeat(2_000),
      'on the '.repeat(1_400),
      '3 '.repeat(5_000),
      'a '.repeat(5_000) + 'days',
      ' '.repeat(10_000) + 'ago',
      '昨天'.repeat(5_000),
    ];
    for (const text of attacks) expect(() => findDatePhrases(text, '2026-11-26')).not.toThrow();
    expect(findReceivedDate('上'.repeat(9_999) + '周五', '2026-11-26')).toMatchObject({ value: '2026-11-13' });
  });
});
