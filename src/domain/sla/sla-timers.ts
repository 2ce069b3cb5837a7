import type { WorkingCalendar } from '../calendar/index.ts';

/** When staff are warned before a deadline: fractions of its business time (default 50% and 80%). */
export const DEFAULT_WARN_FRACTIONS: readonly number[] = Object.freeze([0.5, 0.8]);

/** One timer of a deadline: a warning at a fraction of its business time, or the breach at the due time. */
export type SlaTimer = { readonly kind: 'warn'; readonly percent: number; readonly at: Date } | { readonly kind: 'breach'; readonly at: Date };

/** A timer's stage name, part of its job id: `warn50`, `warn80`, `breach`. */
export function timerStage(timer: Pick<SlaTimer, 'kind'> & { percent?: number }): string {
  return timer.kind === 'breach' ? 'breach' : `warn${timer.percent ?? 0}`;
}

/**
 * The timers of a deadline that started at `startedAt` and falls due at `dueAt`: a warning when
 * each fraction of the business time between them has passed (so it lands in business hours on a
 * working day), and the breach at `dueAt`. Warnings are in time order and strictly before the breach.
 */
export function slaTimers(deadline: { startedAt: Date; dueAt: Date }, calendar: WorkingCalendar, fractions: readonly number[] = DEFAULT_WARN_FRACTIONS): SlaTimer[] {
  const total = calendar.businessMsBetween(deadline.startedAt, deadline.dueAt);
  const warnings: SlaTimer[] = [];
  const seen = new Set<number>();
  for (const fraction of [...fractions].sort((a, b) => a - b)) {
    if (!(fraction > 0 && fraction < 1)) continue;
    const percent = Math.round(fraction * 100);
    if (seen.has(percent) || total === 0) continue;
    seen.add(percent);
    const at = calendar.addBusinessMs(deadline.startedAt, Math.round(total * fraction));
    if (at.getTime() < deadline.dueAt.getTime()) warnings.push({ kind: 'warn', percent, at });
  }
  return [...warnings, { kind: 'breach', at: new Date(deadline.dueAt.getTime()) }];
}

/**
 * Which of `timers` (in time order) to schedule at `now`: the future ones at their time, and of those
 * already due (a deadline moved earlier, a sweep after downtime) only the latest, at once. Nobody is
 * sent two stale warnings in a row, and a past breach (the last timer) goes alone. Merchant reminders
 * use the same rule.
 */
export function timersToSchedule<T extends { readonly at: Date }>(timers: readonly T[], now: Date): T[] {
  const nowMs = now.getTime();
  const latestDue = timers.filter((t) => t.at.getTime() <= nowMs).at(-1);
  const future = timers.filter((t) => t.at.getTime() > nowMs);
  return latestDue ? [{ ...latestDue, at: new Date(nowMs) }, ...future] : future;
}

/** Deterministic job id of a deadline's timer (BullMQ refuses ':' in custom ids): the same deadline, stage and due time never schedule twice. */
export function slaTimerJobId(deadlineId: string, stage: string, dueAt: Date): string {
  return `sla-${deadlineId}-${stage}-${dueAt.getTime()}`;
}
