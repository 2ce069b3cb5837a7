import type { CalendarLabel, WorkingCalendar } from '../calendar/index.ts';
import type { SlaStep } from '../cases/sla-steps.ts';
import { deadlineNameForStep } from '../cases/sla-steps.ts';
import { deadlineRule } from '../policy/deadline-rule.ts';
import type { Policy } from '../policy/policy-schema.ts';

/** When one SLA step falls due, on which calendar, and the contract clause it comes from. */
export interface SlaDeadline {
  readonly dueAt: Date;
  readonly calendar: CalendarLabel;
  readonly clause: string;
}

/**
 * The deadline of `step` whose clock started at `startedAt`: close of business of the Nth working day
 * after the local day of `startedAt`, N from the policy (3.1.2 first contact, 3.2.2 review, 3.2.4 refund/exchange, 3.3.3 follow-up).
 */
export function deadlineFor(step: SlaStep, startedAt: Date, calendar: WorkingCalendar, policy: Policy): SlaDeadline {
  if (Number.isNaN(startedAt.getTime())) throw new RangeError('startedAt must be a valid Date');
  const rule = deadlineRule(policy, deadlineNameForStep(step));
  const { deadline, calendar: label } = calendar.addWorkingDays(startedAt, rule.workingDays);
  return { dueAt: deadline, calendar: label, clause: rule.clause };
}
