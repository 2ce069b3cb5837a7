import type { CaseSummary } from '../contracts/cases.ts';
import type { ActorKind } from '../domain/cases/actors.ts';
import type { DeadlinePlan } from '../domain/sla/index.ts';
import { caseCalendarLabel } from '../domain/sla/index.ts';
import type { Platform } from '../contracts/channel.ts';
import { asCalendarLabel } from './case-summary-row.ts';
import { writeCaseOutbox, type CaseOutboxBuilder } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS, findCaseSummaryById } from './case-store.ts';
import type { Prisma, PrismaClient } from './prisma.ts';

/** A case's type and status, as a transition starts from. */
export interface StoredCaseState {
  id: string;
  type: string;
  status: string;
}

/** One accepted transition, ready to write. */
export interface CaseTransitionWrite {
  caseId: string;
  /** The status the transition was computed from: the write is refused if the case moved meanwhile. */
  fromStatus: string;
  toStatus: string;
  at: Date;
  /** Set when `toStatus` ends the case: also cancels every deadline still running. */
  terminal: boolean;
  /** Case columns the transition sets (e.g. rejectReason, returnAddress). */
  columns: Prisma.CaseUpdateManyMutationInput;
  deadlines: DeadlinePlan;
  event: { kind: string; actorKind: ActorKind; actorId: string | null; reason: string | null; data: Prisma.InputJsonObject };
  /** The messages the change sends (merchant notice, updated staff cards), written in the same transaction. */
  outbox?: CaseOutboxBuilder;
}

/** A committed transition: the case as the merchant sees it, and the chats that got messages. */
export interface CommittedTransition {
  summary: CaseSummary;
  touched: Array<{ chatId: string; platform: Platform }>;
}

/** The case's type and status, or null when there is no such case. */
export async function loadCaseState(prisma: PrismaClient, caseId: string): Promise<StoredCaseState | null> {
  return prisma.case.findUnique({ where: { id: caseId }, select: { id: true, type: true, status: true } });
}

/**
 * Writes a transition in one transaction: status (only if still `fromStatus`), deadlines, one CaseEvent.
 * Returns null, having written nothing, when the case's status changed since it was read.
 */
export async function commitTransition(prisma: PrismaClient, write: CaseTransitionWrite): Promise<CommittedTransition | null> {
  return prisma.$transaction(async (tx) => {
    const moved = await tx.case.updateMany({
      where: { id: write.caseId, status: write.fromStatus },
      data: { ...write.columns, status: write.toStatus, ...(write.terminal ? { closedAt: write.at } : {}) },
    });
    if (moved.count !== 1) return null;
    const running = { caseId: write.caseId, metAt: null, cancelledAt: null };
    if (write.deadlines.complete.length > 0) {
      await tx.caseDeadline.updateMany({ where: { ...running, step: { in: [...write.deadlines.complete] } }, data: { metAt: write.at } });
    }
    const cancelled = write.terminal ? running : { ...running, step: { in: [...write.deadlines.cancel] } };
    if (write.terminal || write.deadlines.cancel.length > 0) {
      await tx.caseDeadline.updateMany({ where: cancelled, data: { cancelledAt: write.at } });
    }
    for (const d of write.deadlines.start) {
      const clock = { clause: d.clause, startedAt: d.startedAt, dueAt: d.dueAt, calendarLabel: d.calendar };
      await tx.caseDeadline.upsert({
        where: { caseId_step: { caseId: write.caseId, step: d.step } },
        create: { caseId: write.caseId, step: d.step, ...clock },
        // A step started again is a new clock: the old outcome no longer applies.
        update: { ...clock, metAt: null, cancelledAt: null, breachedAt: null },
      });
    }
    await tx.caseEvent.create({
      data: {
        caseId: write.caseId,
        at: write.at,
        actorKind: write.event.actorKind,
        actorId: write.event.actorId,
        kind: write.event.kind,
        fromStatus: write.fromStatus,
        toStatus: write.toStatus,
        reason: write.event.reason,
        data: write.event.data,
      },
    });
    await refreshCaseCalendarLabel(tx, write.caseId);
    const touched = write.outbox ? await writeCaseOutbox(tx, write.caseId, write.outbox) : [];
    const summary = await findCaseSummaryById(tx, write.caseId);
    return summary === null ? null : { summary, touched };
  }, CASE_TX_OPTIONS);
}

/** Sets the case's calendar label from its running deadlines (inside the caller's transaction); with none running it stays. */
export async function refreshCaseCalendarLabel(tx: Prisma.TransactionClient, caseId: string): Promise<void> {
  const running = await tx.caseDeadline.findMany({ where: { caseId, metAt: null, cancelledAt: null }, select: { step: true, dueAt: true, metAt: true, cancelledAt: true, calendarLabel: true } });
  if (running.length === 0) return;
  const label = caseCalendarLabel(running.map((d) => ({ ...d, calendar: asCalendarLabel(d.calendarLabel) })));
  await tx.case.updateMany({ where: { id: caseId, NOT: { calendarLabel: label } }, data: { calendarLabel: label } });
}
