import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formFieldNames } from '../../contracts/channel.ts';
import { CodedError } from '../../errors.ts';
import { json, type Route } from '../../http/router.ts';
import { safeString } from '../../http/safe-string.ts';
import type { Ingest } from '../../inbound/ingest.ts';
import { CONSOLE_MANAGER_DESK, CONSOLE_OPERATOR, CONSOLE_STAFF_DESK } from './console-channel.ts';
import { parseJsonBody } from './console-routes.ts';

/** What the staff and manager panes read; the app passes the store's queries in (a channel never imports the store). */
export interface DeskReads {
  feed(desk: 'staff' | 'manager'): Promise<unknown[]>;
  /** Open cases by next deadline, as the desk may see them (the staff desk never sees complaints). */
  board(desk: 'staff' | 'manager'): Promise<unknown[]>;
  handoffs(): Promise<unknown[]>;
  deadLetters(): Promise<unknown[]>;
  /** Satisfaction per staff member and the latest ratings (6.2.3). */
  satisfaction(): Promise<unknown>;
  /** The manager reports: today's daily summary and the quality evaluation of the last 7 days. */
  reports(): Promise<unknown>;
}

const deskSchema = z.enum(['staff', 'manager']);
const deskActionBody = z.object({
  actionId: safeString('actionId', 200).pipe(z.string().min(1)),
  fields: z.partialRecord(z.enum(formFieldNames), safeString('fields', 2000).pipe(z.string().trim().min(1))).optional(),
  clientActionId: safeString('clientActionId', 128).pipe(z.string().min(1)).optional(),
});
const deskMessageBody = z.object({
  text: safeString('text', 4000).pipe(z.string().trim().min(1)),
  inReplyTo: safeString('inReplyTo', 200).pipe(z.string().min(1)).optional(),
  clientMessageId: safeString('clientMessageId', 128).pipe(z.string().min(1)).optional(),
});

function deskOf(raw: string | undefined) {
  const desk = deskSchema.safeParse(raw);
  if (!desk.success) throw new CodedError('http.not_found', 'no such desk (staff or manager)');
  return desk.data === 'staff' ? { surface: 'staff' as const, address: CONSOLE_STAFF_DESK } : { surface: 'manager' as const, address: CONSOLE_MANAGER_DESK };
}

/**
 * The console's staff and manager panes: the same desk Slack and Telegram staff use, as the
 * console operator (a manager seeded at start). Off loopback the whole API needs CONSOLE_TOKEN.
 */
export function deskRoutes(deps: { ingest: Ingest; reads: DeskReads; replyTimeoutMs: number }): Route[] {
  const act = async (desk: ReturnType<typeof deskOf>, event: { kind: 'message' | 'action'; id: string; text?: string; actionId?: string; fields?: Record<string, string>; inReplyTo?: string }) => {
    const accepted = await deps.ingest.accept({
      ...desk.address,
      surface: desk.surface,
      user: { externalUserId: CONSOLE_OPERATOR.externalUserId, displayName: CONSOLE_OPERATOR.name },
      deliveryId: event.id,
      kind: event.kind,
      text: event.text,
      actionId: event.actionId,
      fields: event.fields,
      inReplyTo: event.inReplyTo,
    }, undefined, { wait: true });
    if (!accepted.queued) return json(503, { error: 'service.unavailable', message: 'the queue is unavailable; the action is stored and will be processed', inboundId: String(accepted.inboundId), status: 'stored' }, { 'retry-after': '5' });
    const replies = await deps.ingest.waitForReplies(accepted, deps.replyTimeoutMs);
    return json(replies ? 200 : 202, { inboundId: String(accepted.inboundId), duplicate: accepted.duplicate, replies: replies ?? [] });
  };
  return [
    // The operator's board (a manager's: every case); each pane reads its own desk's below.
    { method: 'GET', path: '/api/desk/cases', handler: async () => json(200, { cases: await deps.reads.board('manager') }) },
    { method: 'GET', path: '/api/desk/:desk/cases', handler: async (req) => json(200, { cases: await deps.reads.board(deskOf(req.params.desk).surface) }) },
    { method: 'GET', path: '/api/desk/handoffs', handler: async () => json(200, { chats: await deps.reads.handoffs() }) },
    { method: 'GET', path: '/api/desk/dead-letters', handler: async () => json(200, { messages: await deps.reads.deadLetters() }) },
    { method: 'GET', path: '/api/desk/satisfaction', handler: async () => json(200, await deps.reads.satisfaction()) },
    { method: 'GET', path: '/api/desk/reports', handler: async () => json(200, await deps.reads.reports()) },
    { method: 'GET', path: '/api/desk/:desk/feed', handler: async (req) => json(200, { messages: await deps.reads.feed(deskOf(req.params.desk).surface) }) },
    {
      method: 'POST',
      path: '/api/desk/:desk/actions',
      bodyLimit: 16 * 1024,
      handler: async (req) => {
        const desk = deskOf(req.params.desk);
        const body = await parseJsonBody(req, deskActionBody);
        return act(desk, { kind: 'action', id: body.clientActionId ?? randomUUID(), actionId: body.actionId, ...(body.fields ? { fields: body.fields as Record<string, string> } : {}) });
      },
    },
    {
      method: 'POST',
      path: '/api/desk/:desk/messages',
      bodyLimit: 16 * 1024,
      handler: async (req) => {
        const desk = deskOf(req.params.desk);
        const body = await parseJsonBody(req, deskMessageBody);
        return act(desk, { kind: 'message', id: body.clientMessageId ?? randomUUID(), text: body.text, ...(body.inReplyTo ? { inReplyTo: body.inReplyTo } : {}) });
      },
    },
  ];
}
