import { formatInZone } from '../domain/calendar/index.ts';
import type { Messages } from './messages/index.ts';

/** A deadline as the merchant reads it ("11月26日 18:00" / "26 Nov 18:00"), with the year only when it differs from `now`'s. */
export function formatWhen(m: Messages, instant: Date, timeZone: string, now: Date): string {
  // formatInZone gives "2026-11-26T18:00:00+08:00": the wall clock in the business zone.
  const local = formatInZone(instant, timeZone);
  const year = Number(local.slice(0, 4));
  return m.when({
    year,
    month: Number(local.slice(5, 7)),
    day: Number(local.slice(8, 10)),
    hour: Number(local.slice(11, 13)),
    minute: Number(local.slice(14, 16)),
    withYear: year !== Number(formatInZone(now, timeZone).slice(0, 4)),
  });
}

/** A calendar day 'YYYY-MM-DD' in the merchant's words ("2026年11月20日" / "20 Nov 2026"). */
export function formatDay(m: Messages, date: string): string {
  return m.day({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
}
