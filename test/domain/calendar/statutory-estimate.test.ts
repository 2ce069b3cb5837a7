import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, estimateYear, formatInZone, statutoryHolidays } from '../../../src/domain/calendar/index.ts';

const SH = 'Asia/Shanghai';
const calendar = createWorkingCalendar({ timeZone: SH, hours: [{ start: '09:00', end: '18:00' }] });

function weekday(date: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '?';
}

// Expected days off reasoned by hand; weekdays are re-checked below with Date, lunar dates with getLunarDate.
const EXPECTED_2027 = [
  ['2027-01-01', 'Fri', '元旦'],
  ['2027-02-05', 'Fri', '春节'], // 除夕 (腊月廿九: 腊月 of 丙午 has 29 days)
  ['2027-02-06', 'Sat', '春节'], // 正月初一
  ['2027-02-07', 'Sun', '春节'],
  ['2027-02-08', 'Mon', '春节'],
  ['2027-02-09', 'Tue', '春节（补假）'], // for Sat 2/6
  ['2027-02-10', 'Wed', '春节（补假）'], // for Sun 2/7
  ['2027-04-05', 'Mon', '清明节'],
  ['2027-05-01', 'Sat', '劳动节'],
  ['2027-05-02', 'Sun', '劳动节'],
  ['2027-05-03', 'Mon', '劳动节（补假）'],
  ['2027-05-04', 'Tue', '劳动节（补假）'],
  ['2027-06-09', 'Wed', '端午节'],
  ['2027-09-15', 'Wed', '中秋节'],
  ['2027-10-01', 'Fri', '国庆节'],
  ['2027-10-02', 'Sat', '国庆节'],
  ['2027-10-03', 'Sun', '国庆节'],
  ['2027-10-04', 'Mon', '国庆节（补假）'],
  ['2027-10-05', 'Tue', '国庆节（补假）'],
] as const;

const EXPECTED_2028 = [
  ['2028-01-01', 'Sat', '元旦'],
  ['2028-01-03', 'Mon', '元旦（补假）'], // Sunday 1/2 is an ordinary weekend day
  ['2028-01-25', 'Tue', '春节'], // 除夕 (腊月廿九)
  ['2028-01-26', 'Wed', '春节'],
  ['2028-01-27', 'Thu', '春节'],
  ['2028-01-28', 'Fri', '春节'],
  ['2028-04-04', 'Tue', '清明节'],
  ['2028-05-01', 'Mon', '劳动节'],
  ['2028-05-02', 'Tue', '劳动节'],
  ['2028-05-28', 'Sun', '端午节'], // 五月初五 (2028 has a leap 5th month; the first one counts)
  ['2028-05-29', 'Mon', '端午节（补假）'],
  ['2028-10-01', 'Sun', '国庆节'],
  ['2028-10-02', 'Mon', '国庆节'],
  ['2028-10-03', 'Tue', '中秋节、国庆节'], // 八月十五 coincides with 国庆
  ['2028-10-04', 'Wed', '国庆节（补假）'], // for Sunday 10/1
  ['2028-10-05', 'Thu', '国庆节（补假）'], // for the day 中秋 and 国庆 share
] as const;

describe.each([
  [2027, EXPECTED_2027],
  [2028, EXPECTED_2028],
])('estimated days off in %i', (year, expected) => {
  it('matches the hand-derived list exactly', () => {
    expect(estimateYear(year).map((d) => [d.date, weekday(d.date), d.name])).toEqual(expected.map((row) => [...row]));
  });

  it.each(expected.map((row) => [...row]))('%s (%s) is an estimated day off: %s', (date, day, name) => {
    expect(weekday(date)).toBe(day);
    expect(calendar.dayInfo(date)).toMatchObject({ date, working: false, source: 'estimated', label: 'estimated', name, periods: [] });
  });

  it('guesses no adjusted working weekends and lists the same days off, weekends apart', () => {
    const listing = calendar.year(year);
    expect(listing.status).toBe('estimated');
    expect(listing.workingWeekends).toEqual([]);
    expect(listing.holidays.map((d) => d.date)).toEqual(expected.filter((row) => !['Sat', 'Sun'].includes(row[1])).map((row) => row[0]));
    expect(listing.holidayWeekends.map((d) => [d.date, d.name])).toEqual(expected.filter((row) => ['Sat', 'Sun'].includes(row[1])).map((row) => [row[0], row[2]]));
  });
});

