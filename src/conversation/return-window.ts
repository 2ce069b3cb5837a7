import { deadlineRule } from '../domain/policy/deadline-rule.ts';
import { returnWindow } from '../domain/sla/index.ts';
import { formatWhen } from './deadline-text.ts';
import type { Turn } from './turn.ts';

/** Whether a return or exchange asked for now is inside the 3.2.1 window counted from the receipt day. */
export interface WindowCheck {
  within: boolean;
  deadline: Date;
  estimated: boolean;
  workingDays: number;
}

/** Checks the request window for goods received on the local day `receivedOn`, as of `turn.now`: the same rule the case service applies. */
export function checkReturnWindow(turn: Turn, receivedOn: string): WindowCheck {
  const { deps } = turn;
  const result = returnWindow(receivedOn, turn.now, deps.calendar(), deps.policy, deps.timeZone);
  const { workingDays } = deadlineRule(deps.policy, 'returnRequestWindow');
  return { within: result.within, deadline: result.deadline, estimated: result.calendar === 'estimated', workingDays };
}

/** The honest sentence about the window, with the estimate warning when the calendar is estimated. */
export function windowText(turn: Turn, check: WindowCheck): string {
  const deadline = formatWhen(turn.m, check.deadline, turn.deps.timeZone, turn.now);
  const sentence = check.within ? turn.m.windowInside(check.workingDays, deadline) : turn.m.windowOutside(check.workingDays, deadline);
  return check.estimated ? `${sentence}${turn.m.estimatedNote}` : sentence;
}
