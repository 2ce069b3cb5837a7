import { isInternalDeadline, type DeadlineName, type InternalDeadlineName } from '../policy/policy-schema.ts';

/** The SLA steps a case can be timed on, each measured by one policy deadline. */
export const SLA_STEP_DEADLINES = {
  first_contact: 'qualityFirstContact',
  review: 'returnReview',
  refund_or_exchange: 'refundOrExchangeAfterGoodsReceived',
  followup_contact: 'consultationFollowUpContact',
  // 4.3.2: opened → the manager's conclusion; an internal target, so merchants are never told it.
  complaint_handling: 'complaintHandling',
} as const satisfies Record<string, DeadlineName>;

/** One SLA step. */
export type SlaStep = keyof typeof SLA_STEP_DEADLINES;

/** Every SLA step. */
export const SLA_STEPS = Object.keys(SLA_STEP_DEADLINES) as readonly SlaStep[];

/** Narrows a step name read from storage to a known SLA step. */
export function isSlaStep(step: string): step is SlaStep {
  return (SLA_STEPS as readonly string[]).includes(step);
}

/** The policy deadline that times `step`. */
export function deadlineNameForStep(step: SlaStep): DeadlineName {
  return SLA_STEP_DEADLINES[step];
}

/** A step whose deadline merchants may be told (not an internal service target). */
export type MerchantSlaStep = { [S in SlaStep]: (typeof SLA_STEP_DEADLINES)[S] extends InternalDeadlineName ? never : S }[SlaStep];

/** Whether a stored step is one merchants may be told about: a known step timed by a deadline promised to them. */
export function isMerchantSlaStep(step: string): step is MerchantSlaStep {
  return isSlaStep(step) && !isInternalDeadline(deadlineNameForStep(step));
}

/**
 * What a transition does to SLA clocks. `complete`: the step was done (met or breached is judged by the timer);
 * `cancel`: the step no longer applies (the case was withdrawn), so no breach may be recorded for it.
 */
export interface DeadlineEffects {
  readonly complete?: readonly SlaStep[];
  readonly start?: readonly SlaStep[];
  readonly cancel?: readonly SlaStep[];
}
