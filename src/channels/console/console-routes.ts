import { randomUUID } from 'node:crypto';
import { resolveAttachments } from './console-attachments.ts';
import { dedupeKey } from '../../store/dedupe-key.ts';
import type { z } from 'zod';
import { CodedError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { PipelineEvents } from '../../conversation/chat-pipeline.ts';
import { parseLangTag } from '../../conversation/language.ts';
import type { Lang, Reply } from '../../conversation/types.ts';
import type { CasePort } from '../../conversation/case-port.ts';
import type { AppMetrics } from '../../http/metrics.ts';
import { json, type HttpRequest, type Route } from '../../http/router.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import type { SqlPool } from '../../store/sql-pool.ts';
import { chatTranscript, ensureMerchantChat, recordInbound, repliesFor, type NewInbound } from '../../store/inbound-store.ts';
import { consoleActionSchema, consoleChatIdSchema, consoleMessageSchema } from './console-schemas.ts';
import { consolePage } from './console-page.ts';

/**
 * Parses a JSON body against a schema; a clear 400 names each bad field. Only `application/json`
 * bodies are read (415 otherwise): a cross-site HTML form cannot send that type without a preflight.
 * A leading UTF-8 byte order mark is ignored.
 */
export async function parseJsonBody<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new CodedError('http.unsupported_media_type', 'send the body as JSON with content-type: application/json');
  const raw = await req.body();
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
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

/**
 * Waits until the event's replies are stored: woken by the in-process pipeline, or by polling when
 * another process handles it. The listener is attached before each database check, so a reply
 * stored between the check and the wait is never missed.
 */
async function waitForReplies(sql: SqlPool, events: PipelineEvents, inboundId: bigint, timeoutMs: number): Promise<Reply[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const onProcessed = (id: bigint) => id === inboundId && wake();
    events.on('processed', onProcessed);
    try {
      const rows = await repliesFor(sql, inboundId);
      if (rows) return toReplies(rows);
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(remaining, 500))))]);
      clearTimeout(timer);
    } finally {
      events.off('processed', onProcessed);
    }
  }
}

interface ConsoleDeps {
  prisma: PrismaClient;
  sql: SqlPool;
  events: PipelineEvents;
  enqueue: (chatId: string, inboundId: bigint) => Promise<void>;
  cases: CasePort;
  replyTimeoutMs: number;
  metrics: AppMetrics;
  log: Logger;
}

/**
 * The one path every console input takes: store it once (dedupe key), enqueue, and wait for the
 * replies. 200 with the replies, or 202 when they take longer than the timeout (they still come).
 */
async function acceptAndWait(
  deps: ConsoleDeps,
  consoleChatId: string,
  lang: Lang | undefined,
  event: Omit<NewInbound, 'platform' | 'chatId' | 'userId' | 'lang' | 'attachments'>,
  claimedAttachments?: Parameters<typeof resolveAttachments>[2],
) {
  const chat = await ensureMerchantChat(
    deps.sql,
    { platform: 'console', workspace: '', externalChatId: consoleChatId },
    { externalUserId: consoleChatId, displayName: event.userName, lang },
  );
  const attachments = await resolveAttachments(deps.sql, chat.id, claimedAttachments);
  const inbound = await recordInbound(deps.sql, { ...event, attachments, platform: 'console', chatId: chat.id, userId: consoleChatId, lang });
  (inbound.duplicate ? deps.metrics.inboundDuplicates : deps.metrics.inboundAccepted).inc({ platform: 'console' });
  const body = { inboundId: String(inbound.id), duplicate: inbound.duplicate };
  // Stored first, then enqueued (a resend of an unanswered event enqueues again: idempotent by job id).
  // A queue that is down fails the enqueue within seconds: 503 with Retry-After, the event stays
  // stored, the sweeper enqueues it when the queue is back, and a resend is a duplicate that gets its replies.
  if (!inbound.duplicate || (await repliesFor(deps.sql, inbound.id)) === null) {
    try {
      await deps.enqueue(chat.id, inbound.id);
    } catch (error) {
      deps.log.warn({ err: error, inboundId: String(inbound.id) }, 'enqueue failed; the event is stored and the sweeper will enqueue it');
      const message = 'the queue is unavailable; the message is stored and will be answered: try again later';
      return json(503, { error: 'service.unavailable', message, ...body, status: 'stored' }, { 'retry-after': '5' });
    }
  }
  const replies = await waitForReplies(deps.sql, deps.events, inbound.id, deps.replyTimeoutMs);
  return replies ? json(200, { ...body, replies }) : json(202, { ...body, status: 'accepted', replies: [] });
}

async function findConsoleChat(prisma: PrismaClient, rawChatId: string | undefined) {
  const chatId = consoleChatIdSchema.safeParse(rawChatId);
  if (!chatId.success) throw new CodedError('http.invalid_request', chatId.error.issues[0]?.message ?? 'bad chatId');
  return prisma.chat.findUnique({
    where: { platform_workspace_externalChatId: { platform: 'console', workspace: '', externalChatId: chatId.data } },
    select: { id: true, merchantId: true },
  });
}

/** The web console channel: the merchant chat API and the page that uses it. */
export function consoleRoutes(deps: ConsoleDeps): Route[] {
  return [
    { method: 'GET', path: '/', access: 'page', handler: async () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: consolePage }) },
    {
      method: 'POST',
      path: '/api/console/messages',
      bodyLimit: 256 * 1024,
      handler: async (req) => {
        const message = await parseJsonBody(req, consoleMessageSchema);
        return acceptAndWait(
          deps,
          message.chatId,
          parseLangTag(message.lang) ?? undefined,
          {
            dedupeKey: dedupeKey({ platform: 'console', scope: message.chatId, kind: 'message', id: message.clientMessageId ?? randomUUID() }),
            kind: 'message',
            text: message.text,
            userName: message.userName,
          },
          message.attachments,
        );
      },
    },
    {
      method: 'POST',
      path: '/api/console/actions',
      bodyLimit: 16 * 1024,
      handler: async (req) => {
        const action = await parseJsonBody(req, consoleActionSchema);
        return acceptAndWait(deps, action.chatId, parseLangTag(action.lang) ?? undefined, {
          dedupeKey: dedupeKey({ platform: 'console', scope: action.chatId, kind: 'action', id: action.clientActionId ?? randomUUID() }),
          kind: 'action',
          actionId: action.actionId,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/console/chats/:chatId/messages',
      handler: async (req) => {
        const chat = await findConsoleChat(deps.prisma, req.params.chatId);
        return json(200, { messages: chat ? await chatTranscript(deps.prisma, chat.id) : [] });
      },
    },
    {
      method: 'GET',
      path: '/api/console/chats/:chatId/cases',
      handler: async (req) => {
        const chat = await findConsoleChat(deps.prisma, req.params.chatId);
        const cases = chat?.merchantId ? await deps.cases.listCases(chat.merchantId) : [];
        return json(200, {
          cases: cases.map((c) => ({
            number: c.number,
            type: c.type,
            status: c.status,
            openedAt: c.openedAt.toISOString(),
            outsideWindow: c.outsideWindow,
            orderNumber: c.orderNumber,
            itemName: c.itemName,
            nextDeadline: c.nextDeadline && { ...c.nextDeadline, dueAt: c.nextDeadline.dueAt.toISOString() },
          })),
        });
      },
    },
  ];
}
