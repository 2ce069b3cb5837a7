import { randomUUID } from 'node:crypto';
import type { Platform } from '../contracts/channel.ts';
import type { Button } from '../contracts/conversation.ts';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { OutboundPayload } from './outbox-store.ts';
import type { Prisma } from './prisma.ts';

/** The columns a staff card and a merchant notice are built from. */
export const caseCardSelect = {
  id: true,
  number: true,
  type: true,
  status: true,
  lang: true,
  chatId: true,
  assigneeId: true,
  orderNumber: true,
  itemName: true,
  quantity: true,
  problemCategory: true,
  description: true,
  wishedRemedy: true,
  remedy: true,
  receivedOn: true,
  outsideWindow: true,
  reason: true,
  rejectReason: true,
  returnAddress: true,
  trackingNumber: true,
  openedAt: true,
  assignee: { select: { name: true } },
  merchant: { select: { displayName: true } },
  complaint: { select: { accusedName: true, description: true } },
  rating: { select: { score: true, comment: true } },
  deadlines: { where: { metAt: null, cancelledAt: null }, select: { step: true, clause: true, dueAt: true, calendarLabel: true, breachedAt: true }, orderBy: { dueAt: 'asc' } },
  attachments: { select: { externalRef: true, fileName: true, platform: true, mimeType: true, sizeBytes: true }, orderBy: { createdAt: 'asc' }, take: 9 },
} as const satisfies Prisma.CaseSelect;

export type CaseCardRow = Prisma.CaseGetPayload<{ select: typeof caseCardSelect }>;

/** One message a case change sends: to the case's merchant chat, or to every staff or manager chat. */
export interface CaseOutboxDraft {
  to: 'merchant' | 'staff' | 'manager';
  render(lang: Lang): { text: string; buttons?: Button[]; payload?: OutboundPayload };
}

/** Builds a case change's messages from the case as it is after the change. */
export type CaseOutboxBuilder = (row: CaseCardRow) => CaseOutboxDraft[];

/**
 * Writes a case change's messages inside the change's own transaction, so the change and what it
 * tells people commit together (DESIGN §4: everything sent is an outbox row first). Returns the chats written to.
 */
export async function writeCaseOutbox(tx: Prisma.TransactionClient, caseId: string, build: CaseOutboxBuilder): Promise<Touched> {
  const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: caseCardSelect });
  return insertDrafts(tx, build(row), row.chatId, caseId);
}

/** Chats that got rows, so delivery can start at once. */
export type Touched = Array<{ chatId: string; platform: Platform }>;

/** A chat an outbox row may go to, as `renderDrafts` needs it. */
export interface DraftTarget {
  id: string;
  kind?: string;
  lang: string;
  platform: Platform;
}

/**
 * Renders drafts for the merchant chat and every staff or manager desk (`desks`, oldest first),
 * each in its chat's language, as outbox rows. Console rows count as delivered at once: the
 * console reads them from the database. Nothing is written.
 */
export function renderDrafts(drafts: CaseOutboxDraft[], merchantChat: DraftTarget, desks: DraftTarget[], caseId: string | null, now: Date): { rows: Prisma.OutboundMessageCreateManyInput[]; touched: Touched } {
  const rows: Prisma.OutboundMessageCreateManyInput[] = [];
  const touched = new Map<string, Platform>();
  for (const draft of drafts) {
    const targets = draft.to === 'merchant' ? [merchantChat] : desks.filter((d) => d.kind === draft.to);
    for (const chat of targets) {
      rows.push(outboundRow(chat, draft.render(parseLangTag(chat.lang) ?? 'zh-CN'), caseId, rows.length, now));
      touched.set(chat.id, chat.platform);
    }
  }
  return { rows, touched: [...touched].map(([chatId, platform]) => ({ chatId, platform })) };
}

/** One outbox row for `chat`. Console rows count as delivered at once: the console reads them from the database. */
export function outboundRow(chat: DraftTarget, rendered: ReturnType<CaseOutboxDraft['render']>, caseId: string | null, seq: number, now: Date): Prisma.OutboundMessageCreateManyInput {
  const console = chat.platform === 'console';
  const id = randomUUID();
  return {
    id,
    chatId: chat.id,
    caseId,
    seq,
    text: rendered.text,
    ...(rendered.buttons?.length ? { buttons: rendered.buttons as unknown as Prisma.InputJsonArray } : {}),
    payload: (rendered.payload ?? {}) as Prisma.InputJsonObject,
    status: console ? 'delivered' : 'pending',
    // The console's message id is the row's own: a staff reply under a card names it.
    ...(console ? { deliveredAt: now, platformMessageId: id } : {}),
    createdAt: now,
  };
}

/** Inserts drafts for the merchant chat and every staff or manager desk, inside the caller's transaction. */
export async function insertDrafts(tx: Prisma.TransactionClient, drafts: CaseOutboxDraft[], merchantChatId: string, caseId: string | null): Promise<Touched> {
  if (drafts.length === 0) return [];
  const kinds = [...new Set(drafts.map((d) => d.to).filter((to) => to !== 'merchant'))] as Array<'staff' | 'manager'>;
  const desks = kinds.length === 0 ? [] : await tx.chat.findMany({ where: { kind: { in: kinds } }, select: { id: true, kind: true, lang: true, platform: true }, orderBy: { createdAt: 'asc' } });
  const merchantChat = await tx.chat.findUniqueOrThrow({ where: { id: merchantChatId }, select: { id: true, lang: true, platform: true } });
  const { rows, touched } = renderDrafts(drafts, merchantChat, desks, caseId, new Date());
  if (rows.length > 0) await tx.outboundMessage.createMany({ data: rows });
  return touched;
}
