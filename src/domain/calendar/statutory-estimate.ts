import chineseDays from 'chinese-days';
import { CalendarError } from './calendar-error.ts';
import { addDays, epochDayOf, dateOfEpochDay, isWeekendEpochDay } from './civil-date.ts';
import { HOLIDAY_NAMES } from './holiday-names.ts';
import type { HolidayKey } from './holiday-names.ts';

/** One statutory holiday day per 《全国年节及纪念日放假办法》 (2024 revision). */
export interface StatutoryDay {
  date: string;
  name: string;
  holiday: HolidayKey;
}

/** A day off in an estimated year; `makeUp` marks a 补假 day given for a holiday lost to a weekend. */
export interface EstimatedDayOff {
  date: string;
  name: string;
  makeUp: boolean;
}

/** Years for which the lunar tables of `chinese-days` allow an estimate. */
export const ESTIMATE_YEAR_RANGE = { min: 1901, max: 2099 } as const;

function assertEstimableYear(year: number): void {
  if (!Number.isInteger(year) || year < ESTIMATE_YEAR_RANGE.min || year > ESTIMATE_YEAR_RANGE.max) {
    throw new CalendarError(
      'calendar.year_unsupported',
      `Year ${year} is outside the supported range ${ESTIMATE_YEAR_RANGE.min}–${ESTIMATE_YEAR_RANGE.max}`,
    );
  }
}

function lunarToSolar(year: number, month: number, day: number): string {
  // The non-leap month is what the statute means; `leapMonthDate` is ignored on purpose.
  return chineseDays.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date;
}

/** The statutory holiday days of `year`, in date order, before weekend make-ups. */
export function statutoryHolidays(year: number): StatutoryDay[] {
  assertEstimableYear(year);
  const newYear = lunarToSolar(year, 1, 1);
  const day = (date: string, holiday: HolidayKey): StatutoryDay => ({ date, name: HOLIDAY_NAMES[holiday].zh, holiday });
  const days: StatutoryDay[] = [
    day(`${year}-01-01`, 'new_year'),
    // 除夕 is the last day of the 12th lunar month, whose length varies, so step back from 正月初一.
    day(addDays(newYear, -1), 'spring_festival'),
    day(newYear, 'spring_festival'),
    day(addDays(newYear, 1), 'spring_festival'),
    day(addDays(newYear, 2), 'spring_festival'),
    day(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), 'qingming'),
    day(`${year}-05-01`, 'labour_day'),
    day(`${year}-05-02`, 'labour_day'),
    day(lunarToSolar(year, 5, 5), 'dragon_boat'),
    day(lunarToSolar(year, 8, 15), 'mid_autumn'),
    day(`${year}-10-01`, 'national_day'),
    day(`${year}-10-02`, 'national_day'),
    day(`${year}-10-03`, 'national_day'),
  ];
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Estimated days off of `year` (weekends aside): the statutory days plus one make-up weekday for each
 * statutory day that falls on a weekend or on another holiday (e.g. 中秋 on 1–3 Oct), assigned in date
 * order to the next weekday not already off. No adjusted working weekends are guessed.
 */
export function estimateYear(year: number): EstimatedDayOff[] {
  const statutory = statutoryHolidays(year);
  const off = new Set(statutory.map((day) => day.date));
  const claimed = new Map<string, EstimatedDayOff>();
  const result: EstimatedDayOff[] = [];
  for (const day of statutory) {
    const epochDay = epochDayOf(day.date);
    const existing = claimed.get(day.date);
    const lost = isWeekendEpochDay(epochDay) || existing !== undefined;
    if (existing) {
      existing.name = `${existing.name}、${day.name}`;
    } else {
      const entry = { date: day.date, name: day.name, makeUp: false };
      claimed.set(day.date, entry);
      result.push(entry);
    }
    if (!lost) continue;
    let candidate = epochDay + 1;
    while (isWeekendEpochDay(candidate) || off.has(dateOfEpochDay(candidate))) candidate += 1;
    const makeUp = dateOfEpochDay(candidate);
    off.add(makeUp);
    result.push({ date: makeUp, name: `${day.name}（补假）`, makeUp: true });
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
