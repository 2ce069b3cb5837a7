import { readFile } from 'node:fs/promises';
import { CalendarError } from '../domain/calendar/calendar-error.ts';
import type { TimePeriod } from '../domain/calendar/business-hours.ts';
import { epochDayOf, weekdayOfEpochDay } from '../domain/calendar/civil-date.ts';
import { parseIcs } from '../domain/calendar/ics.ts';
import { mergeImport } from '../domain/calendar/ics-merge.ts';
import type { ImportYearSummary } from '../domain/calendar/ics-merge.ts';
import { parseInstant } from '../domain/calendar/instant-input.ts';
import { createWorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { ListedDay } from '../domain/calendar/working-calendar.ts';
import { assertTimeZone, formatInZone } from '../domain/calendar/zoned-time.ts';
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

const USAGE_ERRORS = new Set(['calendar.date_invalid', 'calendar.days_invalid', 'calendar.timezone_invalid', 'calendar.ics_invalid', 'calendar.year_unsupported', 'calendar.hours_invalid']);
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
  return `${entry.year}: ${counts} (${entry.partial ? `${outcome}, partial year: dates merged individually` : outcome})`;
}

/** `calendar import <file.ics>`: merges an official schedule into the calendar file; nothing is written on error. */
export function calendarImportCommand(opts: { file: string }, ctx: CalendarCommandContext): Promise<ExitCode> {
  return run(ctx, async () => {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (error) {
      throw new CalendarError('calendar.ics_invalid', `Cannot read ${opts.file}: ${(error as Error).message}`);
    }
    const parsed = parseIcs(text);
    const current = await readCalendarFile(ctx.calendarFile);
    const { data, summary } = mergeImport(current, parsed);
    // Skipping an unchanged write keeps re-imports free of side effects (mtime, file watchers).
    if (summary.some((entry) => entry.changed)) await writeCalendarFile(ctx.calendarFile, data);
    for (const entry of summary) ctx.out(describeImport(entry));
  });
}

function describeDay(day: ListedDay): string {
  const weekday = WEEKDAYS[weekdayOfEpochDay(epochDayOf(day.date))] ?? '';
  return `  ${day.date} ${weekday}  ${day.source.padEnd(9)}${day.name === undefined ? '' : `  ${day.name}`}`.trimEnd();
}

/** `calendar show <year>`: lists the year's days off and working weekends with where each comes from. */
export function calendarShowCommand(opts: { year: number }, ctx: CalendarCommandContext): Promise<ExitCode> {
  return run(ctx, async () => {
    if (!Number.isInteger(opts.year)) throw new CalendarError('calendar.year_unsupported', `Year must be an integer, got ${String(opts.year)}`);
    const calendar = await loadCalendar(ctx, ctx.timeZone);
    const listing = calendar.year(opts.year);
    const origin = {
      package: 'published (chinese-days package)',
      imported: 'published (imported)',
      estimated: 'estimated per 全国年节及纪念日放假办法; no official schedule yet',
    }[listing.origin];
    ctx.out(`${opts.year}: ${origin}`);
    ctx.out(`Days off besides weekends (${listing.daysOff.length}):`);
    for (const day of listing.daysOff) ctx.out(describeDay(day));
    ctx.out(`Working weekends (${listing.workingWeekends.length}):`);
    if (listing.workingWeekends.length === 0) ctx.out('  (none)');
    for (const day of listing.workingWeekends) ctx.out(describeDay(day));
  });
}
