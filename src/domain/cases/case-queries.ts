import type { ActorKind } from './actors.ts';
import { actorMayAct } from './actors.ts';
import type { CaseEventName, CaseStatus, CaseType } from './case-machines.ts';
import { machineOf } from './case-machines.ts';
import type { TransitionDefinition } from './machine-definition.ts';

/** The status a new case of `type` starts in. */
export function initialStatus<T extends CaseType>(type: T): CaseStatus<T> {
  return machineOf(type).initial as CaseStatus<T>;
}

/** Whether `status` ends the case: nothing more can happen to it. */
export function isTerminal<T extends CaseType>(type: T, status: CaseStatus<T>): boolean {
  return machineOf(type).terminal.includes(status);
}

/** Whether `status` is a known, non-terminal status of `type` (the case still needs someone). */
export function isOpen<T extends CaseType>(type: T, status: CaseStatus<T>): boolean {
  const machine = machineOf(type);
  return machine.states.includes(status) && !machine.terminal.includes(status);
}

/** The table row `event` would use from `status`, or undefined when the table has none. */
export function transitionFor<T extends CaseType>(
  type: T,
  status: CaseStatus<T>,
  event: CaseEventName,
): TransitionDefinition | undefined {
  return machineOf(type).transitions.find((row) => row.event === event && row.from.includes(status));
}

/**
 * The events `actorKind` may trigger from `status`, in table order, for building buttons.
 * Some need inputs first: see `transitionFor(...).requires`.
 */
export function allowedEvents<T extends CaseType>(type: T, status: CaseStatus<T>, actorKind: ActorKind): CaseEventName<T>[] {
  return machineOf(type)
    .transitions.filter((row) => row.from.includes(status) && actorMayAct(row.actors, actorKind))
    .map((row) => row.event as CaseEventName<T>);
}
