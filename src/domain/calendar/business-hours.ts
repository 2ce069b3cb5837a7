import { CalendarError } from './calendar-error.ts';

/** One opening period of a business day, local wall time 'HH:MM' (end exclusive, ≤ 23:59). */
export interface TimePeriod {
  start: string;
  end: string;
}

/** Hours used when the operator configures none. */
export const DEFAULT_BUSINESS_HOURS: readonly TimePeriod[] = Object.freeze([{ start: '09:00', end: '18:00' }]);

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight for 'HH:MM', or undefined when malformed. */
export function tryMinuteOfDay(clock: string): number | undefined {
  const match = CLOCK.exec(clock);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since local midnight for a validated 'HH:MM'. */
export function minuteOfDay(clock: string): number {
  const minutes = tryMinuteOfDay(clock);
  if (minutes === undefined) throw new CalendarError('calendar.hours_invalid', `Invalid time "${clock}": expected HH:MM (00:00–23:59)`);
  return minutes;
}

/** Problem with a list of periods (bad clock, empty, reversed, overlapping), or undefined when valid. */
export function describePeriodProblem(periods: readonly TimePeriod[]): string | undefined {
  if (periods.length === 0) return 'at least one period is required';
  let previousEnd = -1;
  for (const period of periods) {
    const start = tryMinuteOfDay(period.start);
    const end = tryMinuteOfDay(period.end);
    if (start === undefined) return `invalid start "${period.start}" (expected HH:MM, 00:00–23:59)`;
    if (end === undefined) return `invalid end "${period.end}" (expected HH:MM, 00:00–23:59)`;
    if (end <= start) return `period ${period.start}-${period.end} ends before it starts`;
    // Sorted, disjoint periods keep "close of business = end of the last period" meaningful.
    if (start < previousEnd) return `period ${period.start}-${period.end} overlaps or precedes the previous one`;
    previousEnd = end;
  }
  return undefined;
}

/** Throws `calendar.hours_invalid` unless the periods are sorted, disjoint and well-formed. */
export function assertPeriods(periods: readonly TimePeriod[]): void {
  const problem = describePeriodProblem(periods);
  if (problem) throw new CalendarError('calendar.hours_invalid', `Invalid business hours: ${problem}`);
}

/** Parses "09:00-12:00,13:30-18:00" into periods; throws `calendar.hours_invalid` with the bad part named. */
export function parseBusinessHours(spec: string): TimePeriod[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new CalendarError('calendar.hours_invalid', 'Invalid business hours "": expected e.g. "09:00-12:00,13:30-18:00"');
  const periods = trimmed.split(',').map((part) => {
    const bounds = part.trim().split(/\s*[-–]\s*/);
    const [start, end] = bounds;
    if (bounds.length !== 2 || start === undefined || end === undefined) {
      throw new CalendarError('calendar.hours_invalid', `Invalid business hours "${spec}": "${part.trim()}" is not HH:MM-HH:MM`);
    }
    return { start, end };
  });
  const problem = describePeriodProblem(periods);
  if (problem) throw new CalendarError('calendar.hours_invalid', `Invalid business hours "${spec}": ${problem}`);
  return periods;
}
