import type { CaseServiceDeps } from '../cases/case-deps.ts';
import { handoffTimerNotice } from '../cases/handoff.ts';
import type { FollowupConfig } from '../config.ts';
import { handoffJobId, handoffStage, handoffTimers } from '../domain/sla/handoff-timers.ts';
import { timersToSchedule } from '../domain/sla/sla-timers.ts';
import type { BullQueue } from '../queues/queue-backend.ts';
import type { Touched } from '../store/case-outbox-store.ts';
import { chatForHandoffReminder, untakenHandoffs, writeMerchantReminder } from '../store/merchant-reminder-store.ts';
import { addTimer, handoffJobSchema, type FollowupJob } from './followup-jobs.ts';

export interface HandoffTimerDeps {
  cases: CaseServiceDeps;
  queue: BullQueue<FollowupJob>;
  config: Pick<FollowupConfig, 'timeScale' | 'handoff'>;
  now?: () => Date;
}

/**
 * Schedules the timers of every handoff nobody has taken over (3.3.3): the staff reminder after
 * HANDOFF_WARN_MINUTES and the manager escalation after HANDOFF_ESCALATE_MINUTES of business time.
 * Job ids are the chat's, the request's time and the stage's, so the sweep adding them again is a
 * no-op; a timer already run is not added again while BullMQ keeps its id. Returns how many were added.
 */
export async function reconcileHandoffTimers(deps: HandoffTimerDeps): Promise<number> {
  let scheduled = 0;
  for (const handoff of await untakenHandoffs(deps.cases.prisma)) {
    const now = deps.now?.() ?? new Date();
    for (const timer of timersToSchedule(handoffTimers(handoff.since, deps.cases.calendar(), deps.config.handoff), now)) {
      const stage = handoffStage(timer);
      const data = { chatId: handoff.chatId, since: handoff.since.getTime(), stage };
      await addTimer(deps.queue, { name: 'handoff', jobId: handoffJobId(handoff.chatId, handoff.since, stage), at: timer.at, data, timeScale: deps.config.timeScale, now });
      scheduled += 1;
    }
  }
  return scheduled;
}

/**
 * Runs one handoff timer: written once per job id, and only while the same request is still open
 * and untaken, so a chat taken over (or handed back) in between gets nothing.
 */
export async function runHandoffTimer(deps: { cases: CaseServiceDeps; config: Pick<FollowupConfig, 'handoff'> }, jobId: string, raw: unknown): Promise<Touched | null> {
  const parsed = handoffJobSchema.safeParse(raw);
  if (!parsed.success) return null;
  const job = parsed.data;
  const since = new Date(job.since);
  // Read before the transaction: inside it every statement must go through the transaction's own connection.
  const chat = await chatForHandoffReminder(deps.cases.prisma, job.chatId);
  if (!chat) return null;
  const minutes = job.stage === 'warn' ? deps.config.handoff.warnMinutes : deps.config.handoff.escalateMinutes;
  return writeMerchantReminder(deps.cases.prisma, {
    key: jobId,
    kind: job.stage === 'warn' ? 'handoff_warning' : 'handoff_escalation',
    condition: { kind: 'handoff', chatId: job.chatId, since },
    build: () => handoffTimerNotice({ chatId: job.chatId, who: chat.who, since, stage: job.stage, minutes, timeZone: deps.cases.timeZone }),
  });
}
