import { actorMayAct } from './actors.ts';
import type { CaseFieldName } from './case-fields.ts';
import { CASE_FIELDS } from './case-fields.ts';
import type { CaseStatus, CaseType } from './case-machines.ts';
import { machineOf } from './case-machines.ts';
import type { OpenCommand, TransitionCommand, TransitionRefused, TransitionResult } from './case-events.ts';
import { OPEN_EVENT } from './case-events.ts';
import { transitionFor } from './case-queries.ts';
import {
  actorNotAllowed,
  eventNotAllowedInStatus,
  eventNotInTable,
  fieldInvalid,
  fieldRequired,
  openNotAllowed,
} from './refusal-messages.ts';

/**
 * Applies one command to a case in `currentStatus`. Pure: a refusal is a result, never a throw,
 * and the caller appends `event` to the case's history only when `ok` is true.
 * @example applyTransition('return', 'requested', { event: 'reject', actor: { kind: 'staff', id: 'u1' }, at, reason: '超出退货期' })
 */
export function applyTransition<T extends CaseType>(
  caseType: T,
  currentStatus: CaseStatus<T>,
  command: TransitionCommand<T>,
): TransitionResult<T> {
  assertValidTime(command.at);
  const machine = machineOf(caseType);
  if (!machine.transitions.some((row) => row.event === command.event)) {
    return refuse('case.transition_not_allowed', eventNotInTable(caseType, command.event));
  }
  const row = transitionFor(caseType, currentStatus, command.event);
  if (row === undefined) {
    return refuse('case.transition_not_allowed', eventNotAllowedInStatus(caseType, currentStatus, command.event));
  }
  if (!actorMayAct(row.actors, command.actor.kind)) {
    return refuse('case.actor_not_allowed', actorNotAllowed(command.event, row.actors));
  }
  const inputs = readInputs(row.requires, command);
  if (!inputs.ok) return inputs;
  const to = row.to as CaseStatus<T>;
  return {
    ok: true,
    status: to,
    event: {
      caseType,
      event: command.event,
      from: currentStatus,
      to,
      actor: { ...command.actor },
      at: new Date(command.at.getTime()),
      ...(inputs.reason === undefined ? {} : { reason: inputs.reason }),
      fields: inputs.fields,
    },
    deadlineEffects: row.deadlines,
  };
}

/** Opens a case of `caseType`: the first history entry (from null) and the SLA clocks to start. */
export function openCase<T extends CaseType>(caseType: T, command: OpenCommand): TransitionResult<T> {
  assertValidTime(command.at);
  const machine = machineOf(caseType);
  if (!actorMayAct(machine.openedBy, command.actor.kind)) {
    return refuse('case.actor_not_allowed', openNotAllowed(caseType, machine.openedBy));
  }
  const to = machine.initial as CaseStatus<T>;
  return {
    ok: true,
    status: to,
    event: {
      caseType,
      event: OPEN_EVENT,
      from: null,
      to,
      actor: { ...command.actor },
      at: new Date(command.at.getTime()),
      fields: { ...command.fields },
    },
    deadlineEffects: machine.startsOnOpen.length > 0 ? { start: machine.startsOnOpen } : {},
  };
}

type Inputs = { ok: true; reason?: string; fields: Record<string, string> } | TransitionRefused;

// `reason` travels on the command itself (it is shown to the merchant); the other inputs in `fields`.
function readInputs(required: readonly CaseFieldName[], command: TransitionCommand): Inputs {
  const fields: Record<string, string> = { ...command.fields };
  let reason = command.reason;
  for (const name of required) {
    const raw: unknown = name === 'reason' ? command.reason : command.fields?.[name];
    if (typeof raw !== 'string' || raw.trim() === '') return refuse('case.field_required', fieldRequired(command.event, name));
    const parsed = CASE_FIELDS[name].schema.safeParse(raw);
    if (!parsed.success) return refuse('case.field_invalid', fieldInvalid(name));
    if (name === 'reason') reason = parsed.data;
    else fields[name] = parsed.data;
  }
  return { ok: true, ...(reason === undefined ? {} : { reason }), fields };
}

function refuse(code: TransitionRefused['code'], message: TransitionRefused['message']): TransitionRefused {
  return { ok: false, code, message };
}

// A bad clock value is a programming error, not a refusal: the history must never hold an invalid time.
function assertValidTime(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('command.at must be a valid Date');
}
