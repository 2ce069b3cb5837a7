import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CodedError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { PipelineEvents } from '../../conversation/chat-pipeline.ts';
import { parseLangTag } from '../../conversation/language.ts';
import type { Reply } from '../../conversation/types.ts';
import type { AppMetrics } from '../../http/metrics.ts';
import { json, type HttpRequest, type Route } from '../../http/router.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import { chatTranscript, ensureMerchantChat, recordInbound, repliesFor } from '../../store/inbound-store.ts';
import { consoleChatIdSchema, consoleMessageSchema } from './console-schemas.ts';
import { consolePage } from './console-page.ts';

/** Parses a JSON body against a schema; a clear 400 names each bad field. */
export async function parseJsonBody<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
  const raw = await req.body();
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new CodedError('http.bad_json', 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new CodedError('http.invalid_request', detail);
  }
  return parsed.data;
}

function toReplies(rows: Array<{ text: string; buttons: unknown }>): Reply[] {
  return rows.map((row) => (Array.isArray(row.buttons) ? { text: row.text, buttons: row.buttons as Reply['buttons'] } : { text: row.text }));
}

/** Waits until the event's replies are stored: woken by the in-process pipeline, or by polling when another process handles it. */
async function waitForReplies(prisma: PrismaClient, events: PipelineEvents, inboundId: bigint, timeoutMs: number): Promise<Reply[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await repliesFor(prisma, inboundId);
    if (rows) return toReplies(rows);
    const remaining = deadline - Date.now();
    if (remaining <= 0) return null;
    await new Promise<void>((resolve) => {
      const onProcessed = (id: bigint) => {
        if (id === inboundId) done();
      };
      const timer = setTimeout(() => done(), Math.min(remaining, 500));
      function done() {
        clearTimeout(timer);
        events.off('processed', onProcessed);
        resolve();
      }
      events.on('processed', onProcessed);
    });
  }
}

/** The web console channel: the merchant chat API and the page that uses it. */
export function consoleRoutes(deps: {
  prisma: PrismaClient;
  events: PipelineEvents;
  enqueue: (chatId: string, inboundId: bigint) => Promise<void>;
  replyTimeoutMs: number;
  metrics: AppMetrics;
  log: Logger;
}): Route[] {
  return [
    { method: 'GET', path: '/', handler: async () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: consolePage }) },
    {
      method: 'POST',
      path: '/api/console/messages',
      bodyLimit: 256 * 1024,
      handler: async (req) => {
        const message = await parseJsonBody(req, consoleMessageSchema);
        const lang = parseLangTag(message.lang) ?? undefined;
        const chat = await ensureMerchantChat(
          deps.prisma,
          { platform: 'console', workspace: '', externalChatId: message.chatId },
          { externalUserId: message.chatId, displayName: message.userName, lang },
        );
        const inbound = await recordInbound(deps.prisma, {
          platform: 'console',
          dedupeKey: `console:${message.chatId}:${message.clientMessageId ?? randomUUID()}`,
          chatId: chat.id,
          kind: 'message',
          text: message.text,
          userId: message.chatId,
          userName: message.userName,
          lang,
        });
        (inbound.duplicate ? deps.metrics.inboundDuplicates : deps.metrics.inboundAccepted).inc({ platform: 'console' });
        if (!inbound.duplicate) {
          // Stored first, then enqueued: if the queue is down the sweeper enqueues it later, nothing is lost.
          await deps.enqueue(chat.id, inbound.id).catch((error: unknown) => deps.log.warn({ err: error, inboundId: String(inbound.id) }, 'enqueue failed; the sweeper will retry'));
        }
        const replies = await waitForReplies(deps.prisma, deps.events, inbound.id, deps.replyTimeoutMs);
        const body = { inboundId: String(inbound.id), duplicate: inbound.duplicate };
        return replies ? json(200, { ...body, replies }) : json(202, { ...body, status: 'accepted', replies: [] });
      },
    },
    {
      method: 'GET',
      path: '/api/console/chats/:chatId/messages',
      handler: async (req) => {
        const chatId = consoleChatIdSchema.safeParse(req.params.chatId);
        if (!chatId.success) throw new CodedError('http.invalid_request', chatId.error.issues[0]?.message ?? 'bad chatId');
        const chat = await deps.prisma.chat.findUnique({
          where: { platform_workspace_externalChatId: { platform: 'console', workspace: '', externalChatId: chatId.data } },
          select: { id: true },
        });
        const messages = chat ? await chatTranscript(deps.prisma, chat.id) : [];
        return json(200, { messages });
      },
    },
  ];
}
