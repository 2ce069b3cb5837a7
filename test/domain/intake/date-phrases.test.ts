import { describe, expect, it } from 'vitest';
import { findDatePhrases, findReceivedDate, foldDateText, isoWeekdayOf, parseReceivedDate } from '../../../src/domain/intake/index.ts';

// One calendar week, Monday first (China): every weekday in turn is "today".
const WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'] as const;
const F = 'future';

/** Day of November 2026 the phrase names on Mon … Sun of WEEK, or 'future'; then whether the bot confirms it. */
const WEEK_TABLE: ReadonlyArray<[string, ReadonlyArray<number | typeof F>, boolean]> = [
  ['今天', [23, 24, 25, 26, 27, 28, 29], false],
  ['today', [23, 24, 25, 26, 27, 28, 29], false],
  ['this morning', [23, 24, 25, 26, 27, 28, 29], false],
  ['昨天', [22, 23, 24, 25, 26, 27, 28], false],
  ['yesterday', [22, 23, 24, 25, 26, 27, 28], false],
  ['前天', [21, 22, 23, 24, 25, 26, 27], false],
  ['the day before yesterday', [21, 22, 23, 24, 25, 26, 27], false],
  ['day before yesterday', [21, 22, 23, 24, 25, 26, 27], false],
  ['大前天', [20, 21, 22, 23, 24, 25, 26], false],
  ['3天前', [20, 21, 22, 23, 24, 25, 26], false],
  ['三天前', [20, 21, 22, 23, 24, 25, 26], false],
  ['３天前', [20, 21, 22, 23, 24, 25, 26], false],
  ['3 days ago', [20, 21, 22, 23, 24, 25, 26], false],
  ['a week ago', [16, 17, 18, 19, 20, 21, 22], true],
  ['一个星期前', [16, 17, 18, 19, 20, 21, 22], true],
  // The previous calendar week is Mon 16 … Sun 22 whichever day today is.
  ['上周一', [16, 16, 16, 16, 16, 16, 16], true],
  ['上周三', [18, 18, 18, 18, 18, 18, 18], true],
  ['上周五', [20, 20, 20, 20, 20, 20, 20], true],
  ['上个星期五', [20, 20, 20, 20, 20, 20, 20], true],
  ['上星期五', [20, 20, 20, 20, 20, 20, 20], true],
  ['上礼拜五', [20, 20, 20, 20, 20, 20, 20], true],
  ['上周周五', [20, 20, 20, 20, 20, 20, 20], true],
  ['上周日', [22, 22, 22, 22, 22, 22, 22], true],
  ['上周5', [20, 20, 20, 20, 20, 20, 20], true],
  ['上礼拜天', [22, 22, 22, 22, 22, 22, 22], true],
  ['上個星期天', [22, 22, 22, 22, 22, 22, 22], true],
  ['last Monday', [16, 16, 16, 16, 16, 16, 16], true],
  ['last Friday', [20, 20, 20, 20, 20, 20, 20], true],
  ['last fri', [20, 20, 20, 20, 20, 20, 20], true],
  ['Friday last week', [20, 20, 20, 20, 20, 20, 20], true],
  ['last Sunday', [22, 22, 22, 22, 22, 22, 22], true],
  // This calendar week: a day still ahead is in the future.
  ['这周一', [23, 23, 23, 23, 23, 23, 23], false],
  ['本周三', [F, F, 25, 25, 25, 25, 25], false],
  ['这周五', [F, F, F, F, 27, 27, 27], false],
  ['这个星期天', [F, F, F, F, F, F, 29], false],
  ['this Friday', [F, F, F, F, 27, 27, 27], true],
  // The most recent such day, today included.
  ['周一', [23, 23, 23, 23, 23, 23, 23], true],
  ['周三', [18, 18, 25, 25, 25, 25, 25], true],
  ['周五', [20, 20, 20, 20, 27, 27, 27], true],
  ['星期五', [20, 20, 20, 20, 27, 27, 27], true],
  ['礼拜五', [20, 20, 20, 20, 27, 27, 27], true],
  ['周5', [20, 20, 20, 20, 27, 27, 27], true],
  ['周日', [22, 22, 22, 22, 22, 22, 29], true],
  ['周天', [22, 22, 22, 22, 22, 22, 29], true],
  ['星期天', [22, 22, 22, 22, 22, 22, 29], true],
  ['on Friday', [20, 20, 20, 20, 27, 27, 27], true],
  ['friday', [20, 20, 20, 20, 27, 27, 27], true],
  ['on Sunday', [22, 22, 22, 22, 22, 22, 29], true],
  // Next week is always ahead.
  ['下周一', [F, F, F, F, F, F, F], true],
  ['next Monday', [F, F, F, F, F, F, F], true],
  ['明天', [F, F, F, F, F, F, F], false],
  ['tomorrow', [F, F, F, F, F, F, F], false],
  // Calendar dates in this month.
  ['11月20日', [20, 20, 20, 20, 20, 20, 20], false],
  ['11月20号', [20, 20, 20, 20, 20, 20, 20], false],
  ['十一月二十日', [20, 20, 20, 20, 20, 20, 20], false],
  ['11.20', [20, 20, 20, 20, 20, 20, 20], false],
  ['11/20', [20, 20, 20, 20, 20, 20, 20], false],
  ['11-20', [20, 20, 20, 20, 20, 20, 20], false],
  ['１１／２０', [20, 20, 20, 20, 20, 20, 20], false],
  ['Nov 20', [20, 20, 20, 20, 20, 20, 20], false],
  ['20 Nov', [20, 20, 20, 20, 20, 20, 20], false],
  ['November 20th', [20, 20, 20, 20, 20, 20, 20], false],
  ['20号', [20, 20, 20, 20, 20, 20, 20], false],
  ['20日', [20, 20, 20, 20, 20, 20, 20], false],
  ['二十号', [20, 20, 20, 20, 20, 20, 20], false],
  ['11月25日', [F, F, 25, 25, 25, 25, 25], false],
  ['Nov 27', [F, F, F, F, 27, 27, 27], false],
];

