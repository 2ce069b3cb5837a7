import { instantAtWallTime, localDate, type WorkingCalendar } from '../calendar/index.ts';
import { minuteOfDay } from '../calendar/business-hours.ts';
import { wallClockAt } from '../calendar/zoned-time.ts';

/** Local hours in which merchants get no reminder, e.g. 21:00-08:00 (may wrap past midnight). */
export interface QuietHours {
  start: string;
  end: string;
}

/** How long after the last message an unfinished request is recalled: 1 hour, then 24 hours. */
export const DRAFT_REMINDER_DELAYS_MS: readonly number[] = Object.freeze([3_600_000, 24 * 3_600_000]);

/** Working days on which a merchant who has the return address but sent no waybill is reminded (3.2.3). */
export const SHIP_REMINDER_DAYS = 3;

/** How long staff's question may stay unanswered before the merchant is reminded of it. */
export const QUESTION_REMINDER_DELAY_MS = 24 * 3_600_000;

/** `at` itself outside quiet hours, else the end of the quiet period it falls in. */
export function afterQuietHours(at: Date, timeZone: string, quiet: QuietHours | undefined): Date {
  if (!quiet) return at;
  const start = minuteOfDay(quiet.start);
  const end = minuteOfDay(quiet.end);
  if (start === end) return at;
  const clock = wallClockAt(at, timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const wraps = start > end;
  const inside = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return at;
  const today = localDate(at, timeZone);
  // Past midnight in a wrapping period, or a period within one day: it ends today; else tomorrow.
  const endsToday = !wraps || minute < end;
  const endDay = endsToday ? today : localDate(new Date(instantAtWallTime(today, 12 * 60, timeZone).getTime() + 24 * 3_600_000), timeZone);
  return instantAtWallTime(endDay, end, timeZone);
}

/** When an unfinished request whose last message came at `lastActivity` is recalled, quiet hours respected. */
export function draftReminderTimes(lastActivity: Date, timeZone: string, quiet: QuietHours | undefined): Date[] {
  return DRAFT_REMINDER_DELAYS_MS.map((delay) => afterQuietHours(new Date(lastActivity.getTime() + delay), timeZone, quiet));
}

/**
 * When a merchant who was given the return address at `from` is reminded to ship and send the
 * waybill: one hour into business on each of the next working days, at most SHIP_REMINDER_DAYS.
 */
export function shipReminderTimes(from: Date, calendar: WorkingCalendar, timeZone: string, quiet: QuietHours | undefined): Date[] {
  const times: Date[] = [];
  for (let day = 1; day <= SHIP_REMINDER_DAYS; day += 1) {
    const close = calendar.addWorkingDays(from, day).deadline;
    const opening = calendar.nextBusinessOpening(instantAtWallTime(localDate(close, timeZone), 0, timeZone));
    times.push(afterQuietHours(new Date(opening.getTime() + 3_600_000), timeZone, quiet));
  }
  return times;
}

/** When a merchant is reminded of a question staff asked at `askedAt` and they have not answered. */
export function questionReminderTime(askedAt: Date, timeZone: string, quiet: QuietHours | undefined): Date {
  return afterQuietHours(new Date(askedAt.getTime() + QUESTION_REMINDER_DELAY_MS), timeZone, quiet);
}

/** Whether a staff message to a merchant asks something (and so expects an answer). */
export function asksQuestion(text: string): boolean {
  return /[?？]\s*$/u.test(text.trim()) || /请(提供|告知|回复|发送|补充)|please (send|provide|reply|tell|confirm)/iu.test(text);
}
