import { isSlaStep } from '../domain/cases/sla-steps.ts';
import { deadlineFor } from '../domain/sla/index.ts';
import { applyDeadlineChange, listEstimatedDeadlines } from '../store/case-deadline-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';

/**
 * Recomputes running deadlines that rest on an estimated year with the calendar in force. Each moved (or
 * newly confirmed) deadline is rewritten with one `deadline_changed` event (actor system); one moved earlier
 * carries `movedEarlier: true` so staff can be told. Returns how many changed; a second run returns 0.
 */
export async function recomputeEstimatedDeadlines(deps: CaseServiceDeps, at: Date): Promise<number> {
  const calendar = deps.calendar();
  let changed = 0;
  for (const row of await listEstimatedDeadlines(deps.prisma)) {
    if (!isSlaStep(row.step)) {
      deps.log.warn({ caseId: row.caseId, step: row.step }, 'deadline of an unknown SLA step left as it is');
      continue;
    }
    const next = deadlineFor(row.step, row.startedAt, calendar, deps.policy);
    if (next.dueAt.getTime() === row.dueAt.getTime() && next.calendar === 'estimated') continue;
    const movedEarlier = next.dueAt.getTime() < row.dueAt.getTime();
    const data = { step: row.step, from: row.dueAt.toISOString(), to: next.dueAt.toISOString(), calendar: next.calendar, fromCalendar: 'estimated', movedEarlier };
    const applied = await applyDeadlineChange(deps.prisma, { deadlineId: row.id, caseId: row.caseId, fromDueAt: row.dueAt, dueAt: next.dueAt, calendar: next.calendar, at, data });
    if (!applied) continue;
    changed += 1;
    if (movedEarlier) deps.log.warn({ caseId: row.caseId, step: row.step, from: data.from, to: data.to }, 'a deadline moved earlier under the calendar in force');
  }
  if (changed > 0) deps.onDeadlines?.();
  return changed;
}
