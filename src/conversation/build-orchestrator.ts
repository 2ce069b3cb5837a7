import { createIntakeOrchestrator } from './orchestrator.ts';
import type { OrchestratorDeps } from './orchestrator-deps.ts';
import type { Orchestrator } from '../contracts/conversation.ts';

export type { OrchestratorDeps } from './orchestrator-deps.ts';

/** Builds the orchestrator the bot runs. */
export function buildOrchestrator(deps: OrchestratorDeps): Orchestrator {
  return createIntakeOrchestrator(deps);
}
