import type { CaseActionResult } from '../contracts/cases.ts';
import { applyTransition } from '../domain/cases/apply-transition.ts';
import type { CaseEventRecord, TransitionCommand } from '../domain/cases/case-events.ts';
import type { CaseFieldName } from '../domain/cases/case-fields.ts';
import { caseStateSchema } from '../domain/cases/case-machines.ts';
import { isTerminal, transitionFor } from '../domain/cases/case-queries.ts';
import type { DeadlinePlan } from '../domain/sla/index.ts';
import { planDeadlines } from '../domain/sla/index.ts';
import { CodedError } from '../errors.ts';
import type { CaseOutboxBuilder } from '../store/case-outbox-store.ts';
import type { CaseTransitionWrite } from '../store/case-transition-store.ts';
import { commitTransition, loadCaseState } from '../store/case-transition-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { deadlineJson } from './open-case.ts';
import { CASE_BUSY } from './case-messages.ts';

/** A command on a case whose type is only known once it is loaded. */
export type CaseCommand = TransitionCommand;

// Each retry re-reads the case; a command that lost a race is then judged against the new status.
const MAX_ATTEMPTS = 3;

// Where a required input is kept on the case row (other inputs live in the event only).
const COLUMN_OF_FIELD: Partial<Record<CaseFieldName, 'remedy' | 'returnAddress' | 'trackingNumber'>> = {
  remedy: 'remedy',
  address: 'returnAddress',
  trackingNumber: 'trackingNumber',
};

/**
 * Applies a command to a case through its state machine, then writes status, deadlines (met/started/cancelled
 * per the table) and one CaseEvent in one transaction, only if the status is still the one judged. A refusal
 * changes nothing. Unknown case: `case.not_found`.
 */
export async function transitionCase(deps: CaseServiceDeps, caseId: string, command: CaseCommand, outbox?: CaseOutboxBuilder): Promise<CaseActionResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const stored = await loadCaseState(deps.prisma, caseId);
    if (stored === null) return { ok: false, code: 'case.not_found', message: { zh: '没有找到该案件。', en: 'The case was not found.' } };
    const state = caseStateSchema.safeParse({ type: stored.type, status: stored.status });
    if (!state.success) throw new CodedError('case.state_invalid', `case ${caseId} has status "${stored.status}", unknown to the ${stored.type} table`);
    const result = applyTransition(state.data.type, state.data.status, command);
    if (!result.ok) return { ok: false, code: result.code, message: result.message };
    const deadlines = planDeadlines(result.deadlineEffects, command.at, deps.calendar(), deps.policy);
    const committed = await commitTransition(deps.prisma, {
      caseId,
      fromStatus: stored.status,
      toStatus: result.status,
      at: command.at,
      terminal: isTerminal(state.data.type, result.status),
      columns: columnsOf(result.event),
      deadlines,
      event: {
        kind: result.event.event,
        actorKind: result.event.actor.kind,
        actorId: result.event.actor.id ?? null,
        reason: result.event.reason ?? null,
        data: { fields: { ...result.event.fields }, deadlines: deadlinesJson(deadlines) },
      },
      ...(outbox ? { outbox } : {}),
    });
    if (committed !== null) {
      deps.onOutbox?.(committed.touched);
      deps.onDeadlines?.();
      return { ok: true, summary: committed.summary };
    }
    deps.log.info({ caseId, event: command.event, attempt }, 'case moved while a command was applied; retrying');
  }
  return { ok: false, code: 'case.conflict', message: CASE_BUSY };
}

function columnsOf(event: CaseEventRecord): CaseTransitionWrite['columns'] {
  const row = event.from === null || event.event === 'open' ? undefined : transitionFor(event.caseType, event.from, event.event);
  const columns: CaseTransitionWrite['columns'] = {};
  for (const name of row?.requires ?? []) {
    const column = COLUMN_OF_FIELD[name];
    const value = event.fields[name];
    if (column !== undefined && value !== undefined) columns[column] = value;
  }
  if (event.event === 'reject' && event.reason !== undefined) columns.rejectReason = event.reason;
  return columns;
}

function deadlinesJson(plan: DeadlinePlan): { started: ReturnType<typeof deadlineJson>[]; met: string[]; cancelled: string[] } {
  return { started: plan.start.map(deadlineJson), met: [...plan.complete], cancelled: [...plan.cancel] };
}
