import { writeCaseOutbox, type CaseCardRow, type CaseOutboxDraft, type Touched } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS } from './case-store.ts';
import type { Prisma, PrismaClient } from './prisma.ts';

/** A deadline whose timers are owed: to schedule (running, due time not yet scheduled) or to remove (finished). */
export interface OwedTimers {
  id: string;
  caseId: string;
  startedAt: Date;
  dueAt: Date;
  /** The due time timers were last scheduled for (their job ids carry it), or null. */
  timersFor: Date | null;
  running: boolean;
}

/** The deadline a timer fires for, as its notice shows it. */
export interface TimedDeadline {
  id: string;
  step: string;
  clause: string;
  startedAt: Date;
  dueAt: Date;
}

/**
 * Claims a once-only write inside the caller's transaction: inserts its FollowupNotice key and says
 * whether this call was the first. A timer that fires twice, a retried request, a second process:
 * only the first writes its messages.
 */
export async function claimNotice(tx: Prisma.TransactionClient, notice: { key: string; kind: string; caseId?: string | null; chatId?: string | null }): Promise<boolean> {
  const inserted = await tx.followupNotice.createMany({ data: [notice], skipDuplicates: true });
  return inserted.count === 1;
}

const RUNNING = `"metAt" IS NULL AND "cancelledAt" IS NULL AND "breachedAt" IS NULL`;

/**
 * Deadlines whose timers differ from what they should be, earliest due first: running ones never
 * scheduled for their current due time (new, or moved by a calendar import), and finished ones
 * (met or cancelled) whose timers are still there. The rows are their own outbox: they were written
 * with the deadline change, so a crash between the commit and the scheduling loses nothing.
 */
export async function deadlinesOwingTimers(prisma: PrismaClient, limit = 500): Promise<OwedTimers[]> {
  return prisma.$queryRawUnsafe<OwedTimers[]>(
    `SELECT id, "caseId", "startedAt", "dueAt", "timersFor", (${RUNNING}) AS running
       FROM "CaseDeadline"
      WHERE (${RUNNING} AND "timersFor" IS DISTINCT FROM "dueAt")
         OR (("metAt" IS NOT NULL OR "cancelledAt" IS NOT NULL) AND "timersFor" IS NOT NULL)
      ORDER BY "dueAt" ASC, id ASC
      LIMIT $1`,
    limit,
  );
}

/** Records that timers for `dueAt` are scheduled; false when the deadline moved or finished meanwhile (it stays owed). */
export async function markTimersScheduled(prisma: PrismaClient, deadlineId: string, dueAt: Date): Promise<boolean> {
  const updated = await prisma.caseDeadline.updateMany({ where: { id: deadlineId, dueAt, metAt: null, cancelledAt: null, breachedAt: null }, data: { timersFor: dueAt } });
  return updated.count === 1;
}

/** Marks every running deadline's timers owed again (the queue's datastore lost its jobs); scheduling again is idempotent by job id. */
export async function rearmRunningTimers(prisma: PrismaClient): Promise<number> {
  const updated = await prisma.caseDeadline.updateMany({ where: { metAt: null, cancelledAt: null, breachedAt: null, timersFor: { not: null } }, data: { timersFor: null } });
  return updated.count;
}

/** Records that a finished deadline's timers (for `timersFor`) are removed. */
export async function markTimersCleared(prisma: PrismaClient, deadlineId: string, timersFor: Date): Promise<boolean> {
  const updated = await prisma.caseDeadline.updateMany({ where: { id: deadlineId, timersFor, OR: [{ metAt: { not: null } }, { cancelledAt: { not: null } }] }, data: { timersFor: null } });
  return updated.count === 1;
}

const timedSelect = { id: true, step: true, clause: true, startedAt: true, dueAt: true, caseId: true } as const;

/** Builds a timer's messages from the case and the deadline as they are when it fires. */
export type TimerNoticeBuilder = (row: CaseCardRow, deadline: TimedDeadline) => CaseOutboxDraft[];

/**
 * A warning before a deadline, written once: the notice key (the timer's job id) is inserted in the
 * same transaction as the messages, and nothing is written when the deadline no longer runs with
 * this due time (met, cancelled, moved) or the key is already there (a second worker, a retry).
 */
export async function writeDeadlineWarning(prisma: PrismaClient, input: { key: string; deadlineId: string; dueAt: Date; build: TimerNoticeBuilder }): Promise<Touched | null> {
  return prisma.$transaction(async (tx) => {
    const deadline = await tx.caseDeadline.findFirst({ where: { id: input.deadlineId, dueAt: input.dueAt, metAt: null, cancelledAt: null, breachedAt: null }, select: timedSelect });
    if (!deadline) return null;
    if (!(await claimNotice(tx, { key: input.key, caseId: deadline.caseId, kind: 'sla_warning' }))) return null;
    return writeCaseOutbox(tx, deadline.caseId, (row) => input.build(row, deadline));
  }, CASE_TX_OPTIONS);
}

/**
 * The breach of a deadline, recorded once: `breachedAt` is set by a conditional update (still running,
 * same due time, not yet breached), so of two workers firing it only one writes the event and the
 * escalation. Null when it lost, or the deadline was met, cancelled or moved.
 */
export async function writeDeadlineBreach(prisma: PrismaClient, input: { deadlineId: string; dueAt: Date; at: Date; build: TimerNoticeBuilder }): Promise<Touched | null> {
  return prisma.$transaction(async (tx) => {
    const breached = await tx.caseDeadline.updateMany({ where: { id: input.deadlineId, dueAt: input.dueAt, metAt: null, cancelledAt: null, breachedAt: null }, data: { breachedAt: input.at } });
    if (breached.count !== 1) return null;
    const deadline = await tx.caseDeadline.findUniqueOrThrow({ where: { id: input.deadlineId }, select: timedSelect });
    await tx.caseEvent.create({
      data: { caseId: deadline.caseId, at: input.at, actorKind: 'system', kind: 'deadline_breached', data: { step: deadline.step, clause: deadline.clause, dueAt: deadline.dueAt.toISOString() } },
    });
    return writeCaseOutbox(tx, deadline.caseId, (row) => input.build(row, deadline));
  }, CASE_TX_OPTIONS);
}
