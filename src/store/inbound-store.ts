import type { AttachmentRef } from '../conversation/case-port.ts';
import type { Lang } from '../conversation/types.ts';
import { Prisma, type PrismaClient } from './prisma.ts';

type PlatformName = 'console' | 'slack' | 'telegram';

/** A chat as channels address it. */
export interface ChatAddress {
  platform: PlatformName;
  workspace: string;
  externalChatId: string;
}

/** Finds or creates a merchant chat, with its merchant and the merchant's channel identity. */
export async function ensureMerchantChat(
  prisma: PrismaClient,
  address: ChatAddress,
  user: { externalUserId: string; displayName?: string | undefined; lang?: Lang | undefined },
): Promise<{ id: string; merchantId: string | null }> {
  const key = { platform: address.platform, workspace: address.workspace, externalChatId: address.externalChatId };
  const existing = await prisma.chat.findUnique({ where: { platform_workspace_externalChatId: key }, select: { id: true, merchantId: true } });
  if (existing) return existing;
  try {
    return await prisma.$transaction(async (tx) => {
      const identityKey = { platform: address.platform, workspace: address.workspace, externalUserId: user.externalUserId };
      const identity = await tx.channelIdentity.findUnique({ where: { platform_workspace_externalUserId: identityKey } });
      const merchantId =
        identity?.merchantId ??
        (
          await tx.merchant.create({
            data: {
              displayName: user.displayName ?? null,
              lang: user.lang ?? 'zh-CN',
              identities: { create: { ...identityKey, displayName: user.displayName ?? null } },
            },
          })
        ).id;
      return tx.chat.create({ data: { ...key, kind: 'merchant', merchantId, lang: user.lang ?? 'zh-CN' }, select: { id: true, merchantId: true } });
    });
  } catch (error) {
    // Two first messages of a new chat raced; the other one created it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return prisma.chat.findUniqueOrThrow({ where: { platform_workspace_externalChatId: key }, select: { id: true, merchantId: true } });
    }
    throw error;
  }
}

/** What a channel hands over for one inbound event. */
export interface NewInbound {
  platform: PlatformName;
  dedupeKey: string;
  chatId: string;
  kind: 'message' | 'action';
  text?: string | undefined;
  actionId?: string | undefined;
  userId?: string | undefined;
  userName?: string | undefined;
  lang?: Lang | undefined;
  /** Attachments by reference; kept in the event's payload. */
  attachments?: AttachmentRef[] | undefined;
}

/**
 * Stores an inbound event once. A redelivery (same dedupe key) returns the stored event with
 * `duplicate: true`; the database's unique key decides, so concurrent replays are safe too.
 */
export async function recordInbound(prisma: PrismaClient, event: NewInbound): Promise<{ id: bigint; chatId: string; duplicate: boolean }> {
  try {
    const row = await prisma.inboundEvent.create({
      data: {
        platform: event.platform,
        dedupeKey: event.dedupeKey,
        chatId: event.chatId,
        kind: event.kind,
        text: event.text ?? null,
        actionId: event.actionId ?? null,
        userId: event.userId ?? null,
        userName: event.userName ?? null,
        lang: event.lang ?? null,
        payload: event.attachments?.length ? ({ attachments: event.attachments } as unknown as Prisma.InputJsonValue) : {},
      },
      select: { id: true, chatId: true },
    });
    return { ...row, duplicate: false };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const row = await prisma.inboundEvent.findUniqueOrThrow({ where: { dedupeKey: event.dedupeKey }, select: { id: true, chatId: true } });
      return { ...row, duplicate: true };
    }
    throw error;
  }
}

/** Replies stored for one inbound event, in order, or null while it is not processed yet. */
export async function repliesFor(prisma: PrismaClient, inboundId: bigint) {
  const event = await prisma.inboundEvent.findUnique({
    where: { id: inboundId },
    select: { processedAt: true, replies: { orderBy: { seq: 'asc' }, select: { text: true, buttons: true } } },
  });
  if (!event?.processedAt) return null;
  return event.replies;
}

/** Chats with events older than `olderThanMs` still unprocessed: the safety net re-enqueues them. */
export async function chatsWithStalePending(prisma: PrismaClient, olderThanMs: number, now = new Date()): Promise<Array<{ chatId: string; inboundId: bigint }>> {
  const rows = await prisma.inboundEvent.findMany({
    where: { processedAt: null, receivedAt: { lt: new Date(now.getTime() - olderThanMs) } },
    orderBy: { id: 'asc' },
    distinct: ['chatId'],
    select: { chatId: true, id: true },
    take: 500,
  });
  return rows.map((row) => ({ chatId: row.chatId, inboundId: row.id }));
}

/** A chat's conversation for display: inbound text and outbound replies, oldest first. */
export async function chatTranscript(prisma: PrismaClient, chatId: string, limit = 200) {
  const [inbound, outbound] = await Promise.all([
    prisma.inboundEvent.findMany({ where: { chatId, kind: 'message' }, orderBy: { id: 'desc' }, take: limit, select: { id: true, text: true, receivedAt: true } }),
    prisma.outboundMessage.findMany({ where: { chatId }, orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }], take: limit, select: { text: true, buttons: true, createdAt: true, inboundId: true, seq: true } }),
  ]);
  const entries = [
    ...inbound.map((m) => ({ from: 'merchant' as const, text: m.text ?? '', at: m.receivedAt, order: [m.id, -1] as const })),
    ...outbound.map((m) => ({ from: 'bot' as const, text: m.text, buttons: m.buttons, at: m.createdAt, order: [m.inboundId ?? 0n, m.seq] as const })),
  ];
  entries.sort((a, b) => (a.order[0] === b.order[0] ? a.order[1] - b.order[1] : a.order[0] < b.order[0] ? -1 : 1));
  return entries.slice(-limit).map(({ order: _order, ...rest }) => rest);
}
