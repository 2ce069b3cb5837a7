import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import type { Logger } from '../log.ts';
import type { CasePort } from './case-port.ts';
import type { ConsultAnswerer } from './consult-answerer.ts';

/** Everything the conversation needs from the rest of the bot. */
export interface OrchestratorDeps {
  cases: CasePort;
  /** The calendar in force (it changes when the operator imports a schedule). */
  calendar: () => WorkingCalendar;
  policy: Policy;
  timeZone: string;
  draftTtlMs: number;
  log: Logger;
  /** Consultation answers; a placeholder that promises a person when not given. */
  consult?: ConsultAnswerer;
  /** Draft ids; random UUIDs when not given (tests pass a counter). */
  newId?: () => string;
}
