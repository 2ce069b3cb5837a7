import type { AttachmentRef } from '../contracts/cases.ts';
import { writeCaseOutbox, type CaseOutboxBuilder, type Touched } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS, findCaseSummaryById } from './case-store.ts';
import type { PrismaClient } from './prisma.ts';

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;

/** How recording a merchant's case message ended. */
export type RecordedCaseMessage =
  | { kind: 'posted'; summary: NonNullable<Awaited<ReturnType<typeof findCaseSummaryById>>>; touched: Touched }
  | { kind: 'not_found' }
  | { kind: 'closed' };

/**
 * Records a merchant's message about their case in one transaction: the photos as attachments of
 * the case, a `merchant_message` event (its length and photo count, never the text), and the
 * messages `outbox` builds (the post in the case's staff thread). The case must be the merchant's
 * own (another merchant's number reads as not found) and still open.
 */
export async function recordMerchantCaseMessage(
  prisma: PrismaClient,
  input: { merchantId: string; number: string; at: Date; text: string; attachments: readonly AttachmentRef[]; outbox: CaseOutboxBuilder },
): Promise<RecordedCaseMessage> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.case.findFirst({ where: { number: input.number, merchantId: input.merchantId }, select: { id: true, closedAt: true, chat: { select: { platform: true } } } });
    if (found === null) return { kind: 'not_found' as const };
    if (found.closedAt !== null) return { kind: 'closed' as const };
    if (input.attachments.length > 0) {
      await tx.attachment.createMany({
        data: input.attachments.map((a) => ({
          caseId: found.id,
          platform: found.chat.platform,
          externalRef: a.ref,
          sha256: UPLOAD_REF.exec(a.ref)?.[1] ?? null,
          fileName: a.fileName ?? null,
          mimeType: a.mimeType,
          sizeBytes: a.sizeBytes,
          createdAt: input.at,
        })),
      });
    }
    await tx.caseEvent.create({
      data: { caseId: found.id, at: input.at, actorKind: 'merchant', actorId: input.merchantId, kind: 'merchant_message', data: { length: input.text.length, photos: input.attachments.length } },
    });
    const touched = await writeCaseOutbox(tx, found.id, input.outbox);
    const summary = await findCaseSummaryById(tx, found.id);
    if (summary === null) throw new Error(`case ${found.id} vanished inside its own transaction`);
    return { kind: 'posted' as const, summary, touched };
  }, CASE_TX_OPTIONS);
}
