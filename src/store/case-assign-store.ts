import type { ActorKind } from '../domain/cases/actors.ts';
import { writeCaseOutbox, type CaseOutboxBuilder } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS, findCaseSummaryById, type OpenedCase } from './case-store.ts';
import type { Prisma, PrismaClient } from './prisma.ts';

/** Any merchant's case by number: for staff, who act on every case (never shown to a merchant). */
export async function findCaseIdByNumber(prisma: PrismaClient, number: string): Promise<{ id: string; type: string; chatId: string } | null> {
  return prisma.case.findUnique({ where: { number }, select: { id: true, type: true, chatId: true } });
}

/**
 * Records a desk act that is not a state change, with its messages, in one transaction: a claim
 * (the case gets its assignee, only if it had none), a reassignment (`reassign`: the actor takes
 * over an open case someone else holds, e.g. from an SLA reminder) or, with `onlyRecord`, an event
 * such as a staff message relayed to the merchant. Null when the claim or takeover lost.
 */
export async function assignCase(
  prisma: PrismaClient,
  input: { caseId: string; staffId: string; actorKind: ActorKind; at: Date; outbox: CaseOutboxBuilder; reassign?: boolean; onlyRecord?: { kind: string; data: Prisma.InputJsonObject } },
): Promise<OpenedCase | null> {
  return prisma.$transaction(async (tx) => {
    let from: string | null = null;
    if (input.reassign) {
      const current = await tx.case.findFirst({ where: { id: input.caseId, closedAt: null }, select: { assigneeId: true } });
      if (!current || current.assigneeId === input.staffId) return null;
      from = current.assigneeId;
      const taken = await tx.case.updateMany({ where: { id: input.caseId, assigneeId: from, closedAt: null }, data: { assigneeId: input.staffId } });
      if (taken.count !== 1) return null;
    } else if (!input.onlyRecord) {
      const taken = await tx.case.updateMany({ where: { id: input.caseId, assigneeId: null, closedAt: null }, data: { assigneeId: input.staffId } });
      if (taken.count !== 1) return null;
    }
    const kind = input.onlyRecord?.kind ?? (input.reassign ? 'reassign' : 'claim');
    const data = input.onlyRecord?.data ?? (input.reassign ? { assigneeId: input.staffId, from } : { assigneeId: input.staffId });
    await tx.caseEvent.create({ data: { caseId: input.caseId, at: input.at, actorKind: input.actorKind, actorId: input.staffId, kind, data } });
    const touched = await writeCaseOutbox(tx, input.caseId, input.outbox);
    const summary = await findCaseSummaryById(tx, input.caseId);
    return summary === null ? null : { summary, touched };
  }, CASE_TX_OPTIONS);
}
