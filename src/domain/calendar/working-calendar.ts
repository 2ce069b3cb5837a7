import { CalendarError } from './calendar-error.ts';
import { calendarDataSchema, emptyCalendarData } from './calendar-data.ts';
import type { CalendarData } from './calendar-data.ts';
import { assertPeriods, DEFAULT_BUSINESS_HOURS, minuteOfDay } from './business-hours.ts';
import type { TimePeriod } from './business-hours.ts';
import { epochDayOf, fromEpochDay, isWeekendEpochDay } from './civil-date.ts';
import { buildYearTable, indexCalendarData, isEstimatedOrigin, yearOrigin } from './day-table.ts';
import { missingHolidays } from './holiday-coverage.ts';
import type { HolidayKey } from './holiday-names.ts';
import type { CalendarLabel, DayInfo, DaySource, YearOrigin, YearTable } from './day-table.ts';
import { assertTimeZone, instantAtWallTime, localDate } from './zoned-time.ts';

/** A listed day in `year()` output. */
export interface ListedDay {
  date: string;
  source: DaySource;
  name?: string;
}

/**
 * One year's special days for `calendar show`, weekends apart from holidays: `holidays` are weekdays off;
 * `holidayWeekends` are weekend days inside a named holiday break (off anyway); `workingWeekends` are the
 * weekend days worked (调休). Ordinary weekends are not listed.
 */
export interface YearListing {
  year: number;
  status: 'published' | 'estimated';
  origin: YearOrigin;
  holidays: ListedDay[];
  holidayWeekends: ListedDay[];
  workingWeekends: ListedDay[];
  /** For a `partial` year: the statutory holidays its imported dates do not cover (those stay estimated). */
  notImported: HolidayKey[];
}

/** Working-day arithmetic for one business (zone, hours, overrides). */
export interface WorkingCalendar {
  /** Resolved status of a local date 'YYYY-MM-DD'. */
  dayInfo(date: string): DayInfo;
  /** Close of business of the Nth working day after `from`'s local day (N=0: that day, or the next working one). */
  addWorkingDays(from: Date, n: number): { deadline: Date; calendar: CalendarLabel };
  /** Working days strictly after `from`'s local day up to and including `to`'s local day (0 if none). */
  workingDaysBetween(from: Date, to: Date): { days: number; calendar: CalendarLabel };
  /** Whether `at` is no later than the N-working-day deadline of `event`. */
  isWithinWorkingDays(event: Date, at: Date, n: number): { within: boolean; deadline: Date; calendar: CalendarLabel };
  /** `at` itself when inside a business period, else the start of the next period on a working day. */
  nextBusinessOpening(at: Date): Date;
  /** Milliseconds of business time (working days' business periods) between `from` and `to` (0 if `to` is not later). */
  businessMsBetween(from: Date, to: Date): number;
  /** The first business instant with `ms` of business time between `from` and it (so never a close of business: the next opening instead). */
  addBusinessMs(from: Date, ms: number): Date;
  /** 'published' when a package or imported schedule covers the year. */
  yearStatus(year: number): 'published' | 'estimated';
  /** Years in [fromYear, toYear] that only have an estimate. */
  estimatedYears(fromYear: number, toYear: number): number[];
  /** Days off and working weekends of a year, with their sources. */
  year(year: number): YearListing;
}

/** Options for {@link createWorkingCalendar}. */
export interface WorkingCalendarOptions {
  timeZone: string;
  hours?: readonly TimePeriod[];
  data?: CalendarData;
}

// Twenty years without a working day means the data is broken; stop rather than spin.
const MAX_SCAN_DAYS = 7_320;

function assertDayCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarError('calendar.days_invalid', `Working-day count must be a non-negative integer, got ${n}`);
  }
}

function assertYear(year: number): void {
  if (!Number.isInteger(year)) throw new CalendarError('calendar.year_unsupported', `Year must be an integer, got ${year}`);
}

