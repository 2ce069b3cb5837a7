import { instantAtWallTime } from '../domain/calendar/index.ts';
import { deadlineRule } from '../domain/policy/deadline-rule.ts';
import { formatWhen } from './deadline-text.ts';
import type { Turn } from './turn.ts';

/** Whether a return or exchange asked for now is inside the 3.2.1 window counted from the receipt day. */
export interface WindowCheck {
  within: boolean;
  deadline: Date;
  estimated: boolean;
  workingDays: number;
}

const NOON = 12 * 60;

/** Checks the request window for goods received on the local day `receivedOn`, as of `turn.now`. */
export function checkReturnWindow(turn: Turn, receivedOn: string): WindowCheck {
  const rule = deadlineRule(turn.deps.policy, 'returnRequestWindow');
  // Any instant of the receipt day counts the same: deadlines run from the local day of the event.
  const received = instantAtWallTime(receivedOn, NOON, turn.deps.timeZone);
  const result = turn.deps.calendar().isWithinWorkingDays(received, turn.now, rule.workingDays);
  return { within: result.within, deadline: result.deadline, estimated: result.calendar === 'estimated', workingDays: rule.workingDays };
}

/** The honest sentence about the window, with the estimate warning when the calendar is estimated. */
export function windowText(turn: Turn, check: WindowCheck): string {
  const deadline = formatWhen(turn.m, check.deadline, turn.deps.timeZone, turn.now);
  const sentence = check.within ? turn.m.windowInside(check.workingDays, deadline) : turn.m.windowOutside(check.workingDays, deadline);
  return check.estimated ? `${sentence}${turn.m.estimatedNote}` : sentence;
}
