import { randomUUID } from 'node:crypto';
import type { AttachmentRef } from '../contracts/cases.ts';
import { CodedError } from '../errors.ts';
import { bodyHash } from './dedupe-key.ts';
import type { Lang } from '../contracts/lang.ts';
import type { PrismaClient } from './prisma.ts';
import type { SqlPool } from './sql-pool.ts';

type PlatformName = 'console' | 'slack' | 'telegram';

/** A chat as channels address it. */
export interface ChatAddress {
  platform: PlatformName;
  workspace: string;
  externalChatId: string;
}

/**
 * Opens a merchant chat in one statement: the merchant's channel identity (created with a new
 * merchant, or found), then the chat. Idempotent under races: `ON CONFLICT ... DO UPDATE` returns
 * the row a concurrent opener committed, and a merchant row is written only when this statement's
 * identity is the one that won, so racing first messages never leave a second merchant behind.
 * The foreign key from the identity to the merchant inserted later in the same statement holds:
 * PostgreSQL checks it at the end of the statement.
 */
const OPEN_CHAT_SQL = `
WITH identity AS (
  INSERT INTO "ChannelIdentity" (id, platform, workspace, "externalUserId", "displayName", "merchantId")
  VALUES ($1, $4::"Platform", $5, $6, $8, $2)
  ON CONFLICT (platform, workspace, "externalUserId")
    DO UPDATE SET "merchantId" = COALESCE("ChannelIdentity"."merchantId", EXCLUDED."merchantId")
  RETURNING "merchantId"
), merchant AS (
  INSERT INTO "Merchant" (id, "displayName", lang)
  SELECT $2, $8, $9 FROM identity WHERE identity."merchantId" = $2
)
INSERT INTO "Chat" (id, platform, workspace, "externalChatId", kind, "merchantId", lang, "updatedAt")
SELECT $3, $4::"Platform", $5, $7, 'merchant', identity."merchantId", $9, now() FROM identity
ON CONFLICT (platform, workspace, "externalChatId") DO UPDATE SET "externalChatId" = EXCLUDED."externalChatId"
RETURNING id, "merchantId"`;

/** Finds or creates a merchant chat, with its merchant and the merchant's channel identity. */
export async function ensureMerchantChat(
  sql: SqlPool,
  address: ChatAddress,
  user: { externalUserId: string; displayName?: string | undefined; lang?: Lang | undefined },
): Promise<{ id: string; merchantId: string | null }> {
  // Hot path (every message of a known chat): one indexed read.
  const existing = await sql.query<{ id: string; merchantId: string | null }>(
    `SELECT id, "merchantId" FROM "Chat" WHERE platform = $1::"Platform" AND workspace = $2 AND "externalChatId" = $3`,
    [address.platform, address.workspace, address.externalChatId],
  );
  if (existing.rows[0]) return existing.rows[0];
  const opened = await sql.query<{ id: string; merchantId: string | null }>(OPEN_CHAT_SQL, [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    address.platform,
    address.workspace,
    user.externalUserId,
    address.externalChatId,
    user.displayName ?? null,
    user.lang ?? 'zh-CN',
  ]);
  const row = opened.rows[0];
  if (!row) throw new Error(`chat ${address.platform}/${address.externalChatId} neither opened nor found`);
  return row;
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
  /** Kept in the payload beside the attachments: a form's fields, the message it answers, platform files to fetch. */
  extras?: Record<string, unknown> | undefined;
  /** Who waits for the replies: the id of the process whose request waits, '' for nobody; absent: unknown (anyone may). */
  awaitedBy?: string | undefined;
}

/**
 * Taken before an event of a chat gets its id, held until the statement commits: one chat's events
 * get their ids in the order they commit. The worker takes a chat's events in id order, so without
 * it two messages of one chat stored at once could commit in the other order and the later id be
 * processed first (replies out of the order the bot acknowledged them). Other chats never wait.
 * `$chat` is the SQL expression of the chat id.
 */
const CHAT_ORDER_LOCK = `pg_advisory_xact_lock(hashtextextended('inbound-order:' || $chat, 0))`;

