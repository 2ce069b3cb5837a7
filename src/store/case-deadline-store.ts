import type { CalendarLabel } from '../domain/calendar/index.ts';
import { CASE_TX_OPTIONS } from './case-store.ts';
import { refreshCaseCalendarLabel } from './case-transition-store.ts';
import type { Prisma, PrismaClient } from './prisma.ts';

/** A running deadline whose due time rests on an estimated year. */
export interface EstimatedDeadlineRow {
  id: string;
  caseId: string;
  step: string;
  startedAt: Date;
  dueAt: Date;
}

/** A recomputed deadline to write, with the values it was read with (the write is skipped if they moved). */
export interface DeadlineChange {
  deadlineId: string;
  caseId: string;
  fromDueAt: Date;
  dueAt: Date;
  calendar: CalendarLabel;
  at: Date;
  data: Prisma.InputJsonObject;
}

/**
 * Running (not met, cancelled or breached) deadlines labelled 'estimated', of cases still open: one page of at
 * most `limit`, earliest due first, after `after` (the last row of the previous page). Read page by page, so a
 * start with many open cases never holds them all at once.
 */
export async function listEstimatedDeadlines(prisma: PrismaClient, page: { after?: { dueAt: Date; id: string }; limit: number }): Promise<EstimatedDeadlineRow[]> {
  const after = page.after;
  return prisma.caseDeadline.findMany({
    where: {
      calendarLabel: 'estimated',
      metAt: null,
      cancelledAt: null,
      breachedAt: null,
      case: { closedAt: null },
      ...(after ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] } : {}),
    },
    select: { id: true, caseId: true, step: true, startedAt: true, dueAt: true },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: page.limit,
  });
}

/**
 * Moves one deadline and appends its `deadline_changed` event, in one transaction. Returns false, writing
 * nothing, when the row is no longer the running estimate it was read as (met, cancelled or moved meanwhile).
 */
export async function applyDeadlineChange(prisma: PrismaClient, change: DeadlineChange): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const moved = await tx.caseDeadline.updateMany({
      where: { id: change.deadlineId, dueAt: change.fromDueAt, calendarLabel: 'estimated', metAt: null, cancelledAt: null, breachedAt: null },
      data: { dueAt: change.dueAt, calendarLabel: change.calendar },
    });
    if (moved.count !== 1) return false;
    await tx.caseEvent.create({ data: { caseId: change.caseId, at: change.at, actorKind: 'system', kind: 'deadline_changed', data: change.data } });
    await refreshCaseCalendarLabel(tx, change.caseId);
    return true;
  }, CASE_TX_OPTIONS);
}
