import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, epochDayOf } from '../../../src/domain/calendar/civil-date.ts';
import { parseReceivedDate } from '../../../src/domain/intake/index.ts';

const TODAY = '2026-11-26';

describe('parseReceivedDate', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026/11/20', '2026-11-20'],
    ['2026.11.20', '2026-11-20'],
    ['２０２６－１１－２０', '2026-11-20'],
    ['2026年11月20日', '2026-11-20'],
    ['11月20日', '2026-11-20'],
    ['11月20号', '2026-11-20'],
    ['我是11月20号收到的', '2026-11-20'],
    ['Nov 20', '2026-11-20'],
    ['nov. 20th', '2026-11-20'],
    ['November 3rd, 2026', '2026-11-03'],
    ['20 Nov', '2026-11-20'],
    ['20th of November 2026', '2026-11-20'],
    ['today', TODAY],
    ['今天', TODAY],
    ['今天上午收到的', TODAY],
    ['昨天', '2026-11-25'],
    ['yesterday', '2026-11-25'],
    ['Yesterday!', '2026-11-25'],
    ['前天', '2026-11-24'],
    ['大前天', '2026-11-23'],
    ['3天前', '2026-11-23'],
    ['三天前', '2026-11-23'],
    ['十天前', '2026-11-16'],
    ['3 days ago', '2026-11-23'],
    ['a day ago', '2026-11-25'],
    ['one week ago', '2026-11-19'],
    ['2 weeks ago', '2026-11-12'],
    ['一周前', '2026-11-19'],
    ['上周', '2026-11-19'],
    ['last week', '2026-11-19'],
    ['365 days ago', '2025-11-26'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseReceivedDate(input, TODAY)).toEqual({ ok: true, date: expected });
  });

  it.each([
    ['2026-11-27', 'future'],
    ['明天', 'future'],
    ['tomorrow', 'future'],
    ['后天', 'future'],
    ['12月5日', 'future'],
    ['Dec 24', 'future'],
    ['2027-01-01', 'future'],
    ['9999-12-31', 'future'],
    ['2025-11-25', 'too_old'],
    ['366 days ago', 'too_old'],
    ['1900-01-01', 'too_old'],
    ['999999 days ago', 'too_old'],
    ['2026-02-30', 'invalid'],
    ['2026-13-01', 'invalid'],
    ['13月40日', 'invalid'],
    ['hello', 'unrecognized'],
    ['', 'unrecognized'],
    ['🙂', 'unrecognized'],
    ['مرحبا', 'unrecognized'],
    ['decided 3 things', 'unrecognized'],
    ['3 marbles', 'unrecognized'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseReceivedDate(input, TODAY)).toEqual({ ok: false, problem });
  });

  it('reads a month-day ahead of today as last year only near the turn of the year', () => {
    expect(parseReceivedDate('12月28日', '2027-01-03')).toEqual({ ok: true, date: '2026-12-28' });
    expect(parseReceivedDate('Dec 30', '2027-01-02')).toEqual({ ok: true, date: '2026-12-30' });
    expect(parseReceivedDate('12月28日', '2027-08-01')).toEqual({ ok: false, problem: 'future' });
  });

  it('refuses a today that is not a date (a programming error, not a merchant one)', () => {
    expect(() => parseReceivedDate('昨天', '26/11/2026')).toThrow(RangeError);
  });
});

const today = fc.integer({ min: epochDayOf('2024-01-01'), max: epochDayOf('2030-12-31') }).map((day) => addDays('1970-01-01', day));
const anyText = fc.string({ unit: 'grapheme', maxLength: 10_000 });
const dateish = fc.oneof(
  anyText,
  fc.constantFrom('昨天', '前天', '今天', '明天', 'yesterday', 'today', 'tomorrow', 'Nov 20', 'Feb 29', '2月29日', '12月31日', '1月1日'),
  fc.integer({ min: 0, max: 400 }).map((n) => `${n}天前`),
  fc.integer({ min: 0, max: 400 }).map((n) => `${n} days ago`),
  fc.tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([m, d]) => `${m}月${d}日`),
);

describe('parseReceivedDate properties', () => {
  it('never returns a date after today or more than a year before it', () => {
    fc.assert(
      fc.property(dateish, today, (text, day) => {
        const result = parseReceivedDate(text, day);
        if (result.ok) {
          expect(epochDayOf(result.date)).toBeLessThanOrEqual(epochDayOf(day));
          expect(epochDayOf(day) - epochDayOf(result.date)).toBeLessThanOrEqual(365);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary unicode up to 10,000 characters', () => {
    fc.assert(
      fc.property(anyText, today, (text, day) => {
        expect(() => parseReceivedDate(text, day)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(dateish, today, (text, day) => {
        const first = parseReceivedDate(text, day);
        if (first.ok) expect(parseReceivedDate(first.date, day)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('reads "N天前" and "N days ago" as exactly N days back within a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), today, (n, day) => {
        expect(parseReceivedDate(`${n}天前`, day)).toEqual({ ok: true, date: addDays(day, -n) });
        expect(parseReceivedDate(`${n} days ago`, day)).toEqual({ ok: true, date: addDays(day, -n) });
      }),
    );
  });

  // No wall-clock bound (shared CI cores make one flaky): a catastrophic regex would run past the test's timeout.
  it('finishes on 10,000 characters of adversarial text', () => {
    for (const text of ['1'.repeat(10_000), '天'.repeat(10_000), 'nov '.repeat(2_500), '3 '.repeat(5_000)]) {
      expect(parseReceivedDate(text, TODAY)).toEqual({ ok: false, problem: 'unrecognized' });
    }
    expect(parseReceivedDate('1月'.repeat(5_000), TODAY)).toEqual({ ok: true, date: '2026-01-01' });
  });
});
