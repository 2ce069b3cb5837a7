import type { CaseSummary } from '../contracts/cases.ts';
import { isLowScore, resolvingEvent } from '../domain/satisfaction/survey.ts';
import { caseCardSelect, insertDrafts, type CaseCardRow, type CaseOutboxDraft, type Touched } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS, insertCaseInTransaction, type NewCase } from './case-store.ts';
import type { PrismaClient } from './prisma.ts';

/** One staff member's ratings so far (the rating just stored included). */
export interface StaffSatisfaction {
  staffId: string;
  count: number;
  average: number;
}

/** What a rating's messages are built from: the rated case as it is now, the follow-up it opened, the assignee's average. */
export interface RatingContext {
  row: CaseCardRow;
  score: number;
  followup: CaseSummary | null;
  staff: StaffSatisfaction | null;
}

export interface RatingWrite {
  merchantId: string;
  number: string;
  score: number;
  at: Date;
  /** The 3.3.3 follow-up a low score opens, planned from the rated case by the case layer. */
  followup(rated: CaseCardRow): NewCase;
  /** The messages the rating sends (refreshed card, the managers' alert), written in the same transaction. */
  outbox(context: RatingContext): CaseOutboxDraft[];
}

export type RatingResult =
  | { kind: 'not_rateable' }
  | { kind: 'already'; number: string; score: number }
  | { kind: 'rated'; number: string; score: number; followup: CaseSummary | null; touched: Touched };

/**
 * Stores a merchant's score for their own resolved case, once (SatisfactionRating.caseId is unique), with the
 * case's assignee at this moment as the rated staff member. A low score opens the follow-up case and alerts
 * the managers in the same transaction. Another merchant's case, or a case never resolved, is not rateable.
 */
export async function recordRating(prisma: PrismaClient, write: RatingWrite): Promise<RatingResult> {
  return prisma.$transaction(async (tx): Promise<RatingResult> => {
    const rated = await tx.case.findFirst({ where: { number: write.number, merchantId: write.merchantId }, select: { id: true, type: true, assigneeId: true, rating: { select: { score: true } } } });
    const resolving = rated === null ? null : resolvingEvent(rated.type);
    if (rated === null || resolving === null) return { kind: 'not_rateable' };
    if (rated.rating !== null) return { kind: 'already', number: write.number, score: rated.rating.score };
    const resolved = await tx.caseEvent.findFirst({ where: { caseId: rated.id, kind: resolving }, select: { id: true } });
    if (resolved === null) return { kind: 'not_rateable' };
    // ON CONFLICT: a press racing another (two devices) is told "already recorded" without aborting this transaction.
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO "SatisfactionRating" (id, "caseId", "staffId", score, "createdAt")
      VALUES (gen_random_uuid()::text, ${rated.id}, ${rated.assigneeId}, ${write.score}, ${write.at})
      ON CONFLICT ("caseId") DO NOTHING RETURNING id`;
    if (inserted.length === 0) {
      const stored = await tx.satisfactionRating.findUniqueOrThrow({ where: { caseId: rated.id }, select: { score: true } });
      return { kind: 'already', number: write.number, score: stored.score };
    }
    const row = await tx.case.findUniqueOrThrow({ where: { id: rated.id }, select: caseCardSelect });
    const opened = isLowScore(write.score) ? await insertCaseInTransaction(tx, write.followup(row)) : null;
    await tx.caseEvent.create({
      data: {
        caseId: rated.id,
        at: write.at,
        actorKind: 'merchant',
        actorId: write.merchantId,
        kind: 'satisfaction_rated',
        data: { score: write.score, staffId: rated.assigneeId, ...(opened ? { followupCase: opened.summary.number } : {}) },
      },
    });
    let staff: StaffSatisfaction | null = null;
    if (rated.assigneeId !== null) {
      const stats = await tx.satisfactionRating.aggregate({ where: { staffId: rated.assigneeId }, _avg: { score: true }, _count: { _all: true } });
      staff = { staffId: rated.assigneeId, count: stats._count._all, average: stats._avg.score ?? write.score };
    }
    const touched = await insertDrafts(tx, write.outbox({ row, score: write.score, followup: opened?.summary ?? null, staff }), row.chatId, rated.id);
    return { kind: 'rated', number: write.number, score: write.score, followup: opened?.summary ?? null, touched: [...(opened?.touched ?? []), ...touched] };
  }, CASE_TX_OPTIONS);
}

/**
 * Stores the merchant's comment on their rating, once (a redelivered message finds it stored), with the
 * messages it sends. Null when the case has no rating of this merchant's, or already has a comment.
 */
export async function recordRatingComment(
  prisma: PrismaClient,
  input: { merchantId: string; number: string; comment: string; at: Date; outbox(context: { row: CaseCardRow; score: number }): CaseOutboxDraft[] },
): Promise<{ touched: Touched } | null> {
  return prisma.$transaction(async (tx) => {
    const rated = await tx.case.findFirst({ where: { number: input.number, merchantId: input.merchantId }, select: { id: true } });
    if (rated === null) return null;
    const updated = await tx.satisfactionRating.updateMany({ where: { caseId: rated.id, comment: null }, data: { comment: input.comment } });
    if (updated.count !== 1) return null;
    await tx.caseEvent.create({ data: { caseId: rated.id, at: input.at, actorKind: 'merchant', actorId: input.merchantId, kind: 'satisfaction_comment', data: { length: input.comment.length } } });
    const row = await tx.case.findUniqueOrThrow({ where: { id: rated.id }, select: caseCardSelect });
    return { touched: await insertDrafts(tx, input.outbox({ row, score: row.rating?.score ?? 0 }), row.chatId, rated.id) };
  }, CASE_TX_OPTIONS);
}
