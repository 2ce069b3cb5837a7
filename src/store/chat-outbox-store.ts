import { insertDrafts, type CaseOutboxDraft, type Touched } from './case-outbox-store.ts';
import { claimNotice } from './followup-store.ts';
import type { PrismaClient } from './prisma.ts';

/** What a handoff card is built from: who the merchant is and what they wrote last. */
export interface HandoffChatView {
  externalChatId: string;
  merchantName: string | null;
  recent: string[];
}

const RECENT = 5;
const RECENT_CHARS = 200;

/** A write done at most once: its FollowupNotice key (and kind) is inserted with the messages. */
export interface OnceKey {
  key: string;
  kind: string;
}

/**
 * Writes messages about a merchant chat (not about one case) with, optionally, a change of its
 * handoff mark, in one transaction. `skipped` when the mark was already as asked, or when `once`
 * names a key already written (a FollowupNotice row, inserted in the same transaction): a repeated
 * request writes nothing twice.
 */
export async function writeChatOutbox(
  prisma: PrismaClient,
  input: { merchantChatId: string; at: Date; markHandoff?: 'request' | 'clear' | { staffId: string }; once?: OnceKey; build: (chat: HandoffChatView) => CaseOutboxDraft[] },
): Promise<{ touched: Touched; skipped: boolean }> {
  return prisma.$transaction(async (tx) => {
    const chat = await tx.chat.findUniqueOrThrow({
      where: { id: input.merchantChatId },
      select: { externalChatId: true, handoffSince: true, handoffStaffId: true, merchant: { select: { displayName: true } } },
    });
    const mark = input.markHandoff;
    if (mark === 'request' && chat.handoffSince !== null) return { touched: [], skipped: true };
    if (mark === 'clear' && chat.handoffSince === null) return { touched: [], skipped: true };
    if (typeof mark === 'object' && chat.handoffStaffId === mark.staffId) return { touched: [], skipped: true };
    if (input.once && !(await claimNotice(tx, { ...input.once, chatId: input.merchantChatId }))) return { touched: [], skipped: true };
    if (mark !== undefined) {
      const data = mark === 'clear' ? { handoffSince: null, handoffStaffId: null } : mark === 'request' ? { handoffSince: input.at } : { handoffSince: chat.handoffSince ?? input.at, handoffStaffId: mark.staffId };
      await tx.chat.update({ where: { id: input.merchantChatId }, data });
    }
    const recent = await tx.inboundEvent.findMany({ where: { chatId: input.merchantChatId, kind: 'message', text: { not: null } }, orderBy: { id: 'desc' }, take: RECENT, select: { text: true } });
    const view: HandoffChatView = {
      externalChatId: chat.externalChatId,
      merchantName: chat.merchant?.displayName ?? null,
      recent: recent.reverse().map((r) => (r.text ?? '').slice(0, RECENT_CHARS)),
    };
    return { touched: await insertDrafts(tx, input.build(view), input.merchantChatId, null), skipped: false };
  });
}
