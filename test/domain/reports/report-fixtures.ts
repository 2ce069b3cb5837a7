import type { ReportCase, ReportDeadline } from '../../../src/domain/reports/report-rows.ts';

export const SH = 'Asia/Shanghai';

/** A Shanghai wall-clock time 'YYYY-MM-DD HH:MM' as an instant. */
export const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

let serial = 0;

/** A case with defaults: opened, unassigned, still open. */
export function aCase(over: Partial<ReportCase> & { openedAt: Date }): ReportCase {
  serial += 1;
  return {
    id: over.id ?? `case-${serial}`,
    number: over.number ?? `QP-20261126-${String(serial).padStart(4, '0')}`,
    type: 'quality',
    merchantId: 'm1',
    assigneeId: null,
    itemName: null,
    problemCategory: null,
    closedAt: null,
    ...over,
  };
}

/** A deadline of `caseId`, running unless told otherwise. */
export function aDeadline(caseId: string, over: Partial<ReportDeadline> & { startedAt: Date; dueAt: Date }): ReportDeadline {
  return { caseId, step: 'first_contact', metAt: null, cancelledAt: null, breachedAt: null, ...over };
}
