import { addDays } from '../../src/domain/calendar/civil-date.ts';
import { HOLIDAY_KEYS, HOLIDAY_NAMES, statutoryHolidays } from '../../src/domain/calendar/index.ts';
import type { HolidayKey } from '../../src/domain/calendar/index.ts';

/** An iCalendar document around the given content lines (CRLF). */
export function ics(...body: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR'].join('\r\n');
}

/** One VEVENT with the given property lines. */
export function event(...props: string[]): string[] {
  return ['BEGIN:VEVENT', ...props, 'END:VEVENT'];
}

const compact = (date: string) => date.replaceAll('-', '');

/** An all-day VEVENT from `first` to `last` inclusive (DTEND is exclusive), with an optional SUMMARY. */
export function allDayEvent(first: string, last: string, summary?: string): string[] {
  return event(`DTSTART;VALUE=DATE:${compact(first)}`, `DTEND;VALUE=DATE:${compact(addDays(last, 1))}`, ...(summary === undefined ? [] : [`SUMMARY:${summary}`]));
}

/** The statutory days of `holiday` in `year`, in date order. */
export function statutoryDates(year: number, holiday: HolidayKey): string[] {
  return statutoryHolidays(year)
    .filter((day) => day.holiday === holiday)
    .map((day) => day.date);
}

/**
 * A schedule for `year` with one "<name>(休)" event per statutory holiday over its statutory days,
 * leaving out `omit`; `extra` events are appended (e.g. working weekends).
 */
export function statutoryIcs(year: number, options: { omit?: readonly HolidayKey[]; extra?: readonly string[][] } = {}): string {
  const events = HOLIDAY_KEYS.filter((key) => !options.omit?.includes(key)).map((key) => {
    const dates = statutoryDates(year, key);
    return allDayEvent(dates[0] ?? '', dates[dates.length - 1] ?? '', `${HOLIDAY_NAMES[key].zh}(休)`);
  });
  return ics(...events.flat(), ...(options.extra ?? []).flat());
}
