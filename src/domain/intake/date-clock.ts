import { tryParseDate, weekdayOfEpochDay } from '../calendar/civil-date.ts';
import type { DateProblem } from './understanding.ts';

/** How far back a receipt date may lie; anything older is a typo, not a delivery. */
export const MAX_RECEIPT_AGE_DAYS = 365;
/** A month-day without a year that would lie ahead is read as last year's only this close to the turn of the year. */
export const YEARLESS_LOOKBACK_DAYS = 180;

const MS_PER_DAY = 86_400_000;

/** Day of the week, Monday = 1 … Sunday = 7 (ISO 8601; weeks start on Monday in China). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** "Today" in the business time zone, as the date reader needs it. */
export interface DateClock {
  /** Days since 1970-01-01. */
  today: number;
  year: number;
  month: number;
  day: number;
}

/** What one date phrase means: a day (epoch day, not yet checked against today) or why it names none. */
export type DateReading = { day: number; needsConfirm: boolean } | { problem: DateProblem };

/** The clock for a 'YYYY-MM-DD' local date; a malformed `today` is a programming error, so it throws. */
export function clockOf(todayText: string): DateClock {
  const parsed = tryParseDate(todayText);
  if (!parsed) throw new RangeError(`today must be YYYY-MM-DD, got "${todayText}"`);
  const today = civilDay(parsed.year, parsed.month, parsed.day);
  if (today === undefined) throw new RangeError(`today must be YYYY-MM-DD, got "${todayText}"`);
  return { today, ...parsed };
}

/** The epoch day of year-month-day, or undefined when that day does not exist (2月30日, month 13). */
export function civilDay(year: number, month: number, day: number): number | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return Math.round(probe.getTime() / MS_PER_DAY);
}

/** Monday = 1 … Sunday = 7 for an epoch day. */
export function isoWeekdayOfEpochDay(epochDay: number): IsoWeekday {
  return (weekdayOfEpochDay(epochDay) || 7) as IsoWeekday;
}

/** The Monday that starts the week of `epochDay`. */
export function mondayOf(epochDay: number): number {
  return epochDay - (isoWeekdayOfEpochDay(epochDay) - 1);
}

/** Weekday `weekday` of the week `weeksBack` calendar weeks before this one (0 = this week, negative = ahead). */
export function weekdayOfWeek(clock: DateClock, weeksBack: number, weekday: IsoWeekday): number {
  return mondayOf(clock.today) - 7 * weeksBack + (weekday - 1);
}

/** The latest `weekday` on or before today: 0–6 days back, so "周五" said on a Friday is today. */
export function mostRecentWeekday(clock: DateClock, weekday: IsoWeekday): number {
  return clock.today - ((isoWeekdayOfEpochDay(clock.today) - weekday + 7) % 7);
}

/**
 * A month-day without a year: this year's, or last year's when this year's still lies ahead and last year's is
 * within {@link YEARLESS_LOOKBACK_DAYS} (then it is confirmed, since the year was guessed).
 */
export function yearlessDay(clock: DateClock, month: number, day: number, needsConfirm: boolean): DateReading {
  const thisYear = civilDay(clock.year, month, day);
  if (thisYear === undefined) return { problem: 'invalid' };
  if (thisYear <= clock.today) return { day: thisYear, needsConfirm };
  const lastYear = civilDay(clock.year - 1, month, day);
  if (lastYear !== undefined && clock.today - lastYear <= YEARLESS_LOOKBACK_DAYS) return { day: lastYear, needsConfirm: true };
  return { problem: 'future' };
}

/**
 * A day of the month without a month ("20号", "the 20th"): this month's, or the latest earlier month that has that
 * day when this month's lies ahead (then confirmed, since the month was guessed).
 */
export function dayOfMonth(clock: DateClock, day: number): DateReading {
  for (let back = 0; back <= 3; back += 1) {
    const monthIndex = clock.year * 12 + (clock.month - 1) - back;
    const candidate = civilDay(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, day);
    if (candidate !== undefined && candidate <= clock.today) return { day: candidate, needsConfirm: back > 0 };
  }
  return { problem: 'invalid' };
}

/** A day of the month in the month `monthsBack` before this one ("上个月20号" is 1, "本月20号" is 0). */
export function dayOfMonthBack(clock: DateClock, monthsBack: number, day: number): DateReading {
  const monthIndex = clock.year * 12 + (clock.month - 1) - monthsBack;
  const candidate = civilDay(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, day);
  return candidate === undefined ? { problem: 'invalid' } : { day: candidate, needsConfirm: false };
}

/** Applies the receipt limits every reading shares: never after today, never older than a year. */
export function checkReceiptDay(reading: DateReading, clock: DateClock): { day: number; needsConfirm: boolean } | { problem: DateProblem } {
  if ('problem' in reading) return reading;
  if (reading.day > clock.today) return { problem: 'future' };
  if (clock.today - reading.day > MAX_RECEIPT_AGE_DAYS) return { problem: 'too_old' };
  return reading;
}