function expectedOf(day: number | typeof F, confirm: boolean): unknown {
  return day === F ? { problem: 'future' } : { value: `2026-11-${String(day)}`, needsConfirm: confirm };
}

function reading(found: ReturnType<typeof findReceivedDate>): unknown {
  if (found === undefined) return undefined;
  return 'problem' in found ? { problem: found.problem } : { value: found.value, needsConfirm: found.needsConfirm };
}

describe('findReceivedDate on every day of one week', () => {
  it('has Monday first', () => {
    expect(WEEK.map(isoWeekdayOf)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  for (const [phrase, days, confirm] of WEEK_TABLE) {
    it.each(WEEK.map((today, index) => [today, days[index] ?? F] as const))(`reads "${phrase}" on %s as %s`, (today, day) => {
      expect(reading(findReceivedDate(phrase, today))).toEqual(expectedOf(day, confirm));
    });
  }

  it('reads the phrases of the issue on Thursday 26 November, each as its own day', () => {
    const today = '2026-11-26';
    expect(reading(findReceivedDate('上周五', today))).toEqual({ value: '2026-11-20', needsConfirm: true });
    expect(reading(findReceivedDate('上周三', today))).toEqual({ value: '2026-11-18', needsConfirm: true });
    expect(reading(findReceivedDate('the day before yesterday', today))).toEqual({ value: '2026-11-24', needsConfirm: false });
  });
});

describe('findReceivedDate across month, year and leap-day ends', () => {
  it.each([
    // Tuesday 1 December 2026: last week is Mon 23 … Sun 29 November.
    ['2026-12-01', '上周五', '2026-11-27', true],
    ['2026-12-01', '昨天', '2026-11-30', false],
    ['2026-12-01', '大前天', '2026-11-28', false],
    ['2026-12-01', '周日', '2026-11-29', true],
    ['2026-12-01', 'last Monday', '2026-11-23', true],
    ['2026-12-01', '20号', '2026-11-20', true],
    ['2026-12-01', '1号', '2026-12-01', false],
    ['2026-12-01', '11.30', '2026-11-30', false],
    ['2026-12-01', '上个月20号', '2026-11-20', false],
    // Monday 4 January 2027: last week is Mon 28 December … Sun 3 January.
    ['2027-01-04', '上周五', '2027-01-01', true],
    ['2027-01-04', '上周一', '2026-12-28', true],
    ['2027-01-04', '上周日', '2027-01-03', true],
    ['2027-01-04', '周五', '2027-01-01', true],
    ['2027-01-04', '12月30日', '2026-12-30', true],
    ['2027-01-04', 'Dec 30', '2026-12-30', true],
    ['2027-01-04', '12/30', '2026-12-30', true],
    ['2027-01-04', '30号', '2026-12-30', true],
    ['2027-01-04', '1月1日', '2027-01-01', false],
    ['2027-01-04', '2026年12月30日', '2026-12-30', false],
    ['2027-01-04', '前天', '2027-01-02', false],
    ['2027-01-04', 'last week', '2026-12-28', true],
    // Friday 1 January 2027.
    ['2027-01-01', '上周五', '2026-12-25', true],
    ['2027-01-01', '周五', '2027-01-01', true],
    ['2027-01-01', '昨天', '2026-12-31', false],
    ['2027-01-01', 'the day before yesterday', '2026-12-30', false],
    // Tuesday 29 February 2028 (leap year) and the day after.
    ['2028-02-29', '2月29日', '2028-02-29', false],
    ['2028-02-29', 'Feb 29', '2028-02-29', false],
    ['2028-02-29', '昨天', '2028-02-28', false],
    ['2028-02-29', '上周五', '2028-02-25', true],
    ['2028-02-29', '周二', '2028-02-29', true],
    ['2028-03-01', '昨天', '2028-02-29', false],
    ['2028-03-01', '前天', '2028-02-28', false],
    ['2028-03-01', '29号', '2028-02-29', true],
    ['2028-03-01', '30号', '2028-01-30', true],
    ['2028-03-01', '上周日', '2028-02-27', true],
  ])('on %s reads "%s" as %s', (today, phrase, value, needsConfirm) => {
    expect(reading(findReceivedDate(phrase, today))).toEqual({ value, needsConfirm });
  });

  it.each([
    ['2026-11-26', '2月30日', 'invalid'],
    ['2026-11-26', '2026-02-30', 'invalid'],
    ['2026-11-26', '13月40日', 'invalid'],
    ['2027-03-01', '2月29日', 'invalid'],
    ['2028-02-29', '3月1日', 'future'],
    ['2028-02-29', '明天', 'future'],
    ['2026-11-26', '12月5日', 'future'],
    ['2026-11-26', 'the day after tomorrow', 'future'],
    ['2026-11-26', '后天', 'future'],
    ['2026-11-26', '2025-11-25', 'too_old'],
    ['2026-11-26', '400天前', 'too_old'],
    ['2026-11-26', '60 weeks ago', 'too_old'],
  ])('on %s refuses "%s" (%s)', (today, phrase, problem) => {
    expect(reading(findReceivedDate(phrase, today))).toEqual({ problem });
  });
});

describe('findReceivedDate inside longer messages', () => {
  const today = '2026-11-26';
  it.each([
    ['订单 2026112012345 上周五收到的保温杯漏水了', '上周五', '2026-11-20'],
    ['got them the day before yesterday, 2 broken', 'the day before yesterday', '2026-11-24'],
    ['我是11月20号收到的', '11月20号', '2026-11-20'],
    ['今天才发现，上周五收到的杯子裂了', '上周五', '2026-11-20'],
    ['明天给我答复，昨天收到的', '昨天', '2026-11-25'],
    ['Order 88812345 arrived on Friday, 2 mugs cracked', 'on Friday', '2026-11-20'],
    ['received them last Monday, today I opened the box', 'last Monday', '2026-11-16'],
    ['收到日期：11.20，今天打开发现坏了', '11.20', '2026-11-20'],
    ['收到3天了还没人处理', '收到3天了', '2026-11-23'],
    ['昨天收到的，今天还没人联系我', '昨天', '2026-11-25'],
    ['上週五收到的', '上週五', '2026-11-20'],
    ['ＮＯＶ　２０ delivery, 3 cups chipped', 'ＮＯＶ　２０', '2026-11-20'],
    ['received on the 20th', 'on the 20th', '2026-11-20'],
  ])('finds the date in %j', (message, phrase, value) => {
    const found = findReceivedDate(message, today);
    expect(found && 'value' in found ? found.value : found).toBe(value);
    expect(found && message.slice(found.span.start, found.span.end)).toBe(phrase);
  });

  it.each([
    '每周一都有人来收货',
    '一周一次',
    '2/3坏了',
    '3/5 of them are broken',
    '退款11.20元',
    'RMB 11.20',
    '2.5 kg',
    '售后天数是多少',
    '5号电池没电',
    '3号楼',
    '3-5天能到吗',
    '收到3天内可以退吗',
    '2 may be broken',
    'the 3rd one is broken',
    'sat on it by accident',
    'we are open every Monday',
    'RT-20261120-0001',
    '订单 2026112012345',
    '几天前收到的',
  ])('finds no date in %j', (message) => {
    expect(findReceivedDate(message, today)).toBeUndefined();
  });

  it('returns a refusal with its span when the only date phrase is ahead', () => {
    expect(findReceivedDate('明天给我答复', today)).toEqual({ problem: 'future', span: { start: 0, end: 2 } });
  });

  it('lists every phrase in order, leftmost-longest, with what the words next to it say happened', () => {
    const phrases = findDatePhrases('大前天问过，说好今天发，结果上周五才收到', today);
    expect(phrases.map((p) => [p.kind, p.span, p.cue])).toEqual([
      ['relative_day', { start: 0, end: 3 }, 'none'],
      ['relative_day', { start: 8, end: 10 }, 'other'],
      ['previous_week_weekday', { start: 14, end: 17 }, 'receipt'],
    ]);
  });

  it.each([
    ['11月11日买的，昨天才到', '昨天', '2026-11-25'],
    ['I ordered on Nov 10 and received them yesterday', 'yesterday', '2026-11-25'],
    ['上周五下的单，周二到的货', '周二', '2026-11-24'],
  ])('skips purchase and shipping dates in %j', (message, phrase, value) => {
    const found = findReceivedDate(message, today);
    expect(found && 'value' in found ? found.value : found).toBe(value);
    expect(found && message.slice(found.span.start, found.span.end)).toBe(phrase);
  });

  it.each(['上周五下的单', '上周就反馈过了', '说好的昨天到', '今天还没收到', 'I sent it back last Friday', 'shipped on Nov 20', 'will send pics tonight', 'my complaint from monday'])('finds no receipt date in %j', (message) => {
    expect(findReceivedDate(message, today)).toBeUndefined();
    expect(findDatePhrases(message, today)).toMatchObject([{ cue: 'other' }]);
  });

  it('keeps offsets of the message as received through full-width and traditional folding', () => {
    const text = 'ＡＢ號這禮週後個Ｚ　x';
    expect(foldDateText(text)).toBe('ab号这礼周后个z x');
    expect(foldDateText(text)).toHaveLength(text.length);
  });
});

describe('parseReceivedDate answers with the same grammar', () => {
  it.each([
    ['上周五', '2026-11-20'],
    ['上周三', '2026-11-18'],
    ['the day before yesterday', '2026-11-24'],
    ['last Monday', '2026-11-16'],
    ['周五', '2026-11-20'],
    ['11.20', '2026-11-20'],
  ])('reads %j as %s', (answer, date) => {
    expect(parseReceivedDate(answer, '2026-11-26')).toEqual({ ok: true, date });
  });

  it('reports a message without a date phrase as unrecognized', () => {
    expect(parseReceivedDate('不记得了', '2026-11-26')).toEqual({ ok: false, problem: 'unrecognized' });
  });
});
