import type { CalendarLabel } from '../calendar/index.ts';

/** A stored deadline as far as "which one is next" is concerned. */
export interface DeadlineState {
  readonly step: string;
  readonly dueAt: Date;
  readonly metAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** Whether a deadline still runs (neither met nor cancelled). */
export function isDeadlineOpen(deadline: DeadlineState): boolean {
  return deadline.metAt === null && deadline.cancelledAt === null;
}

/** The earliest open deadline of a case (ties: the step named first), or null when none runs. */
export function nextDeadline<D extends DeadlineState>(deadlines: readonly D[]): D | null {
  let next: D | null = null;
  for (const deadline of deadlines) {
    if (!isDeadlineOpen(deadline)) continue;
    const earlier = next === null || deadline.dueAt.getTime() < next.dueAt.getTime();
    const tieFirst = next !== null && deadline.dueAt.getTime() === next.dueAt.getTime() && deadline.step < next.step;
    if (earlier || tieFirst) next = deadline;
  }
  return next;
}

/** A case's label: 'estimated' when any of its running deadlines rests on an estimated year, else 'cn'. */
export function caseCalendarLabel(deadlines: ReadonlyArray<DeadlineState & { readonly calendar: CalendarLabel }>): CalendarLabel {
  return deadlines.some((deadline) => isDeadlineOpen(deadline) && deadline.calendar === 'estimated') ? 'estimated' : 'cn';
}
