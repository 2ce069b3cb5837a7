import type { WorkingCalendar } from '../calendar/index.ts';
import type { DeadlineEffects, SlaStep } from '../cases/sla-steps.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { SlaDeadline } from './deadline-for.ts';
import { deadlineFor } from './deadline-for.ts';

/** A deadline to create: its step, when its clock started, and when it falls due. */
export interface StartedDeadline extends SlaDeadline {
  readonly step: SlaStep;
  readonly startedAt: Date;
}

/** What a transition does to a case's deadline rows, computed ahead of the write. */
export interface DeadlinePlan {
  readonly start: readonly StartedDeadline[];
  readonly complete: readonly SlaStep[];
  readonly cancel: readonly SlaStep[];
}

/** Turns a transition's `deadlineEffects` at `at` into concrete rows to start, complete and cancel. */
export function planDeadlines(effects: DeadlineEffects, at: Date, calendar: WorkingCalendar, policy: Policy): DeadlinePlan {
  return {
    start: (effects.start ?? []).map((step) => ({ step, startedAt: new Date(at.getTime()), ...deadlineFor(step, at, calendar, policy) })),
    complete: [...(effects.complete ?? [])],
    cancel: [...(effects.cancel ?? [])],
  };
}
