import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import type { Logger } from '../log.ts';
import type { CasePort } from './case-port.ts';
import { createHelpOrchestrator } from './help-orchestrator.ts';
import type { Orchestrator } from './types.ts';

/** Everything the conversation needs from the rest of the bot. */
export interface OrchestratorDeps {
  cases: CasePort;
  /** The calendar in force (it changes when the operator imports a schedule). */
  calendar: () => WorkingCalendar;
  policy: Policy;
  timeZone: string;
  draftTtlMs: number;
  log: Logger;
}

/** Builds the orchestrator the bot runs. */
export function buildOrchestrator(_deps: OrchestratorDeps): Orchestrator {
  return createHelpOrchestrator();
}