describe('lunar and solar-term dates, checked independently', () => {
  it.each([
    [2027, '2027-02-05', '2027-06-09', '2027-09-15', '2027-04-05'],
    [2028, '2028-01-25', '2028-05-28', '2028-10-03', '2028-04-04'],
  ])('%i: 除夕 %s, 端午 %s, 中秋 %s, 清明 %s', (year, eve, dragon, midAutumn, qingming) => {
    const eveLunar = chineseDays.getLunarDate(eve);
    expect([eveLunar.lunarMon, eveLunar.lunarYear]).toEqual([12, year - 1]);
    const nextDay = new Date(`${eve}T00:00:00Z`);
    nextDay.setUTCDate(nextDay.getUTCDate() + 1);
    expect(chineseDays.getLunarDate(nextDay.toISOString().slice(0, 10))).toMatchObject({ lunarYear: year, lunarMon: 1, lunarDay: 1 });
    expect(chineseDays.getLunarDate(dragon)).toMatchObject({ lunarMon: 5, lunarDay: 5, isLeap: false });
    expect(chineseDays.getLunarDate(midAutumn)).toMatchObject({ lunarMon: 8, lunarDay: 15, isLeap: false });
    expect(chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`).map((t) => t.date)).toEqual([qingming]);
    expect(statutoryHolidays(year).map((d) => d.date)).toEqual(expect.arrayContaining([eve, dragon, midAutumn, qingming]));
  });
});

describe('deadlines in estimated years', () => {
  it.each([
    ['2027-02-04T10:00:00+08:00', 1, '2027-02-11T18:00:00+08:00'],
    ['2027-02-04T10:00:00+08:00', 0, '2027-02-04T18:00:00+08:00'],
    ['2027-04-02T10:00:00+08:00', 1, '2027-04-06T18:00:00+08:00'],
    ['2027-04-30T10:00:00+08:00', 1, '2027-05-05T18:00:00+08:00'],
    ['2027-06-08T10:00:00+08:00', 1, '2027-06-10T18:00:00+08:00'],
    ['2027-09-14T10:00:00+08:00', 1, '2027-09-16T18:00:00+08:00'],
    ['2027-09-30T10:00:00+08:00', 1, '2027-10-06T18:00:00+08:00'],
    ['2027-12-31T10:00:00+08:00', 1, '2028-01-04T18:00:00+08:00'],
    ['2028-01-24T10:00:00+08:00', 1, '2028-01-31T18:00:00+08:00'],
    ['2028-05-26T10:00:00+08:00', 1, '2028-05-30T18:00:00+08:00'],
    ['2028-09-29T10:00:00+08:00', 1, '2028-10-06T18:00:00+08:00'],
  ])('%s + %i → %s', (from, n, expected) => {
    const result = calendar.addWorkingDays(new Date(from), n);
    expect({ deadline: formatInZone(result.deadline, SH), calendar: result.calendar }).toEqual({ deadline: expected, calendar: 'estimated' });
  });
});

describe('estimate invariants over many years', () => {
  const years = Array.from({ length: 2099 - 2027 + 1 }, (_, i) => 2027 + i);

  it('each of the 13 statutory days yields exactly one weekday off (itself or its make-up)', () => {
    for (const year of years) {
      const weekdaysOff = estimateYear(year).filter((d) => !['Sat', 'Sun'].includes(weekday(d.date)));
      expect(weekdaysOff, String(year)).toHaveLength(13);
      expect(estimateYear(year).every((d) => d.date.startsWith(String(year))), String(year)).toBe(true);
    }
  });

  it('rejects years the lunar tables cannot estimate', () => {
    expect(() => estimateYear(2100)).toThrow(expect.objectContaining({ code: 'calendar.year_unsupported' }));
    expect(() => calendar.dayInfo('2150-01-01')).toThrow(expect.objectContaining({ code: 'calendar.year_unsupported' }));
  });
});
