import { addDays, epochDayOf, weekdayOfEpochDay } from '../calendar/civil-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { instantAtWallTime, localDate } from '../calendar/zoned-time.ts';

/** 'HH:MM' (00:00..23:59) as minutes after midnight; throws RangeError on anything else. */
export function minuteOfDay(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`expected a local time HH:MM, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Which day's summary is due at `now`: today (local) when today is a working day and the local
 * time has reached `atLocalTime`, else null. A scheduler that was down at 09:00 and asks later the
 * same day still gets today (catch-up); the day after, yesterday's summary is no longer due.
 */
export function dueSummaryDay(now: Date, calendar: Pick<WorkingCalendar, 'dayInfo'>, timeZone: string, atLocalTime = '09:00'): string | null {
  const today = localDate(now, timeZone);
  if (!calendar.dayInfo(today).working) return null;
  return now.getTime() >= instantAtWallTime(today, minuteOfDay(atLocalTime), timeZone).getTime() ? today : null;
}

/** The Monday of the local week that holds `day` ('YYYY-MM-DD'). */
export function weekStartOf(day: string): string {
  // weekdayOfEpochDay: 0 = Sunday ... 6 = Saturday.
  return addDays(day, -((weekdayOfEpochDay(epochDayOf(day)) + 6) % 7));
}

/**
 * Which week's quality evaluation is due at `now`, named by its Monday: this week's, once the
 * local time has reached `atLocalTime` on the week's first working day (or any later day of the
 * same week, for catch-up); null before that, and in a week without working days.
 */
export function dueQualityWeek(now: Date, calendar: Pick<WorkingCalendar, 'dayInfo'>, timeZone: string, atLocalTime = '09:00'): string | null {
  const today = localDate(now, timeZone);
  const monday = weekStartOf(today);
  const firstWorking = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(monday, n)).find((d) => calendar.dayInfo(d).working);
  if (firstWorking === undefined || today < firstWorking) return null;
  if (today > firstWorking) return monday;
  return now.getTime() >= instantAtWallTime(today, minuteOfDay(atLocalTime), timeZone).getTime() ? monday : null;
}