/** Creates a calendar; validates zone, hours and data up front so later calls cannot fail on them. */
export function createWorkingCalendar(opts: WorkingCalendarOptions): WorkingCalendar {
  const { timeZone } = opts;
  assertTimeZone(timeZone);
  const hours = opts.hours ?? DEFAULT_BUSINESS_HOURS;
  assertPeriods(hours);
  const parsed = calendarDataSchema.safeParse(opts.data ?? emptyCalendarData());
  if (!parsed.success) {
    throw new CalendarError('calendar.file_invalid', `Invalid calendar data: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`);
  }
  const inputs = indexCalendarData(parsed.data, hours);
  const tables = new Map<number, YearTable>();

  function tableFor(year: number): YearTable {
    let table = tables.get(year);
    if (!table) {
      table = buildYearTable(year, inputs);
      tables.set(year, table);
    }
    return table;
  }

  function dayAt(epochDay: number): DayInfo {
    const table = tableFor(fromEpochDay(epochDay).year);
    const info = table.days[epochDay - table.firstEpochDay];
    if (!info) throw new Error(`day table for ${table.year} has no entry for epoch day ${epochDay}`);
    return info;
  }

  function localEpochDay(instant: Date): number {
    return epochDayOf(localDate(instant, timeZone));
  }

  function closeOfBusiness(day: DayInfo): Date {
    const last = day.periods[day.periods.length - 1];
    if (!last) throw new Error(`${day.date} has no business periods`);
    return instantAtWallTime(day.date, minuteOfDay(last.end), timeZone);
  }

  function addWorkingDays(from: Date, n: number): { deadline: Date; calendar: CalendarLabel } {
    assertDayCount(n);
    let epochDay = localEpochDay(from);
    let calendar: CalendarLabel = 'cn';
    let counted = 0;
    let scannedSinceWorking = 0;
    // The event day itself only matters for N=0; otherwise counting starts the day after.
    let day = n === 0 ? dayAt(epochDay) : undefined;
    if (day) {
      if (day.label === 'estimated') calendar = 'estimated';
      if (day.working) return { deadline: closeOfBusiness(day), calendar };
    }
    const target = Math.max(n, 1);
    while (counted < target) {
      epochDay += 1;
      day = dayAt(epochDay);
      if (day.label === 'estimated') calendar = 'estimated';
      if (day.working) {
        counted += 1;
        scannedSinceWorking = 0;
      } else if (++scannedSinceWorking > MAX_SCAN_DAYS) {
        throw new CalendarError('calendar.days_invalid', `No working day found within ${MAX_SCAN_DAYS} days after ${day.date}`);
      }
    }
    if (!day) throw new Error('unreachable: no day scanned');
    return { deadline: closeOfBusiness(day), calendar };
  }

  function workingDaysBetween(from: Date, to: Date): { days: number; calendar: CalendarLabel } {
    const last = localEpochDay(to);
    let calendar: CalendarLabel = 'cn';
    let days = 0;
    for (let epochDay = localEpochDay(from) + 1; epochDay <= last; epochDay += 1) {
      const day = dayAt(epochDay);
      if (day.working) days += 1;
      if (day.label === 'estimated') calendar = 'estimated';
    }
    return { days, calendar };
  }

  function nextBusinessOpening(at: Date): Date {
    const atMs = at.getTime();
    const first = localEpochDay(at);
    for (let epochDay = first; epochDay <= first + MAX_SCAN_DAYS; epochDay += 1) {
      const day = dayAt(epochDay);
      for (const period of day.periods) {
        const start = instantAtWallTime(day.date, minuteOfDay(period.start), timeZone);
        const end = instantAtWallTime(day.date, minuteOfDay(period.end), timeZone);
        if (atMs < start.getTime()) return start;
        if (atMs < end.getTime()) return new Date(atMs);
      }
    }
    throw new CalendarError('calendar.days_invalid', `No business opening found within ${MAX_SCAN_DAYS} days`);
  }

  /** Business periods as [start, end) epoch milliseconds, day by day from `at`'s local day. */
  function* periodsFrom(at: Date): Generator<readonly [number, number]> {
    const first = localEpochDay(at);
    for (let epochDay = first; epochDay <= first + MAX_SCAN_DAYS; epochDay += 1) {
      const day = dayAt(epochDay);
      for (const period of day.periods) {
        yield [instantAtWallTime(day.date, minuteOfDay(period.start), timeZone).getTime(), instantAtWallTime(day.date, minuteOfDay(period.end), timeZone).getTime()];
      }
    }
    throw new CalendarError('calendar.days_invalid', `No business period found within ${MAX_SCAN_DAYS} days`);
  }

  function businessMsBetween(from: Date, to: Date): number {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    let total = 0;
    if (!(toMs > fromMs)) return 0;
    for (const [start, end] of periodsFrom(from)) {
      if (start >= toMs) break;
      total += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
    }
    return total;
  }

  function addBusinessMs(from: Date, ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new CalendarError('calendar.days_invalid', `Business time to add must be a non-negative number of milliseconds, got ${ms}`);
    const fromMs = from.getTime();
    let left = ms;
    for (const [start, end] of periodsFrom(from)) {
      if (end <= fromMs) continue;
      const begin = Math.max(start, fromMs);
      if (left < end - begin) return new Date(begin + left);
      left -= end - begin;
    }
    throw new Error('unreachable: periodsFrom ends by throwing');
  }

  function yearStatus(year: number): 'published' | 'estimated' {
    assertYear(year);
    return isEstimatedOrigin(yearOrigin(year, inputs)) ? 'estimated' : 'published';
  }

  function listYear(year: number): YearListing {
    assertYear(year);
    const table = tableFor(year);
    const holidays: ListedDay[] = [];
    const holidayWeekends: ListedDay[] = [];
    const workingWeekends: ListedDay[] = [];
    for (const [offset, day] of table.days.entries()) {
      const listed: ListedDay = day.name === undefined ? { date: day.date, source: day.source } : { date: day.date, source: day.source, name: day.name };
      const weekend = isWeekendEpochDay(table.firstEpochDay + offset);
      if (weekend && day.working) workingWeekends.push(listed);
      else if (weekend && day.name !== undefined) holidayWeekends.push(listed);
      else if (!weekend && !day.working) holidays.push(listed);
    }
    const notImported =
      table.origin === 'partial'
        ? missingHolidays(year, [...inputs.importedOff].filter((date) => date.startsWith(`${year}-`)).map((date) => ({ date, name: inputs.importedNames[date] })))
        : [];
    const status = isEstimatedOrigin(table.origin) ? 'estimated' : 'published';
    return { year, status, origin: table.origin, holidays, holidayWeekends, workingWeekends, notImported };
  }

  return {
    dayInfo: (date) => dayAt(epochDayOf(date)),
    addWorkingDays,
    workingDaysBetween,
    isWithinWorkingDays(event, at, n) {
      const { deadline, calendar } = addWorkingDays(event, n);
      return { within: at.getTime() <= deadline.getTime(), deadline, calendar };
    },
    nextBusinessOpening,
    businessMsBetween,
    addBusinessMs,
    yearStatus,
    estimatedYears(fromYear, toYear) {
      assertYear(fromYear);
      assertYear(toYear);
      const years: number[] = [];
      for (let year = fromYear; year <= toYear; year += 1) if (yearStatus(year) === 'estimated') years.push(year);
      return years;
    },
    year: listYear,
  };
}
