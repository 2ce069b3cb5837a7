import { CalendarError } from './calendar-error.ts';
import { formatDate, pad2, parseDate } from './civil-date.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Wall-clock reading of an instant in some zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat is far slower than using one; these run on every message.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        era: 'short',
      });
    } catch {
      throw new CalendarError('calendar.timezone_invalid', `Unknown time zone "${timeZone}": expected an IANA zone such as Asia/Shanghai`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws `calendar.timezone_invalid` unless `timeZone` is a usable IANA zone. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new CalendarError('calendar.date_invalid', 'Invalid instant (NaN date)');
}

/** Wall-clock fields of `instant` in `timeZone`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  assertValidInstant(instant);
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const rawYear = Number(fields.year);
  // 'en-US' prints years before 1 AD as "BC"; convert to astronomical numbering.
  const year = fields.era === 'BC' ? 1 - rawYear : rawYear;
  return {
    year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** Zone offset in milliseconds (local minus UTC) in effect at `instant`. */
export function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return asUtc - wholeSeconds;
}

/** Local calendar date ('YYYY-MM-DD') of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  return formatDate(wall);
}

/** ISO 8601 local time with numeric offset, e.g. `2027-01-05T18:00:00+08:00`. */
export function formatInZone(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  const offsetMinutes = Math.round(offsetAt(instant, timeZone) / MS_PER_MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const millis = ((instant.getTime() % 1000) + 1000) % 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return (
    `${formatDate(wall)}T${pad2(wall.hour)}:${pad2(wall.minute)}:${pad2(wall.second)}${fraction}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/**
 * Instant at which the wall clock in `timeZone` reads `date` + `minuteOfDay`.
 * Ambiguous times (DST fall-back) resolve to the earlier instant; times skipped by a
 * spring-forward gap resolve to the same distance past the gap, as most schedulers do.
 */
export function instantAtWallTime(date: string, minuteOfDay: number, timeZone: string): Date {
  const civil = parseDate(date);
  const local = Date.UTC(civil.year, civil.month - 1, civil.day) + minuteOfDay * MS_PER_MINUTE;
  // Offsets a day either side bracket any single transition; zones never shift by a day.
  const before = offsetAt(new Date(local - MS_PER_DAY), timeZone);
  const after = offsetAt(new Date(local + MS_PER_DAY), timeZone);
  const candidates = [before, after]
    .map((offset) => local - offset)
    .filter((utc) => offsetAt(new Date(utc), timeZone) === local - utc);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(local - before);
}
