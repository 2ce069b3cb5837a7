import { z } from 'zod';
import { complaintMachine } from './complaint-machine.ts';
import { consultationFollowupMachine } from './consultation-followup-machine.ts';
import { exchangeMachine } from './exchange-machine.ts';
import type { MachineDefinition } from './machine-definition.ts';
import { qualityMachine } from './quality-machine.ts';
import { returnMachine } from './return-machine.ts';

/** Every case type, in the order the product presents them. */
export const CASE_TYPES = ['quality', 'return', 'exchange', 'consultation_followup', 'complaint'] as const;

/** A case type. */
export type CaseType = (typeof CASE_TYPES)[number];

/** The state table of every case type: the single source of the status and event unions below. */
export const CASE_MACHINES = {
  quality: qualityMachine,
  return: returnMachine,
  exchange: exchangeMachine,
  consultation_followup: consultationFollowupMachine,
  complaint: complaintMachine,
} as const satisfies Record<CaseType, MachineDefinition>;

type CaseMachines = typeof CASE_MACHINES;

/** A status of case type `T` (all statuses when `T` is the full union). */
export type CaseStatus<T extends CaseType = CaseType> = CaseMachines[T]['states'][number];

/** An event of case type `T` (all events when `T` is the full union). */
export type CaseEventName<T extends CaseType = CaseType> = CaseMachines[T]['transitions'][number]['event'];

// A misspelt state in any table (in from, to, initial or terminal) fails compilation here.
type TableIsClosed<M extends MachineDefinition> = [
  M['transitions'][number]['from'][number] | M['transitions'][number]['to'] | M['initial'] | M['terminal'][number],
] extends [M['states'][number]]
  ? true
  : false;
type AssertTrue<T extends true> = T;
type _AllTablesAreClosed = AssertTrue<{ [T in CaseType]: TableIsClosed<CaseMachines[T]> }[CaseType]>;

/** The table of `type`, widened for generic runtime code (the literal types live on `CASE_MACHINES`). */
export function machineOf(type: CaseType): MachineDefinition {
  return CASE_MACHINES[type];
}

/** Every event name used by any table. */
export const CASE_EVENT_NAMES = [
  ...new Set(CASE_TYPES.flatMap((type) => machineOf(type).transitions.map((transition) => transition.event))),
] as readonly CaseEventName[];

/** Every status name used by any table. */
export const CASE_STATUS_NAMES = [...new Set(CASE_TYPES.flatMap((type) => machineOf(type).states))] as readonly CaseStatus[];

/** A case type. */
export const caseTypeSchema = z.enum(CASE_TYPES);

/** Any event name of any table. */
export const caseEventNameSchema = z.literal(CASE_EVENT_NAMES);

/** A status per case type, as stored beside the case. */
export const caseStatusSchemas = {
  quality: z.enum(qualityMachine.states),
  return: z.enum(returnMachine.states),
  exchange: z.enum(exchangeMachine.states),
  consultation_followup: z.enum(consultationFollowupMachine.states),
  complaint: z.enum(complaintMachine.states),
} as const satisfies Record<CaseType, z.ZodType<string>>;

/** A case's type together with a status valid for that type. */
export const caseStateSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('quality'), status: caseStatusSchemas.quality }),
  z.strictObject({ type: z.literal('return'), status: caseStatusSchemas.return }),
  z.strictObject({ type: z.literal('exchange'), status: caseStatusSchemas.exchange }),
  z.strictObject({ type: z.literal('consultation_followup'), status: caseStatusSchemas.consultation_followup }),
  z.strictObject({ type: z.literal('complaint'), status: caseStatusSchemas.complaint }),
]);

/** A case's type together with a status valid for that type. */
export type CaseState = z.infer<typeof caseStateSchema>;