/**
 * Stores an inbound event once. A redelivery (same dedupe key, see dedupe-key.ts) returns the stored
 * event with `duplicate: true`; the database's unique key decides, so concurrent replays are safe too.
 * The same key with another body (or chat) is not a redelivery: 409 `inbound.id_reused`.
 */
export async function recordInbound(sql: SqlPool, event: NewInbound): Promise<{ id: bigint; chatId: string; duplicate: boolean }> {
  const { params, hash } = inboundParams(event);
  const inserted = await sql.query<{ id: string; chatId: string }>(
    `WITH chat AS (SELECT $3::text AS id, ${CHAT_ORDER_LOCK.replace('$chat', '$3::text')} AS locked)
     INSERT INTO "InboundEvent" (platform, "dedupeKey", "chatId", kind, text, "actionId", "userId", "userName", lang, payload, "bodyHash", "awaitedBy")
     SELECT $1::"Platform", $2, chat.id, $4::"InboundKind", $5, $6, $7, $8, $9, $10::jsonb, $11, $12 FROM chat
     ON CONFLICT ("dedupeKey") DO NOTHING
     RETURNING id, "chatId"`,
    [...params.slice(0, 2), event.chatId, ...params.slice(2)],
  );
  const row = inserted.rows[0];
  if (row) return { id: BigInt(row.id), chatId: row.chatId, duplicate: false };
  const existing = await sql.query<{ id: string; chatId: string; bodyHash: string | null }>(`SELECT id, "chatId", "bodyHash" FROM "InboundEvent" WHERE "dedupeKey" = $1`, [event.dedupeKey]);
  const found = existing.rows[0];
  if (!found) throw new Error(`inbound event ${event.dedupeKey} neither inserted nor found`);
  // Events stored before body hashes existed have none; they are compared by key alone.
  if (found.chatId !== event.chatId || (found.bodyHash !== null && found.bodyHash !== hash)) {
    throw new CodedError('inbound.id_reused', 'this client id was already used for a different message; use a new id');
  }
  return { id: BigInt(found.id), chatId: found.chatId, duplicate: true };
}

/** The statement parameters of an event, chat aside: platform, dedupe key, kind … payload, body hash. */
function inboundParams(event: Omit<NewInbound, 'chatId'>): { params: unknown[]; hash: string } {
  const payload = { ...event.extras, ...(event.attachments?.length ? { attachments: event.attachments } : {}) };
  const hash = bodyHash({ kind: event.kind, text: event.text, actionId: event.actionId, attachmentRefs: event.attachments?.map((a) => a.ref) });
  return { params: [event.platform, event.dedupeKey, event.kind, event.text ?? null, event.actionId ?? null, event.userId ?? null, event.userName ?? null, event.lang ?? null, JSON.stringify(payload), hash, event.awaitedBy ?? null], hash };
}

/**
 * The hot path of every message to a known chat, in one statement: finds the chat by its address
 * and stores the event there. Null when the chat does not exist yet, when the sender is a registered
 * staff member (their private messages belong to their DM chat, see `ensureStaffDmChat`), or when
 * the dedupe key is already taken (a redelivery, or a reused id): the caller then takes the general
 * path (`ensureMerchantChat`, `recordInbound`), which opens the chat or tells the two apart.
 */
export async function recordInboundAtAddress(sql: SqlPool, address: ChatAddress, event: Omit<NewInbound, 'chatId'>): Promise<{ id: bigint; chatId: string; merchantId: string | null } | null> {
  const { params } = inboundParams(event);
  const { rows } = await sql.query<{ id: string | null; chatId: string; merchantId: string | null }>(
    `WITH chat AS (
       SELECT id, "merchantId", ${CHAT_ORDER_LOCK.replace('$chat', 'id')} AS locked FROM "Chat" WHERE platform = $1::"Platform" AND workspace = $12 AND "externalChatId" = $13
         AND NOT EXISTS (SELECT 1 FROM "ChannelIdentity" i WHERE i.platform = $1::"Platform" AND i.workspace = $12 AND i."externalUserId" = $6 AND i."staffId" IS NOT NULL)
     ), stored AS (
       INSERT INTO "InboundEvent" (platform, "dedupeKey", "chatId", kind, text, "actionId", "userId", "userName", lang, payload, "bodyHash", "awaitedBy")
       SELECT $1::"Platform", $2, chat.id, $3::"InboundKind", $4, $5, $6, $7, $8, $9::jsonb, $10, $11 FROM chat
       ON CONFLICT ("dedupeKey") DO NOTHING
       RETURNING id
     )
     SELECT stored.id, chat.id AS "chatId", chat."merchantId" FROM chat LEFT JOIN stored ON true`,
    [...params, address.workspace, address.externalChatId],
  );
  const row = rows[0];
  return row && row.id !== null ? { id: BigInt(row.id), chatId: row.chatId, merchantId: row.merchantId } : null;
}

