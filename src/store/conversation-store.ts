import { z } from 'zod';
import { attachmentRefSchema, type AttachmentRef } from '../conversation/case-port.ts';
import type { ConversationStore, PendingInbound } from '../conversation/chat-pipeline.ts';
import { langSchema, type Lang, type Reply } from '../conversation/types.ts';
import { Prisma, type PrismaClient } from './prisma.ts';

function asLang(value: string | null | undefined, fallback: Lang): Lang {
  const parsed = langSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

const payloadSchema = z.object({ attachments: z.array(attachmentRefSchema).optional() });

function attachmentsOf(payload: unknown): { attachments?: AttachmentRef[] } {
  const parsed = payloadSchema.safeParse(payload);
  return parsed.success && parsed.data.attachments?.length ? { attachments: parsed.data.attachments } : {};
}

/** The conversation pipeline's storage, over Prisma. */
export function createConversationStore(prisma: PrismaClient): ConversationStore {
  return {
    async acquireChatLease(chatId, token, leaseMs) {
      const taken = await prisma.$executeRaw`
        UPDATE "Chat" SET "leaseToken" = ${token}, "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
        WHERE id = ${chatId} AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
      return taken === 1;
    },

    async releaseChatLease(chatId, token) {
      await prisma.chat.updateMany({ where: { id: chatId, leaseToken: token }, data: { leaseToken: null, leaseUntil: null } });
    },

    async nextPendingInbound(chatId): Promise<PendingInbound | null> {
      const row = await prisma.inboundEvent.findFirst({ where: { chatId, processedAt: null }, orderBy: { id: 'asc' } });
      if (!row) return null;
      const input = {
        kind: row.kind,
        receivedAt: row.receivedAt,
        ...(row.text !== null ? { text: row.text } : {}),
        ...(row.actionId !== null ? { actionId: row.actionId } : {}),
        ...(row.lang !== null ? { lang: asLang(row.lang, 'zh-CN') } : {}),
        ...attachmentsOf(row.payload),
      };
      return { id: row.id, chatId: row.chatId, attempts: row.attempts, input };
    },

    async loadChat(chatId) {
      const chat = await prisma.chat.findUniqueOrThrow({ where: { id: chatId } });
      return { chatId: chat.id, merchantId: chat.merchantId, lang: asLang(chat.lang, 'zh-CN'), state: chat.state };
    },

    async completeInbound({ inboundId, chatId, replies, state, lang }) {
      return prisma.$transaction(async (tx) => {
        const marked = await tx.inboundEvent.updateMany({ where: { id: inboundId, processedAt: null }, data: { processedAt: new Date() } });
        if (marked.count === 0) return false;
        await tx.outboundMessage.createMany({
          data: replies.map((reply: Reply, seq) => ({
            chatId,
            inboundId,
            seq,
            text: reply.text,
            buttons: reply.buttons ? (reply.buttons as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          })),
        });
        await tx.chat.update({
          where: { id: chatId },
          data: { state: state as Prisma.InputJsonValue, lang, stateVersion: { increment: 1 } },
        });
        return true;
      });
    },

    async recordInboundFailure(inboundId, errorCode) {
      const row = await prisma.inboundEvent.update({ where: { id: inboundId }, data: { attempts: { increment: 1 }, lastError: errorCode } });
      return row.attempts;
    },
  };
}
