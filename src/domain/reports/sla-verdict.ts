import type { ReportDeadline } from './report-rows.ts';

/**
 * When a deadline got its SLA verdict, and which. A deadline met no later than its due time is
 * on time, judged at `metAt`. Any other deadline is late, judged at `dueAt` (the moment it was
 * missed, whether it was met later, is still running, or was cancelled after it was missed).
 * A deadline cancelled before its due time and never met has no verdict: it never counts.
 *
 * Every deadline is judged once, at one instant, so SLA compliance over a period is
 * "on-time verdicts in the period ÷ all verdicts in the period" with nothing counted twice.
 */
export function slaVerdict(deadline: Pick<ReportDeadline, 'dueAt' | 'metAt' | 'cancelledAt'>): { at: Date; onTime: boolean } | null {
  const due = deadline.dueAt.getTime();
  if (deadline.metAt && deadline.metAt.getTime() <= due) return { at: deadline.metAt, onTime: true };
  if (!deadline.metAt && deadline.cancelledAt && deadline.cancelledAt.getTime() < due) return null;
  return { at: deadline.dueAt, onTime: false };
}
