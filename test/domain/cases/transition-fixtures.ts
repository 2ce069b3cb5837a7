import type { ActorKind } from '../../../src/domain/cases/actors.ts';
import type { CaseFieldName } from '../../../src/domain/cases/case-fields.ts';
import type { TransitionCommand } from '../../../src/domain/cases/case-events.ts';
import type { CaseEventName, CaseStatus, CaseType } from '../../../src/domain/cases/case-machines.ts';

/** A fixed instant: the domain never reads the clock. */
export const AT = new Date('2026-11-02T09:30:00+08:00');

/** A valid value for every input a transition can require. */
export const VALID_INPUTS: Record<CaseFieldName, string> = {
  reason: '超出7个工作日退货期',
  remedy: 'repair',
  address: '上海市浦东新区XX路1号 售后部',
  trackingNumber: 'SF1234567890123',
  note: 'Spoke to the staff member; apology sent.',
};

/** A command carrying every valid input, so only state and actor decide the outcome. */
export function fullCommand(event: string, kind: ActorKind): TransitionCommand {
  const { reason, ...fields } = VALID_INPUTS;
  return { event: event as CaseEventName, actor: { kind, id: `${kind}-1` }, at: AT, reason, fields };
}

/** A bare command with no inputs. */
export function bareCommand(event: string, kind: ActorKind): TransitionCommand {
  return { event: event as CaseEventName, actor: { kind, id: `${kind}-1` }, at: AT };
}

/** Widens a table string to the status union for the generic API. */
export function asStatus(status: string): CaseStatus {
  return status as CaseStatus;
}

/** The arguments for a transition on a runtime-chosen type. */
export type CaseRef = { type: CaseType; status: string };
