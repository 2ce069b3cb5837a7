import type { AttachmentRef } from '../contracts/cases.ts';
import type { ChannelEvent, InboundSink, Platform, PlatformFile, Surface } from '../contracts/channel.ts';
import type { Reply } from '../contracts/conversation.ts';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { EventEmitter } from 'node:events';
import { cleanTypedText, storableText } from '../domain/intake/storable-text.ts';
import { CodedError } from '../errors.ts';
import type { AppMetrics } from '../http/metrics.ts';
import type { Logger } from '../log.ts';
import { dedupeKey } from '../store/dedupe-key.ts';
import { ensureDeskChat, findStaffByIdentity } from '../store/desk-store.ts';
import { ensureStaffDmChat } from '../store/staff-dm-store.ts';
import { ensureMerchantChat, markAwaitedByAnyone, recordInbound, recordInboundAtAddress, repliesFor, type ChatAddress, type NewInbound } from '../store/inbound-store.ts';
import type { SqlPool } from '../store/sql-pool.ts';

/** How often a waiting request looks at the database when no wake-up came, while the listener connection is down. */
const SAFETY_POLL_MS = 2_000;
/**
 * The same while the listener is connected: every completion then wakes its request, so this only
 * bounds the rare miss (a completion whose answer was lost, a notification sent while reconnecting).
 */
const LISTENING_POLL_MS = 10_000;

/** One inbound event, from any channel, ready to store. */
export interface IngestEvent {
  platform: Platform;
  workspace: string;
  externalChatId: string;
  surface: Surface;
  user: { externalUserId: string; displayName?: string | undefined; langTag?: string | undefined };
  /** The platform's delivery id (or the console client's id): redeliveries repeat it. */
  deliveryId: string;
  kind: 'message' | 'action';
  text?: string | undefined;
  actionId?: string | undefined;
  fields?: ChannelEvent['fields'];
  inReplyTo?: string | undefined;
  /** Attachments already vouched for (console uploads of this chat). */
  attachments?: AttachmentRef[] | undefined;
  /** Platform files not fetched yet: the worker fetches and checks them before the conversation sees them. */
  files?: PlatformFile[] | undefined;
  /** A language the client asked for explicitly. */
  lang?: Lang | undefined;
}

export interface Accepted {
  inboundId: bigint;
  chatId: string;
  duplicate: boolean;
  /** False when the queue refused it: the event is stored and the sweeper enqueues it later. */
  queued: boolean;
  /** Set when the caller asked to wait: listening since before the event was enqueued, so no wake-up is missed. */
  watch?: ReplyWatch | undefined;
}

/** The first wake-up for one event: its replies when handed over in-process, else 'stored' (read them). */
interface ReplyWatch {
  woken: Promise<Reply[] | 'stored'>;
  cancel(): void;
}

type ReplyRow = { text: string; buttons: unknown };
const toReplies = (rows: ReplyRow[]): Reply[] => rows.map((row) => (Array.isArray(row.buttons) ? { text: row.text, buttons: row.buttons as Reply['buttons'] } : { text: row.text }));

/**
 * The one path every inbound event takes, whatever its channel: find or open the chat, store the
 * event once under its dedupe key, enqueue it. Stored before enqueued: if the queue is down the
 * event is kept, `queued` is false (callers answer 503 so the platform redelivers), and the
 * sweeper enqueues it when the queue is back; a redelivery is then a duplicate, never a second run.
 */
