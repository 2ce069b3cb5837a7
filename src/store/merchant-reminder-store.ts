import { insertDrafts, type CaseOutboxDraft, type Touched } from './case-outbox-store.ts';
import { CASE_TX_OPTIONS } from './case-store.ts';
import { claimNotice } from './followup-store.ts';
import type { PrismaClient } from './prisma.ts';

/** A merchant chat with an unfinished request: its state version and when its state last changed. */
export interface DraftChat {
  chatId: string;
  stateVersion: number;
  updatedAt: Date;
}

/** Merchant chats holding a draft (an unfinished request) whose state changed since `since`, outside a handoff. */
export async function chatsWithDrafts(prisma: PrismaClient, since: Date, limit = 1000): Promise<DraftChat[]> {
  return prisma.$queryRawUnsafe<DraftChat[]>(
    `SELECT id AS "chatId", "stateVersion", "updatedAt" FROM "Chat"
      WHERE kind = 'merchant' AND state ? 'draft' AND "handoffSince" IS NULL AND "updatedAt" >= $1
      ORDER BY "updatedAt" DESC LIMIT $2`,
    since,
    limit,
  );
}

/** A return or exchange waiting for the merchant's parcel: the return address given, no waybill yet (3.2.3). */
export interface AwaitingShipment {
  caseId: string;
  /** When the case entered awaiting_goods. */
  since: Date;
}

export async function casesAwaitingShipment(prisma: PrismaClient, limit = 1000): Promise<AwaitingShipment[]> {
  return prisma.$queryRawUnsafe<AwaitingShipment[]>(
    `SELECT c.id AS "caseId", max(e.at) AS since FROM "Case" c JOIN "CaseEvent" e ON e."caseId" = c.id AND e."toStatus" = 'awaiting_goods'
      WHERE c.status = 'awaiting_goods' AND c."trackingNumber" IS NULL AND c."closedAt" IS NULL
      GROUP BY c.id ORDER BY since DESC LIMIT $1`,
    limit,
  );
}

/** A question staff sent a merchant (a relayed message asking something), with no merchant message since. */
export interface OpenQuestion {
  outboundId: string;
  chatId: string;
  caseId: string | null;
  text: string;
  createdAt: Date;
}

/** Staff questions relayed to merchants since `since` that no merchant message has followed. */
export async function unansweredStaffMessages(prisma: PrismaClient, since: Date, limit = 1000): Promise<OpenQuestion[]> {
  return prisma.$queryRawUnsafe<OpenQuestion[]>(
    `SELECT o.id AS "outboundId", o."chatId", o."caseId", o.text, o."createdAt" FROM "OutboundMessage" o
      WHERE o.payload->>'staffQuestion' = 'true' AND o."createdAt" >= $1
        AND NOT EXISTS (SELECT 1 FROM "InboundEvent" i WHERE i."chatId" = o."chatId" AND i."receivedAt" > o."createdAt")
      ORDER BY o."createdAt" DESC LIMIT $2`,
    since,
    limit,
  );
}

/** A merchant chat handed to people (3.3.3) that nobody has taken over yet. */
export interface UntakenHandoff {
  chatId: string;
  /** When the merchant asked for a person. */
  since: Date;
}

/** Merchant chats waiting for a person to take them over, longest waiting first. */
export async function untakenHandoffs(prisma: PrismaClient, limit = 1000): Promise<UntakenHandoff[]> {
  return prisma.$queryRawUnsafe<UntakenHandoff[]>(
    `SELECT id AS "chatId", "handoffSince" AS since FROM "Chat"
      WHERE kind = 'merchant' AND "handoffSince" IS NOT NULL AND "handoffStaffId" IS NULL
      ORDER BY "handoffSince" ASC LIMIT $1`,
    limit,
  );
}

/** Who a handoff reminder names: the merchant's display name, else the platform's chat id. */
export async function chatForHandoffReminder(prisma: PrismaClient, chatId: string): Promise<{ who: string } | null> {
  const chat = await prisma.chat.findUnique({ where: { id: chatId }, select: { externalChatId: true, merchant: { select: { displayName: true } } } });
  return chat ? { who: chat.merchant?.displayName ?? chat.externalChatId } : null;
}

/** What must still hold when a follow-up about a chat fires, checked in its transaction. */
export type ReminderCondition =
  | { kind: 'draft'; chatId: string; stateVersion: number }
  | { kind: 'ship'; caseId: string }
  | { kind: 'question'; outboundId: string }
  /** The same handoff request (its time) still open, and nobody has taken the chat over. */
  | { kind: 'handoff'; chatId: string; since: Date };

async function stillDue(tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0], condition: ReminderCondition): Promise<{ chatId: string; caseId: string | null } | null> {
  if (condition.kind === 'draft') {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Chat" WHERE id = $1 AND "stateVersion" = $2 AND state ? 'draft' AND "handoffSince" IS NULL`,
      condition.chatId,
      condition.stateVersion,
    );
    return rows.length === 1 ? { chatId: condition.chatId, caseId: null } : null;
  }
  if (condition.kind === 'handoff') {
    const held = await tx.chat.findFirst({ where: { id: condition.chatId, handoffSince: condition.since, handoffStaffId: null }, select: { id: true } });
    return held ? { chatId: condition.chatId, caseId: null } : null;
  }
  if (condition.kind === 'ship') {
    const found = await tx.case.findFirst({ where: { id: condition.caseId, status: 'awaiting_goods', trackingNumber: null, closedAt: null }, select: { id: true, chatId: true } });
    return found ? { chatId: found.chatId, caseId: found.id } : null;
  }
  const asked = await tx.outboundMessage.findUnique({ where: { id: condition.outboundId }, select: { chatId: true, caseId: true, createdAt: true } });
  if (!asked) return null;
  const answered = await tx.inboundEvent.count({ where: { chatId: asked.chatId, receivedAt: { gt: asked.createdAt } } });
  return answered === 0 ? { chatId: asked.chatId, caseId: asked.caseId } : null;
}

/**
 * A reminder about a chat, written once (its key is the timer's job id) and only while it is still
 * due: the draft unchanged, the waybill still missing, the question still unanswered, the handoff
 * still untaken. The merchant (or, for a handoff, staff) acting in between is what stops it.
 */
export async function writeMerchantReminder(
  prisma: PrismaClient,
  input: { key: string; kind: string; condition: ReminderCondition; build: () => CaseOutboxDraft[] },
): Promise<Touched | null> {
  return prisma.$transaction(async (tx) => {
    const due = await stillDue(tx, input.condition);
    if (!due) return null;
    if (!(await claimNotice(tx, { key: input.key, caseId: due.caseId, chatId: due.chatId, kind: input.kind }))) return null;
    return insertDrafts(tx, input.build(), due.chatId, due.caseId);
  }, CASE_TX_OPTIONS);
}

/** The case facts a shipping reminder names. */
export async function caseForReminder(prisma: PrismaClient, caseId: string): Promise<{ number: string; returnAddress: string | null } | null> {
  return prisma.case.findUnique({ where: { id: caseId }, select: { number: true, returnAddress: true } });
}
