import { CalendarError } from './calendar-error.ts';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar fields of a civil (zone-less) date. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Parses 'YYYY-MM-DD', or returns undefined when it is not a real calendar date. */
export function tryParseDate(text: string): CivilDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Round-tripping through UTC rejects impossible dates such as 2026-02-30.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/** True when `text` is a real 'YYYY-MM-DD' date. */
export function isIsoDate(text: string): boolean {
  return tryParseDate(text) !== undefined;
}

/** Parses 'YYYY-MM-DD' or throws `calendar.date_invalid`. */
export function parseDate(text: string): CivilDate {
  const parsed = tryParseDate(text);
  if (!parsed) throw new CalendarError('calendar.date_invalid', `Invalid date "${text}": expected a real date as YYYY-MM-DD`);
  return parsed;
}

/** Days since 1970-01-01 for a civil date; the integer form makes day arithmetic trivial. */
export function toEpochDay(date: CivilDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' string. */
export function epochDayOf(text: string): number {
  return toEpochDay(parseDate(text));
}

/** Civil date for an epoch day. */
export function fromEpochDay(epochDay: number): CivilDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Formats a civil date as 'YYYY-MM-DD'. */
export function formatDate(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** 'YYYY-MM-DD' for an epoch day. */
export function dateOfEpochDay(epochDay: number): string {
  return formatDate(fromEpochDay(epochDay));
}

/** Adds whole days to a 'YYYY-MM-DD' date. */
export function addDays(text: string, days: number): string {
  return dateOfEpochDay(epochDayOf(text) + days);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday.
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** True for Saturday and Sunday. */
export function isWeekendEpochDay(epochDay: number): boolean {
  const weekday = weekdayOfEpochDay(epochDay);
  return weekday === 0 || weekday === 6;
}

/** First epoch day of a year and the number of days in it. */
export function yearSpan(year: number): { first: number; length: number } {
  const first = toEpochDay({ year, month: 1, day: 1 });
  const next = toEpochDay({ year: year + 1, month: 1, day: 1 });
  return { first, length: next - first };
}

/** Two-digit zero padding. */
export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
