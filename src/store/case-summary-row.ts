import type { CaseSummary } from '../contracts/cases.ts';
import { parseLangTag } from '../contracts/lang.ts';
import type { CalendarLabel } from '../domain/calendar/index.ts';
import { isMerchantSlaStep } from '../domain/cases/sla-steps.ts';
import { nextDeadline } from '../domain/sla/index.ts';
import type { Prisma } from './prisma.ts';

/** The columns a case summary is built from. */
export const caseSummarySelect = {
  id: true,
  number: true,
  type: true,
  status: true,
  lang: true,
  openedAt: true,
  outsideWindow: true,
  orderNumber: true,
  itemName: true,
  deadlines: { select: { step: true, clause: true, dueAt: true, calendarLabel: true, metAt: true, cancelledAt: true } },
} as const satisfies Prisma.CaseSelect;

/** A case row as read for a summary. */
export type CaseSummaryRow = Prisma.CaseGetPayload<{ select: typeof caseSummarySelect }>;

/** Reads a stored calendar label; anything unknown counts as an estimate (never claimed as official). */
export function asCalendarLabel(value: string): CalendarLabel {
  return value === 'cn' ? 'cn' : 'estimated';
}

/** A case row as the merchant may see it, with its next running deadline among those promised to merchants (not an internal target). */
export function toCaseSummary(row: CaseSummaryRow): CaseSummary {
  const next = nextDeadline(row.deadlines.filter((d) => isMerchantSlaStep(d.step)));
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    lang: parseLangTag(row.lang) ?? 'zh-CN',
    openedAt: row.openedAt,
    outsideWindow: row.outsideWindow,
    orderNumber: row.orderNumber,
    itemName: row.itemName,
    nextDeadline: next === null ? null : { step: next.step, dueAt: next.dueAt, calendar: asCalendarLabel(next.calendarLabel), clause: next.clause },
  };
}
