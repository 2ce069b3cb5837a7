import type { DeadlineName, DeadlineRule, Policy } from './policy-schema.ts';

/** A deadline rule together with its name, as the SLA timers consume it. */
export interface NamedDeadlineRule extends DeadlineRule {
  readonly name: DeadlineName;
}

/** The rule for one named deadline of the policy. */
export function deadlineRule(policy: Policy, name: DeadlineName): NamedDeadlineRule {
  return { name, ...policy.deadlines[name] };
}
