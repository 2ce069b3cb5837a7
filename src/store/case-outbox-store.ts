import { randomUUID } from 'node:crypto';
import type { Platform } from '../contracts/channel.ts';
import type { Button } from '../contracts/conversation.ts';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { OutboundPayload } from './outbox-store.ts';
import type { Prisma } from './prisma.ts';
import { staffDmChats, type DirectMessagePlatform } from './staff-dm-store.ts';

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

type Rendered = { text: string; buttons?: Button[]; payload?: OutboundPayload };

/**
 * One message a case change sends: to the case's merchant chat, to every staff or manager desk, or
 * to a staff member's DMs (`assignee`): resolved in the change's transaction to their DM chats on
 * the platforms in `via`; with none (no identity there, a Telegram DM never opened) it goes to the
 * `orElse` desks instead, and with `alsoDesk` it goes to them as well.
 */
export type CaseOutboxDraft =
  | { to: 'merchant' | 'staff' | 'manager'; render(lang: Lang): Rendered }
  | { to: 'assignee'; staffId: string; via: readonly DirectMessagePlatform[]; orElse: 'staff' | 'manager'; alsoDesk: boolean; render(lang: Lang): Rendered };

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

/** The chats a draft goes to: the merchant's, the desks of its kind, or the staff member's DMs (`dms`, by staff id) with the desk fallback. */
function targetsOf(draft: CaseOutboxDraft, merchantChat: DraftTarget, desks: DraftTarget[], dms: ReadonlyMap<string, DraftTarget[]>): DraftTarget[] {
  if (draft.to === 'merchant') return [merchantChat];
  if (draft.to !== 'assignee') return desks.filter((d) => d.kind === draft.to);
  const direct = dms.get(draft.staffId) ?? [];
  const deskCopies = desks.filter((d) => d.kind === draft.orElse);
  if (direct.length === 0) return deskCopies;
  return draft.alsoDesk ? [...direct, ...deskCopies] : direct;
}

/**
 * A message as a DM shows it: never an edit of an earlier card there (each warning is a new message,
 * which notifies; Slack could not edit by the user id the DM is addressed by) nor a thread reply.
 */
function asDirectMessage(rendered: Rendered): Rendered {
  if (!rendered.payload) return rendered;
  const { cardOf: _cardOf, threadOf: _threadOf, ...payload } = rendered.payload;
  return { ...rendered, payload };
}

/**
 * Renders drafts for the merchant chat, every staff or manager desk (`desks`, oldest first) and
 * staff DMs (`dms`, by staff id, resolved by `insertDrafts`), each in its chat's language, as
 * outbox rows. Console rows count as delivered at once: the console reads them from the database.
 * Nothing is written.
 */
export function renderDrafts(
  drafts: CaseOutboxDraft[],
  merchantChat: DraftTarget,
  desks: DraftTarget[],
  caseId: string | null,
  now: Date,
  dms: ReadonlyMap<string, DraftTarget[]> = new Map(),
): { rows: Prisma.OutboundMessageCreateManyInput[]; touched: Touched } {
  const rows: Prisma.OutboundMessageCreateManyInput[] = [];
  const touched = new Map<string, Platform>();
  for (const draft of drafts) {
    for (const chat of targetsOf(draft, merchantChat, desks, dms)) {
      const rendered = draft.render(parseLangTag(chat.lang) ?? 'zh-CN');
      rows.push(outboundRow(chat, chat.kind === 'staff_dm' ? asDirectMessage(rendered) : rendered, caseId, rows.length, now));
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

/** The desk kinds drafts may go to (an assignee draft's fallback included). */
function deskKinds(drafts: CaseOutboxDraft[]): Array<'staff' | 'manager'> {
  return [...new Set(drafts.flatMap((d) => (d.to === 'merchant' ? [] : d.to === 'assignee' ? [d.orElse] : [d.to])))];
}

/**
 * Inserts drafts for the merchant chat, every staff or manager desk and assignees' DMs, inside the
 * caller's transaction. Desks are only chats of kind staff or manager: a DM never gets the cards.
 */
export async function insertDrafts(tx: Prisma.TransactionClient, drafts: CaseOutboxDraft[], merchantChatId: string, caseId: string | null): Promise<Touched> {
  if (drafts.length === 0) return [];
  const kinds = deskKinds(drafts);
  const desks = kinds.length === 0 ? [] : await tx.chat.findMany({ where: { kind: { in: kinds } }, select: { id: true, kind: true, lang: true, platform: true }, orderBy: { createdAt: 'asc' } });
  const dms = new Map<string, DraftTarget[]>();
  for (const draft of drafts) {
    if (draft.to === 'assignee' && !dms.has(draft.staffId)) dms.set(draft.staffId, await staffDmChats(tx, draft.staffId, draft.via));
  }
  const merchantChat = await tx.chat.findUniqueOrThrow({ where: { id: merchantChatId }, select: { id: true, lang: true, platform: true } });
  const { rows, touched } = renderDrafts(drafts, merchantChat, desks, caseId, new Date(), dms);
  if (rows.length > 0) await tx.outboundMessage.createMany({ data: rows });
  return touched;
}
