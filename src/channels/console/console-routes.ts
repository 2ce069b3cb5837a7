import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CasePort } from '../../contracts/cases.ts';
import { parseLangTag, type Lang } from '../../contracts/lang.ts';
import { CodedError } from '../../errors.ts';
import { json, type HttpRequest, type Route } from '../../http/router.ts';
import type { Accepted, Ingest } from '../../inbound/ingest.ts';
import { chatTranscript } from '../../store/inbound-store.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import type { SqlPool } from '../../store/sql-pool.ts';
import { resolveAttachments } from './console-attachments.ts';
import { consolePage } from './console-page.ts';
import { consoleActionSchema, consoleChatIdSchema, consoleMessageSchema } from './console-schemas.ts';

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

interface ConsoleDeps {
  prisma: PrismaClient;
  ingest: Ingest;
  sql: SqlPool;
  cases: CasePort;
  replyTimeoutMs: number;
}

/**
 * The one path every console input takes: the shared ingest (store once under its dedupe key,
 * enqueue), then wait for the replies. 200 with the replies, or 202 when they take longer than the
 * timeout (they still come). A queue that is down: 503 with Retry-After, the event stays stored,
 * the sweeper enqueues it, and a resend is a duplicate that gets its replies.
 */
async function acceptAndWait(
  deps: ConsoleDeps,
  consoleChatId: string,
  lang: Lang | undefined,
  event: { id: string; kind: 'message' | 'action'; text?: string; actionId?: string; userName?: string | undefined },
  claimedAttachments?: Parameters<typeof resolveAttachments>[2],
) {
  // Above capacity, shed before storing: a clear 503 the client retries, rather than a queue without bound.
  const answer = await deps.ingest.admitted(async () => {
    const accepted: Accepted = await deps.ingest.accept(
      {
        platform: 'console',
        workspace: '',
        externalChatId: consoleChatId,
        surface: 'merchant',
        user: { externalUserId: consoleChatId, displayName: event.userName },
        deliveryId: event.id,
        kind: event.kind,
        text: event.text,
        actionId: event.actionId,
        lang,
      },
      // Only attachments need the chat first (they must be its own uploads): without any, the event is stored in one statement.
      claimedAttachments?.length ? (chatId) => resolveAttachments(deps.sql, chatId, claimedAttachments) : undefined,
      { wait: true },
    );
    const body = { inboundId: String(accepted.inboundId), duplicate: accepted.duplicate };
    if (!accepted.queued) {
      const message = 'the queue is unavailable; the message is stored and will be answered: try again later';
      return json(503, { error: 'service.unavailable', message, ...body, status: 'stored' }, { 'retry-after': '5' });
    }
    const replies = await deps.ingest.waitForReplies(accepted, deps.replyTimeoutMs);
    return replies ? json(200, { ...body, replies }) : json(202, { ...body, status: 'accepted', replies: [] });
  });
  if (answer !== 'overloaded') return answer;
  return json(503, { error: 'service.overloaded', message: 'too many requests are waiting; nothing was stored, retry shortly' }, { 'retry-after': '1' });
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
            id: message.clientMessageId ?? randomUUID(),
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
          id: action.clientActionId ?? randomUUID(),
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