/** Another request waits for this event too, maybe in another process: its completion is announced to every process. */
export async function markAwaitedByAnyone(sql: SqlPool, inboundId: bigint): Promise<void> {
  await sql.query(`UPDATE "InboundEvent" SET "awaitedBy" = NULL WHERE id = $1 AND "awaitedBy" IS NOT NULL AND "processedAt" IS NULL`, [String(inboundId)]);
}

/** Replies stored for one inbound event, in order, or null while it is not processed yet. */
export async function repliesFor(sql: SqlPool, inboundId: bigint): Promise<Array<{ text: string; buttons: unknown }> | null> {
  const { rows } = await sql.query<{ processed: boolean; text: string | null; buttons: unknown }>(
    `SELECT e."processedAt" IS NOT NULL AS processed, o.text, o.buttons
     FROM "InboundEvent" e LEFT JOIN "OutboundMessage" o ON o."inboundId" = e.id
     WHERE e.id = $1 ORDER BY o.seq`,
    [String(inboundId)],
  );
  if (!rows[0]?.processed) return null;
  return rows.flatMap((row) => (row.text === null ? [] : [{ text: row.text, buttons: row.buttons }]));
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

/**
 * A chat's conversation for display: inbound text and outbound replies, oldest first. Replies sit
 * under the event they answer; messages no merchant event caused (staff replies, case notices) sit
 * where they happened in time, after the last event received before them.
 */
export async function chatTranscript(prisma: PrismaClient, chatId: string, limit = 200) {
  const [inbound, outbound] = await Promise.all([
    prisma.inboundEvent.findMany({ where: { chatId, kind: 'message' }, orderBy: { id: 'desc' }, take: limit, select: { id: true, text: true, receivedAt: true } }),
    prisma.outboundMessage.findMany({ where: { chatId }, orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }], take: limit, select: { text: true, buttons: true, createdAt: true, inboundId: true, seq: true } }),
  ]);
  // Known points in time of this chat's events: merchant messages, and replies to any event (actions included).
  const points = [...inbound.map((m) => ({ id: m.id, at: m.receivedAt.getTime() })), ...outbound.flatMap((m) => (m.inboundId === null ? [] : [{ id: m.inboundId, at: m.createdAt.getTime() }]))];
  const anchorOf = (at: Date) => points.reduce((max, p) => (p.at <= at.getTime() && p.id > max ? p.id : max), 0n);
  const UNPROMPTED = 1_000_000; // after every reply of the anchor event
  const entries = [
    ...inbound.map((m) => ({ from: 'merchant' as const, text: m.text ?? '', at: m.receivedAt, order: [m.id, -1] as const })),
    // outbound is newest first: unprompted messages count down so the older one sorts first.
    ...outbound.map((m, i) => ({ from: 'bot' as const, text: m.text, buttons: m.buttons, at: m.createdAt, order: m.inboundId === null ? ([anchorOf(m.createdAt), UNPROMPTED + outbound.length - i] as const) : ([m.inboundId, m.seq] as const) })),
  ];
  entries.sort((a, b) => (a.order[0] === b.order[0] ? a.order[1] - b.order[1] : a.order[0] < b.order[0] ? -1 : 1));
  return entries.slice(-limit).map(({ order: _order, ...rest }) => rest);
}