export function createIngest(deps: {
  sql: SqlPool;
  enqueue: (chatId: string, inboundId: bigint) => Promise<void>;
  /**
   * Wake-ups when an event's replies are stored: this process's pipeline (which hands the replies
   * over with it), and every process's (LISTEN/NOTIFY, id only: the replies are read then).
   */
  wakeups: Array<EventEmitter<{ processed: [inboundId: bigint, replies?: Reply[]] }>>;
  /** This process's id: written to the events a request here waits for (see completeInbound's NOTIFY). */
  instanceId?: string;
  /** Whether every process's completions are heard now (the LISTEN connection is up); without it, waiters poll every 2 s. */
  listening?: () => boolean;
  metrics: AppMetrics;
  log: Logger;
  /** Requests that may wait for replies at once; past it new ones are shed with 503 and Retry-After, before anything is stored. */
  maxWaiting: number;
}) {
  let waiting = 0;
  function watchFor(inboundId: bigint): ReplyWatch {
    let done: (value: Reply[] | 'stored') => void = () => undefined;
    const woken = new Promise<Reply[] | 'stored'>((resolve) => (done = resolve));
    const onProcessed = (id: bigint, replies?: Reply[]) => id === inboundId && done(replies ?? 'stored');
    for (const source of deps.wakeups) source.on('processed', onProcessed);
    return { woken, cancel: () => deps.wakeups.forEach((source) => source.off('processed', onProcessed)) };
  }

  /**
   * The chat of a private message: a registered staff member's goes to their DM chat (addressed by
   * their user id, as SLA warnings reach them; on Slack the event's IM channel id differs), so the
   * buttons of a warning pressed there are desk actions; anyone else's is a merchant chat. The
   * console has no DMs: its chats are merchants' whatever their id.
   */
  async function privateChat(event: IngestEvent, address: ChatAddress): Promise<{ id: string }> {
    const staff = event.platform === 'console' ? null : await findStaffByIdentity(deps.sql, event.platform, event.workspace, event.user.externalUserId);
    if (staff) return { id: await ensureStaffDmChat(deps.sql, { platform: event.platform, workspace: event.workspace, externalChatId: event.user.externalUserId }, staff.lang) };
    return ensureMerchantChat(deps.sql, address, { externalUserId: event.user.externalUserId, displayName: event.user.displayName, lang: event.lang ?? parseLangTag(event.user.langTag) ?? undefined });
  }

  /** The general path: open the chat if it is new (or find a desk chat), vouch for attachments, store or recognise the event. */
  async function storeInGeneral(
    event: IngestEvent,
    address: ChatAddress,
    fields: Omit<NewInbound, 'chatId' | 'attachments'>,
    resolveAttachments: ((chatId: string) => Promise<AttachmentRef[] | undefined>) | undefined,
  ): Promise<{ chat: { id: string }; inbound: { id: bigint; duplicate: boolean } }> {
    const chat = event.surface === 'merchant' ? await privateChat(event, address) : { id: await ensureDeskChat(deps.sql, address, event.surface) };
    const attachments = resolveAttachments ? await resolveAttachments(chat.id) : event.attachments;
    return { chat, inbound: await recordInbound(deps.sql, { ...fields, chatId: chat.id, attachments }) };
  }

  /**
   * Stores and enqueues one event. With `wait`, the caller will wait for the replies of a new
   * event: listening starts before it is enqueued, so `waitForReplies` needs no first look.
   */
  async function accept(event: IngestEvent, resolveAttachments?: (chatId: string) => Promise<AttachmentRef[] | undefined>, options: { wait?: boolean } = {}): Promise<Accepted> {
    const address = { platform: event.platform, workspace: event.workspace, externalChatId: event.externalChatId };
    const dedupe = dedupeKey({ platform: event.platform, scope: `${event.workspace}/${event.externalChatId}`, kind: event.kind, id: event.deliveryId });
    const extras = { ...(event.fields ? { fields: event.fields } : {}), ...(event.inReplyTo ? { inReplyTo: event.inReplyTo } : {}), ...(event.files?.length ? { files: event.files } : {}) };
    // Who will wait for the replies: a request here, or nobody (platform events are answered through the outbox).
    const awaitedBy = options.wait ? deps.instanceId : '';
    const fields = { platform: event.platform, dedupeKey: dedupe, kind: event.kind, text: event.text, actionId: event.actionId, userId: event.user.externalUserId, userName: event.user.displayName, lang: event.lang, extras, awaitedBy };
    // A new event of a known merchant chat, nothing to check against the chat first: one statement.
    const stored = event.surface === 'merchant' && !resolveAttachments ? await recordInboundAtAddress(deps.sql, address, { ...fields, attachments: event.attachments }) : null;
    const { chat, inbound } = stored ? { chat: { id: stored.chatId }, inbound: { id: stored.id, duplicate: false } } : await storeInGeneral(event, address, fields, resolveAttachments);
    (inbound.duplicate ? deps.metrics.inboundDuplicates : deps.metrics.inboundAccepted).inc({ platform: event.platform });
    // A redelivery of an event still unanswered is enqueued again: idempotent by job id.
    let queued = true;
    const watch = options.wait && !inbound.duplicate ? watchFor(inbound.id) : undefined;
    // A resent request may wait in another process than the first: from now on every process hears the completion.
    if (options.wait && inbound.duplicate) await markAwaitedByAnyone(deps.sql, inbound.id);
    if (!inbound.duplicate || (await repliesFor(deps.sql, inbound.id)) === null) {
      try {
        await deps.enqueue(chat.id, inbound.id);
      } catch (error) {
        deps.log.warn({ err: error, inboundId: String(inbound.id) }, 'enqueue failed; the event is stored and the sweeper will enqueue it');
        queued = false;
      }
    }
    if (!queued) watch?.cancel();
    return { inboundId: inbound.id, chatId: chat.id, duplicate: inbound.duplicate, queued, watch: queued ? watch : undefined };
  }

  /**
   * Waits until the event's replies are stored. This process's pipeline hands them over with its
   * wake-up; another process's NOTIFY wakes the request to read them. A slow poll is only the
   * safety net for a lost listener connection. Without a watch from `accept` (a redelivery), the
   * listeners are attached before a first look in the database, so a reply stored in between is never missed.
   */
  async function waitForReplies(accepted: Pick<Accepted, 'inboundId' | 'watch'>, timeoutMs: number): Promise<Reply[] | null> {
    const { inboundId } = accepted;
    const deadline = Date.now() + timeoutMs;
    let watch = accepted.watch;
    try {
      for (;;) {
        if (!watch) {
          watch = watchFor(inboundId);
          const rows = await repliesFor(deps.sql, inboundId);
          if (rows) return toReplies(rows);
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) return null;
        let timer: NodeJS.Timeout | undefined;
        const woken = await Promise.race([watch.woken, new Promise<'poll'>((resolve) => (timer = setTimeout(() => resolve('poll'), Math.min(remaining, deps.listening?.() ? LISTENING_POLL_MS : SAFETY_POLL_MS))))]);
        clearTimeout(timer);
        if (Array.isArray(woken)) return woken;
        // Stored by another process, or the safety poll: look again, listening first.
        watch.cancel();
        watch = undefined;
      }
    } finally {
      watch?.cancel();
    }
  }

  /**
   * Runs a request that will wait for its replies, or sheds it when `maxWaiting` already do: the
   * caller answers 503 with Retry-After before anything is stored, instead of queueing without bound.
   */
  async function admitted<T>(run: () => Promise<T>): Promise<T | 'overloaded'> {
    if (waiting >= deps.maxWaiting) return 'overloaded';
    waiting += 1;
    try {
      return await run();
    } finally {
      waiting -= 1;
    }
  }

  /** The sink a platform channel hands its verified events to. */
  const sink: InboundSink = {
    async accept(received: ChannelEvent) {
      const event = storableEvent(received);
      const accepted = await accept({
        platform: event.address.platform,
        workspace: event.address.workspace,
        externalChatId: event.address.externalChatId,
        surface: event.surface,
        user: event.user,
        deliveryId: event.deliveryId,
        kind: event.kind,
        text: event.text,
        actionId: event.actionId,
        fields: event.fields,
        inReplyTo: event.inReplyTo,
        files: event.files,
      });
      // Stored but not queued: 503 makes the platform redeliver, which is then a duplicate the sweeper already covers.
      if (!accepted.queued) throw new CodedError('service.unavailable', 'the queue is unavailable; the event is stored and will be processed');
      return { duplicate: accepted.duplicate };
    },
  };

  return { accept, waitForReplies, admitted, sink };
}

