import type { CaseServiceDeps } from '../cases/case-deps.ts';
import { slaBreachNotice, slaWarningNotice } from '../cases/sla-notices.ts';
import { slaTimerJobId, slaTimers, timersToSchedule, timerStage } from '../domain/sla/sla-timers.ts';
import type { BullQueue } from '../queues/queue-backend.ts';
import { deadlinesOwingTimers, markTimersCleared, markTimersScheduled, writeDeadlineBreach, writeDeadlineWarning, type OwedTimers } from '../store/followup-store.ts';
import type { Touched } from '../store/case-outbox-store.ts';
import { addTimer, type FollowupJob, type SlaJob } from './followup-jobs.ts';

export interface SlaTimerDeps {
  cases: CaseServiceDeps;
  queue: BullQueue<FollowupJob>;
  warnAt: readonly number[];
  /** Multiplies every delay (1 in production). */
  timeScale: number;
  now?: () => Date;
}

/** Every stage a deadline's timers may have had, for removal (whatever the warnings configured then). */
function stagesOf(warnAt: readonly number[]): string[] {
  return [...warnAt.map((f) => timerStage({ kind: 'warn', percent: Math.round(f * 100) })), 'breach'];
}

/** Removes a deadline's timers for one due time; a timer running right now is left to find the deadline changed. */
async function removeTimers(deps: SlaTimerDeps, deadlineId: string, dueAt: Date): Promise<void> {
  for (const stage of stagesOf(deps.warnAt)) {
    await deps.queue.remove(slaTimerJobId(deadlineId, stage, dueAt)).catch(() => 0);
  }
}

async function scheduleTimers(deps: SlaTimerDeps, deadline: OwedTimers, now: Date): Promise<void> {
  const timers = timersToSchedule(slaTimers(deadline, deps.cases.calendar(), deps.warnAt), now);
  for (const timer of timers) {
    const stage = timerStage(timer);
    // The id is the deadline's, the stage's and the due time's: a replay or a second process reconciling the same row adds nothing.
    const data = { deadlineId: deadline.id, stage, dueAt: deadline.dueAt.getTime() };
    await addTimer(deps.queue, { name: 'sla', jobId: slaTimerJobId(deadline.id, stage, deadline.dueAt), at: timer.at, data, timeScale: deps.timeScale, now });
  }
}

/**
 * Brings the timers of every owed deadline in line with it: a new or moved deadline gets its
 * warnings and breach (old ones removed), a finished one loses its timers. Each row is marked only
 * after its jobs are added, and only if it did not change meanwhile, so an interrupted run leaves it
 * owed for the next. Returns how many deadlines were handled.
 */
export async function reconcileSlaTimers(deps: SlaTimerDeps): Promise<number> {
  const owed = await deadlinesOwingTimers(deps.cases.prisma);
  for (const deadline of owed) {
    // Read per deadline: with hundreds owed at once, a time read before the loop would make the last ones late.
    const now = deps.now?.() ?? new Date();
    if (deadline.timersFor && deadline.timersFor.getTime() !== deadline.dueAt.getTime()) await removeTimers(deps, deadline.id, deadline.timersFor);
    if (deadline.running) {
      await scheduleTimers(deps, deadline, now);
      await markTimersScheduled(deps.cases.prisma, deadline.id, deadline.dueAt);
    } else if (deadline.timersFor) {
      await removeTimers(deps, deadline.id, deadline.timersFor);
      await markTimersCleared(deps.cases.prisma, deadline.id, deadline.timersFor);
    }
  }
  return owed.length;
}

/**
 * Runs one SLA timer: the warning or the escalation is written with its guard (still running, same
 * due time; once per key or once per breach), so a stale or repeated timer writes nothing.
 */
export async function runSlaTimer(deps: { cases: CaseServiceDeps }, jobId: string, job: SlaJob, at: Date): Promise<Touched | null> {
  const dueAt = new Date(job.dueAt);
  if (job.stage === 'breach') return writeDeadlineBreach(deps.cases.prisma, { deadlineId: job.deadlineId, dueAt, at, build: slaBreachNotice(deps.cases) });
  const percent = Number(job.stage.slice('warn'.length));
  return writeDeadlineWarning(deps.cases.prisma, { key: jobId, deadlineId: job.deadlineId, dueAt, build: slaWarningNotice(deps.cases, percent) });
}
