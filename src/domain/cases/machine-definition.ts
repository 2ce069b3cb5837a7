import type { ActorKind } from './actors.ts';
import type { CaseFieldName } from './case-fields.ts';
import type { DeadlineEffects, SlaStep } from './sla-steps.ts';

/** One row of a state table: `event` moves a case from any of `from` to `to`. */
export interface TransitionDefinition {
  readonly event: string;
  readonly from: readonly string[];
  readonly to: string;
  /** Managers are implied wherever staff are listed. */
  readonly actors: readonly ActorKind[];
  readonly requires: readonly CaseFieldName[];
  readonly deadlines: DeadlineEffects;
}

/** The state table of one case type. */
export interface MachineDefinition {
  readonly states: readonly string[];
  readonly initial: string;
  /** States with no outgoing transitions; every other state is open. */
  readonly terminal: readonly string[];
  /** Who may open a case of this type. */
  readonly openedBy: readonly ActorKind[];
  /** SLA steps whose clocks start when the case is opened. */
  readonly startsOnOpen: readonly SlaStep[];
  readonly transitions: readonly TransitionDefinition[];
}