export type Ingest = ReturnType<typeof createIngest>;

/**
 * A platform event as the database can store it. A signed Slack or Telegram payload may still carry a NUL or a
 * lone surrogate (JSON escapes them); PostgreSQL refuses both, and the insert failing answered 500, which the
 * platform redelivers. Typed text loses control characters (as the console's body schema does); ids and names
 * lose NUL; lone surrogates become U+FFFD everywhere.
 */
export function storableEvent(event: ChannelEvent): ChannelEvent {
  const text = event.text === undefined ? undefined : cleanTypedText(event.text);
  const fields = event.fields && Object.fromEntries(Object.entries(event.fields).map(([name, value]) => [name, cleanTypedText(value)]));
  const { displayName, langTag } = event.user;
  return {
    ...event,
    deliveryId: storableText(event.deliveryId),
    address: { ...event.address, workspace: storableText(event.address.workspace), externalChatId: storableText(event.address.externalChatId) },
    user: { externalUserId: storableText(event.user.externalUserId), ...(displayName !== undefined ? { displayName: storableText(displayName) } : {}), ...(langTag !== undefined ? { langTag: storableText(langTag) } : {}) },
    ...(text !== undefined ? { text } : {}),
    ...(event.actionId !== undefined ? { actionId: storableText(event.actionId) } : {}),
    ...(fields ? { fields } : {}),
    ...(event.inReplyTo !== undefined ? { inReplyTo: storableText(event.inReplyTo) } : {}),
    ...(event.files ? { files: event.files.map((file) => ({ ...file, fileId: storableText(file.fileId), ...(file.fileName !== undefined ? { fileName: storableText(file.fileName) } : {}), ...(file.mimeType !== undefined ? { mimeType: storableText(file.mimeType) } : {}) })) } : {}),
  };
}
