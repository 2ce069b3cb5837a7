import { z } from 'zod';
import type { BullQueue } from '../queues/queue-backend.ts';
import { shortDatabaseId } from '../queues/queue-names.ts';

/**
 * Follow-up jobs: payloads carry ids and times only, never message text or personal data. The
 * queue's name carries the database's instance id, like the inbound queue's, so two databases
 * sharing one Redis and QUEUE_PREFIX never run each other's follow-ups.
 */
export function followupQueueName(databaseId: string): string {
  return `followups-${shortDatabaseId(databaseId)}`;
}

const epochMs = z.number().int().nonnegative();

/** An SLA timer: a warning (`warn50`) or the breach of one deadline, for the due time it was scheduled for. */
export const slaJobSchema = z.object({
  deadlineId: z.string().min(1).max(64),
  stage: z.string().regex(/^(warn\d{1,2}|breach)$/),
  dueAt: epochMs,
  /** When the job was meant to run (after the time scale), for the lateness metric. */
  fireAt: epochMs,
});
export type SlaJob = z.infer<typeof slaJobSchema>;

/** A reminder to a merchant: an unfinished draft, goods not shipped back, a staff question unanswered. */
export const merchantJobSchema = z.object({
  kind: z.enum(['draft', 'ship', 'question']),
  /** The chat (draft, question) or case (ship) it is about. */
  subject: z.string().min(1).max(64),
  /** What must still be true for the reminder to go: the draft's state version, the reminder's ordinal, the question's outbox id. */
  mark: z.string().min(1).max(64),
  fireAt: epochMs,
});
export type MerchantJob = z.infer<typeof merchantJobSchema>;

/** A handoff timer (3.3.3): the staff reminder or the manager escalation of one request for a person. */
export const handoffJobSchema = z.object({
  chatId: z.string().min(1).max(64),
  /** The request's time (`Chat.handoffSince`): a later request is another handoff. */
  since: epochMs,
  stage: z.enum(['warn', 'escalate']),
  fireAt: epochMs,
});
export type HandoffJob = z.infer<typeof handoffJobSchema>;

/** The job scheduler's run of the manager reports: no payload (which reports are due is decided when it runs). */
export type ReportJob = Record<string, never>;

export type FollowupJob = SlaJob | MerchantJob | HandoffJob | ReportJob;

/** Retention: finished timers are kept a while (their ids keep a replay from scheduling again), failures longer. */
export const FOLLOWUP_RETENTION = { removeOnComplete: { age: 14 * 24 * 3600, count: 200_000 }, removeOnFail: { age: 30 * 24 * 3600 } } as const;

/** Retries of a follow-up that failed (the database was down): they are idempotent, so retrying is safe. */
export const FOLLOWUP_ATTEMPTS = { attempts: 8, backoff: { type: 'exponential', delay: 2_000 } } as const;

type TimerJobName = 'sla' | 'merchant' | 'handoff';

/**
 * Adds a follow-up timer meant for `at`: its delay is taken now (so a long sweep does not make its
 * last timers late) and multiplied by FOLLOWUP_TIME_SCALE, and `fireAt`, the time it is meant to run,
 * goes into the payload for the lateness metric. The job id is deterministic: adding it again while
 * it waits, or after it ran (BullMQ keeps finished ids for the retention), is a no-op.
 */
export async function addTimer(
  queue: BullQueue<FollowupJob>,
  input: { name: TimerJobName; jobId: string; at: Date; data: DistributiveOmit<SlaJob | MerchantJob | HandoffJob, 'fireAt'>; timeScale: number; now?: Date },
): Promise<void> {
  const now = (input.now ?? new Date()).getTime();
  const delay = Math.max(0, Math.round((input.at.getTime() - now) * input.timeScale));
  await queue.add(input.name, { ...input.data, fireAt: now + delay } as FollowupJob, { jobId: input.jobId, delay, ...FOLLOWUP_RETENTION, ...FOLLOWUP_ATTEMPTS });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
