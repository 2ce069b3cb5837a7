import { isSlaStep } from '../domain/cases/sla-steps.ts';
import { deadlineFor } from '../domain/sla/index.ts';
import { applyDeadlineChange, listEstimatedDeadlines, type EstimatedDeadlineRow } from '../store/case-deadline-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';

/** Deadlines read per page: the run (at every start) holds one page at a time, however many cases are open. */
const PAGE_SIZE = 500;

/**
 * Recomputes running deadlines that rest on an estimated year with the calendar in force. Each moved (or
 * newly confirmed) deadline is rewritten with one `deadline_changed` event (actor system); one moved earlier
 * carries `movedEarlier: true` so staff can be told. Returns how many changed; a second run returns 0.
 * Deadlines are read `pageSize` at a time, earliest due first (a row moved later may be seen again: it is
 * then already what the calendar says, and left alone).
 */
export async function recomputeEstimatedDeadlines(deps: CaseServiceDeps, at: Date, options: { pageSize?: number } = {}): Promise<number> {
  const calendar = deps.calendar();
  const limit = options.pageSize ?? PAGE_SIZE;
  let changed = 0;
  let after: { dueAt: Date; id: string } | undefined;
  for (;;) {
    const page = await listEstimatedDeadlines(deps.prisma, { limit, ...(after ? { after } : {}) });
    const last = page.at(-1);
    if (!last) break;
    after = { dueAt: last.dueAt, id: last.id };
    changed += await recomputePage(deps, calendar, page, at);
    if (page.length < limit) break;
  }
  if (changed > 0) deps.onDeadlines?.();
  return changed;
}

async function recomputePage(deps: CaseServiceDeps, calendar: ReturnType<CaseServiceDeps['calendar']>, rows: EstimatedDeadlineRow[], at: Date): Promise<number> {
  let changed = 0;
  for (const row of rows) {
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
  return changed;
}
