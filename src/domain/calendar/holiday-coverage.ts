import { epochDayOf } from './civil-date.ts';
import { HOLIDAY_KEYS, holidaysNamedIn } from './holiday-names.ts';
import type { HolidayKey } from './holiday-names.ts';
import { statutoryHolidays } from './statutory-estimate.ts';

/** A day off an imported schedule lists, with the SUMMARY of its event when it had one. */
export interface ImportedDayOff {
  date: string;
  name?: string | undefined;
}

// Official breaks move around the statutory day (weekend swaps, 春节 from 除夕 to 初七), but never by weeks.
const NAMED_WINDOW_DAYS = 14;

/**
 * The statutory holidays of `year` that an imported schedule leaves out. A holiday is covered when the
 * schedule gives one of its statutory days off (whatever the event is called, e.g. 中秋 inside a "国庆节"
 * break), or when a day off whose event names it ("国庆节", "National Day", "中秋节、国庆节") lies within
 * two weeks of its statutory days (official dates that differ from the estimate). Result in statute order.
 */
export function missingHolidays(year: number, daysOff: readonly ImportedDayOff[]): HolidayKey[] {
  const statutory = statutoryHolidays(year);
  const offDates = new Set(daysOff.map((day) => day.date));
  const named = daysOff.flatMap((day) => (day.name === undefined ? [] : holidaysNamedIn(day.name).map((holiday) => ({ holiday, epochDay: epochDayOf(day.date) }))));
  const covered = (holiday: HolidayKey): boolean => {
    const days = statutory.filter((day) => day.holiday === holiday);
    if (days.some((day) => offDates.has(day.date))) return true;
    const epochDays = days.map((day) => epochDayOf(day.date));
    const first = Math.min(...epochDays) - NAMED_WINDOW_DAYS;
    const last = Math.max(...epochDays) + NAMED_WINDOW_DAYS;
    return named.some((entry) => entry.holiday === holiday && entry.epochDay >= first && entry.epochDay <= last);
  };
  return HOLIDAY_KEYS.filter((holiday) => !covered(holiday));
}
