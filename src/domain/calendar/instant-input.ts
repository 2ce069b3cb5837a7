import { CalendarError } from './calendar-error.ts';
import { tryParseDate } from './civil-date.ts';
import { instantAtWallTime } from './zoned-time.ts';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses a user-supplied instant: ISO 8601 with offset or Z is absolute; a date or date-time
 * without offset is read as wall time in `timeZone` (so operators can type local times).
 */
export function parseInstant(text: string, timeZone: string): Date {
  const fail = (): CalendarError =>
    new CalendarError('calendar.date_invalid', `Invalid date-time "${text}": expected ISO 8601 such as 2026-12-30T12:00:00+08:00 or 2026-12-30`);
  const match = DATE_TIME.exec(text.trim());
  if (!match) throw fail();
  const [, date = '', hh = '00', mm = '00', ss = '00', ms = '0', zone] = match;
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  if (!tryParseDate(date) || hour > 23 || minute > 59 || second > 59) throw fail();
  const millis = Number(ms.padEnd(3, '0'));
  if (zone === undefined) {
    const wall = instantAtWallTime(date, hour * 60 + minute, timeZone);
    return new Date(wall.getTime() + second * 1000 + millis);
  }
  const offsetMatch = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  let offsetMinutes = 0;
  if (offsetMatch) {
    const [, sign, oh = '0', om = '0'] = offsetMatch;
    if (Number(oh) > 23 || Number(om) > 59) throw fail();
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const [year, month, day] = date.split('-').map(Number);
  const utc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc);
}
