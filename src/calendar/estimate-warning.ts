import type { WorkingCalendar } from '../domain/calendar/index.ts';
import { localDate } from '../domain/calendar/index.ts';
import type { Logger } from '../log.ts';

/** Years (this one and the next) whose working days rest on the statutory estimate. */
export function estimatedYearsAround(calendar: WorkingCalendar, now: Date, timeZone: string): number[] {
  const year = Number(localDate(now, timeZone).slice(0, 4));
  return calendar.estimatedYears(year, year + 1);
}

/**
 * From 1 December the next year's official schedule is due; while it is still estimated, say so
 * once per local day so an operator imports it (see README, "When a new holiday schedule is published").
 */
export function estimateWarningFor(calendar: WorkingCalendar, now: Date, timeZone: string): { day: string; year: number } | null {
  const day = localDate(now, timeZone);
  const year = Number(day.slice(0, 4));
  if (day.slice(5, 7) !== '12') return null;
  return calendar.yearStatus(year + 1) === 'estimated' ? { day, year: year + 1 } : null;
}

/** Checks hourly and logs the warning at most once per local day. */
export function startEstimateWarnings(options: { calendar: () => WorkingCalendar; timeZone: string; log: Logger; now?: () => Date }): { stop(): void } {
  let lastDay = '';
  const check = () => {
    const warning = estimateWarningFor(options.calendar(), (options.now ?? (() => new Date()))(), options.timeZone);
    if (warning && warning.day !== lastDay) {
      lastDay = warning.day;
      options.log.warn({ year: warning.year }, `the ${warning.year} holiday schedule is not imported: deadlines in ${warning.year} are estimated from the statutory holidays; run "npm run cli -- calendar import <file.ics>" once it is published`);
    }
  };
  check();
  const timer = setInterval(check, 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
