import { readFile } from 'node:fs/promises';
import { CalendarError } from '../domain/calendar/calendar-error.ts';
import type { TimePeriod } from '../domain/calendar/business-hours.ts';
import { epochDayOf, weekdayOfEpochDay } from '../domain/calendar/civil-date.ts';
import { describeHoliday } from '../domain/calendar/holiday-names.ts';
import { parseIcs } from '../domain/calendar/ics.ts';
import { mergeImport } from '../domain/calendar/ics-merge.ts';
import type { ImportYearSummary } from '../domain/calendar/ics-merge.ts';
import { parseInstant } from '../domain/calendar/instant-input.ts';
import { createWorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { ListedDay, YearListing } from '../domain/calendar/working-calendar.ts';
import { assertTimeZone, formatInZone, localDate } from '../domain/calendar/zoned-time.ts';
import { readCalendarFile, writeCalendarFile } from './calendar-file.ts';

/** What every calendar command needs from the CLI. */
export interface CalendarCommandContext {
  timeZone: string;
  hours: TimePeriod[];
  calendarFile: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Exit codes: 0 success, 1 failure (bad calendar file, I/O), 2 invalid arguments or input. */
export type ExitCode = 0 | 1 | 2;

const USAGE_ERRORS = new Set(['calendar.date_invalid', 'calendar.days_invalid', 'calendar.timezone_invalid', 'calendar.ics_invalid', 'calendar.import_incomplete', 'calendar.year_unsupported', 'calendar.hours_invalid']);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

async function run(ctx: CalendarCommandContext, body: () => Promise<void>): Promise<ExitCode> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (error instanceof CalendarError) {
      ctx.err(`error: ${error.message}`);
      return USAGE_ERRORS.has(error.code) ? 2 : 1;
    }
    ctx.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function loadCalendar(ctx: CalendarCommandContext, timeZone: string) {
  const data = await readCalendarFile(ctx.calendarFile);
  return createWorkingCalendar({ timeZone, hours: ctx.hours, data });
}

/** `deadline --from <ISO> --working-days <n> [--tz <zone>]`: prints one JSON line with the deadline and its label. */
export function deadlineCommand(opts: { from: string; workingDays: number; tz?: string }, ctx: CalendarCommandContext): Promise<ExitCode> {
  return run(ctx, async () => {
    const timeZone = opts.tz ?? ctx.timeZone;
    assertTimeZone(timeZone);
    if (!Number.isSafeInteger(opts.workingDays) || opts.workingDays < 0) {
      throw new CalendarError('calendar.days_invalid', `--working-days must be a non-negative integer, got ${String(opts.workingDays)}`);
    }
    const from = parseInstant(opts.from, timeZone);
    const calendar = await loadCalendar(ctx, timeZone);
    const result = calendar.addWorkingDays(from, opts.workingDays);
    ctx.out(JSON.stringify({ deadline: formatInZone(result.deadline, timeZone), calendar: result.calendar }));
  });
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describeImport(entry: ImportYearSummary): string {
  const counts = `${plural(entry.daysOff, 'day off', 'days off')}, ${plural(entry.workingWeekends, 'working weekend', 'working weekends')}`;
  const outcome = entry.changed ? 'imported' : 'unchanged';
  const detail = {
    year: outcome,
    fragment: `${outcome}, days next to another year's schedule: merged date by date`,
    partial: `${outcome} date by date (--partial); not in the file, still estimated: ${entry.missing.map(describeHoliday).join(', ')}`,
  }[entry.scope];
  return `${entry.year}: ${counts} (${detail})`;
}

/**
 * `calendar import <file.ics> [--partial]`: merges an official schedule into the calendar file; nothing is
 * written on error. A year lacking a statutory holiday is refused (`calendar.import_incomplete`) unless `partial`.
 */
export function calendarImportCommand(opts: { file: string; partial?: boolean }, ctx: CalendarCommandContext): Promise<ExitCode> {
  return run(ctx, async () => {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (error) {
      throw new CalendarError('calendar.ics_invalid', `Cannot read ${opts.file}: ${(error as Error).message}`);
    }
    const parsed = parseIcs(text);
    const current = await readCalendarFile(ctx.calendarFile);
    const { data, summary } = mergeImport(current, parsed, { partial: opts.partial === true });
    // Skipping an unchanged write keeps re-imports free of side effects (mtime, file watchers).
    if (summary.some((entry) => entry.changed)) await writeCalendarFile(ctx.calendarFile, data);
    for (const entry of summary) ctx.out(describeImport(entry));
  });
}

function describeDay(day: ListedDay): string {
  const weekday = WEEKDAYS[weekdayOfEpochDay(epochDayOf(day.date))] ?? '';
  return `  ${day.date} ${weekday}  ${day.source.padEnd(9)}${day.name === undefined ? '' : `  ${day.name}`}`.trimEnd();
}

function describeOrigin(listing: YearListing): string {
  switch (listing.origin) {
    case 'package':
      return 'published (chinese-days package)';
    case 'imported':
      return 'published (imported)';
    case 'partial':
      return listing.notImported.length === 0
        ? 'estimated, with imported dates on top (no complete import of this year)'
        : `estimated, with imported dates on top; not imported, still estimated: ${listing.notImported.map(describeHoliday).join(', ')}`;
    case 'estimated':
      return 'estimated per 全国年节及纪念日放假办法; no official schedule yet';
  }
}

function section(ctx: CalendarCommandContext, title: string, days: readonly ListedDay[]): void {
  ctx.out(`${title} (${days.length}):`);
  if (days.length === 0) ctx.out('  (none)');
  for (const day of days) ctx.out(describeDay(day));
}

/**
 * `calendar show [year]` (default: this year in the business zone): the year's holidays on weekdays, the
 * weekend days inside holiday breaks, and the working weekends (调休), each with its source and name.
 */
export function calendarShowCommand(opts: { year?: number }, ctx: CalendarCommandContext): Promise<ExitCode> {
  return run(ctx, async () => {
    const year = opts.year ?? Number(localDate(new Date(), ctx.timeZone).slice(0, 4));
    if (!Number.isInteger(year)) throw new CalendarError('calendar.year_unsupported', `Year must be an integer, got ${String(year)}`);
    const calendar = await loadCalendar(ctx, ctx.timeZone);
    const listing = calendar.year(year);
    ctx.out(`${year}: ${describeOrigin(listing)}`);
    section(ctx, 'Holidays on weekdays', listing.holidays);
    section(ctx, 'Weekend days inside holidays (off anyway)', listing.holidayWeekends);
    section(ctx, 'Working weekends (调休)', listing.workingWeekends);
  });
}
