import { z } from 'zod';
import type { LocalizedText } from '../policy/localized-text.ts';
import type { CaseActor } from './actors.ts';
import { caseActorSchema } from './actors.ts';
import type { CaseEventName, CaseStatus, CaseType } from './case-machines.ts';
import { CASE_STATUS_NAMES, caseEventNameSchema, caseTypeSchema } from './case-machines.ts';
import type { DeadlineEffects } from './sla-steps.ts';

/** The pseudo-event recorded when a case is opened (its `from` is null). */
export const OPEN_EVENT = 'open';

/** A request to move a case: who, when, and the inputs the transition may require. */
export interface TransitionCommand<T extends CaseType = CaseType> {
  readonly event: CaseEventName<T>;
  readonly actor: CaseActor;
  /** Passed in, never read from a clock, so the domain stays pure. */
  readonly at: Date;
  readonly reason?: string;
  readonly fields?: Readonly<Record<string, string>>;
}

/** A request to open a case of some type. */
export interface OpenCommand {
  readonly actor: CaseActor;
  readonly at: Date;
  readonly fields?: Readonly<Record<string, string>>;
}

/** One append-only entry of a case's history. */
export interface CaseEventRecord<T extends CaseType = CaseType> {
  readonly caseType: T;
  readonly event: CaseEventName<T> | typeof OPEN_EVENT;
  readonly from: CaseStatus<T> | null;
  readonly to: CaseStatus<T>;
  readonly actor: CaseActor;
  readonly at: Date;
  readonly reason?: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Validates a stored event record read back from the database. */
export const caseEventRecordSchema = z.strictObject({
  caseType: caseTypeSchema,
  event: z.union([caseEventNameSchema, z.literal(OPEN_EVENT)]),
  from: z.literal(CASE_STATUS_NAMES).nullable(),
  to: z.literal(CASE_STATUS_NAMES),
  actor: caseActorSchema,
  at: z.date(),
  reason: z.string().optional(),
  fields: z.record(z.string(), z.string()),
});

/** Why a command was refused; stable codes for callers to branch on. */
export type CaseRefusalCode =
  | 'case.transition_not_allowed'
  | 'case.actor_not_allowed'
  | 'case.field_required'
  | 'case.field_invalid';

/** An accepted command: the new status, the record to append, and what to do with SLA clocks. */
export interface TransitionAccepted<T extends CaseType = CaseType> {
  readonly ok: true;
  readonly status: CaseStatus<T>;
  readonly event: CaseEventRecord<T>;
  readonly deadlineEffects: DeadlineEffects;
}

/** A refused command; the case is unchanged and `message` can be shown to the actor. */
export interface TransitionRefused {
  readonly ok: false;
  readonly code: CaseRefusalCode;
  readonly message: LocalizedText;
}

/** The outcome of `applyTransition` or `openCase`. */
export type TransitionResult<T extends CaseType = CaseType> = TransitionAccepted<T> | TransitionRefused;
