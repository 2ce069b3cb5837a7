import type { CalendarLabel, WorkingCalendar } from '../calendar/index.ts';
import { instantAtWallTime } from '../calendar/index.ts';
import { deadlineRule } from '../policy/deadline-rule.ts';
import type { Policy } from '../policy/policy-schema.ts';

/** Whether a return/exchange request made at some instant falls inside the 3.2.1 window. */
export interface ReturnWindow {
  readonly within: boolean;
  /** Close of business of the last day of the window. */
  readonly deadline: Date;
  readonly calendar: CalendarLabel;
  readonly clause: string;
}

// Any instant inside the receipt day will do: the count starts the day after, in the business zone.
const NOON = 12 * 60;

/**
 * The 3.2.1 window: N working days (policy, 7 by default) after the local day the goods were received,
 * ending at close of business. Outside the window the request is still accepted, only flagged for staff.
 * @param receivedOn local calendar day 'YYYY-MM-DD' in `timeZone` (the calendar's zone)
 */
export function returnWindow(receivedOn: string, at: Date, calendar: WorkingCalendar, policy: Policy, timeZone: string): ReturnWindow {
  if (Number.isNaN(at.getTime())) throw new RangeError('at must be a valid Date');
  const rule = deadlineRule(policy, 'returnRequestWindow');
  const received = instantAtWallTime(receivedOn, NOON, timeZone);
  const { within, deadline, calendar: label } = calendar.isWithinWorkingDays(received, at, rule.workingDays);
  return { within, deadline, calendar: label, clause: rule.clause };
}
