import { z } from 'zod';
import { attachmentRefSchema } from '../contracts/cases.ts';
import type { ConversationStore, PendingInbound } from '../contracts/pipeline.ts';
import { parseLangTag } from '../contracts/lang.ts';
import type { Reply } from '../contracts/conversation.ts';
import { formFieldNames, type ChatKind, type Platform } from '../contracts/channel.ts';
import type { ConversationInput } from '../contracts/conversation.ts';
import type { SqlPool } from './sql-pool.ts';

/**
 * What an inbound event carries beyond its columns: attachments, a form's fields, the message it
 * answers, and platform files not fetched yet (the file intake fetches them when the event is processed).
 */
export const inboundPayloadSchema = z.object({
  attachments: z.array(attachmentRefSchema).optional(),
  fields: z.partialRecord(z.enum(formFieldNames), z.string()).optional(),
  inReplyTo: z.string().optional(),
  files: z
    .array(z.object({ fileId: z.string().min(1), fileName: z.string().optional(), mimeType: z.string().optional(), sizeBytes: z.number().nonnegative().optional() }))
    .optional(),
});

function extrasOf(payload: unknown): Pick<ConversationInput, 'attachments' | 'fields' | 'inReplyTo' | 'files'> {
  const parsed = inboundPayloadSchema.safeParse(payload);
  if (!parsed.success) return {};
  const { attachments, fields, inReplyTo, files } = parsed.data;
  return { ...(attachments?.length ? { attachments } : {}), ...(fields ? { fields } : {}), ...(inReplyTo ? { inReplyTo } : {}), ...(files?.length ? { files } : {}) };
}

interface PendingRow {
  id: string;
  kind: 'message' | 'action';
  text: string | null;
  actionId: string | null;
  lang: string | null;
  payload: unknown;
  attempts: number;
  receivedAt: Date;
  chatId: string;
  merchantId: string | null;
  chatLang: string;
  state: unknown;
  userId: string | null;
  userName: string | null;
  surface: ChatKind;
  platform: Platform;
  workspace: string;
  externalChatId: string;
  handoffSince: Date | null;
  handoffStaffId: string | null;
}

/** The columns of a pending event and its chat, as `toPending` reads them; `e` is the event, `c` its chat. */
const PENDING_COLUMNS = `e.id, e.kind::text AS kind, e.text, e."actionId", e.lang, e.payload, e.attempts, e."receivedAt",
  e."userId", e."userName",
  c.id AS "chatId", c."merchantId", c.lang AS "chatLang", c.state, c.kind::text AS surface,
  c.platform::text AS platform, c.workspace, c."externalChatId", c."handoffSince", c."handoffStaffId"`;

function toPending(row: PendingRow): PendingInbound {
  const input = {
    kind: row.kind,
    receivedAt: row.receivedAt,
    inboundId: String(row.id),
    ...(row.text !== null ? { text: row.text } : {}),
    ...(row.actionId !== null ? { actionId: row.actionId } : {}),
    ...(row.lang !== null ? { lang: parseLangTag(row.lang) ?? 'zh-CN' } : {}),
    ...extrasOf(row.payload),
    ...(row.userId !== null ? { sender: { externalUserId: row.userId, ...(row.userName !== null ? { displayName: row.userName } : {}) } } : {}),
  };
  const chat = {
    chatId: row.chatId,
    merchantId: row.merchantId,
    lang: parseLangTag(row.chatLang) ?? 'zh-CN',
    state: row.state,
    surface: row.surface,
    address: { platform: row.platform, workspace: row.workspace, externalChatId: row.externalChatId },
    handoff: row.handoffSince === null ? null : { since: row.handoffSince, staffId: row.handoffStaffId },
  };
  return { id: BigInt(row.id), chat, attempts: row.attempts, input };
}

/** Whether the chat's lease is free: none taken, or the last one ran out. `c` is the chat. */
const LEASE_FREE = `(c."leaseUntil" IS NULL OR c."leaseUntil" < now())`;

/**
 * Takes the chat's lease and reads its oldest pending event in one statement, only when an event is
 * pending (and the job's event exists). When another worker holds the lease, marks it wanted, so
 * that holder looks again before it lets go. The event and state are read from the statement's
 * snapshot; when the lease had to wait for a holder's completion to commit, that snapshot predates
 * it, which `fresh` (the chat's state version then and now) tells, and the caller reads again.
 */
const CLAIM_SQL = `
WITH job AS (
  SELECT $4::bigint IS NULL OR EXISTS (SELECT 1 FROM "InboundEvent" WHERE id = $4::bigint AND "chatId" = $3) AS known
), next AS (
  SELECT id FROM "InboundEvent" WHERE "chatId" = $3 AND "processedAt" IS NULL ORDER BY id LIMIT 1
), claimed AS (
  UPDATE "Chat" c SET
    "leaseToken" = CASE WHEN ${LEASE_FREE} THEN $1 ELSE c."leaseToken" END,
    "leaseUntil" = CASE WHEN ${LEASE_FREE} THEN now() + make_interval(secs => $2::double precision) ELSE c."leaseUntil" END,
    "leaseWanted" = NOT ${LEASE_FREE}
  WHERE c.id = $3 AND EXISTS (SELECT 1 FROM next) AND (SELECT known FROM job)
  RETURNING c."leaseToken" = $1 AS leased, (extract(epoch FROM c."leaseUntil" - now()) * 1000)::float8 AS "busyMs", c."stateVersion"
)
SELECT (SELECT known FROM job) AS known, EXISTS (SELECT 1 FROM next) AS pending,
       coalesce(cl.leased, false) AS leased, cl."busyMs", cl."stateVersion" = c."stateVersion" AS fresh, ${PENDING_COLUMNS}
FROM (SELECT 1) AS one
LEFT JOIN claimed cl ON true
LEFT JOIN next n ON true
LEFT JOIN "InboundEvent" e ON e.id = n.id
LEFT JOIN "Chat" c ON c.id = e."chatId"`;

/**
 * Completes an event and goes on, in one statement: marks it processed, stores its replies, saves
 * the chat state, wakes waiting requests (NOTIFY at commit), reads the chat's next pending event,
 * and when there is none and no other worker asked for the chat meanwhile, releases the lease. All
 * or nothing; nothing is stored if another worker already completed the event. The lease columns
 * are decided on the chat row as it is when this statement locks it, so a worker that marked the
 * lease wanted after this statement's snapshot keeps it from being released.
 */
const COMPLETE_SQL = `
WITH marked AS (
  UPDATE "InboundEvent" SET "processedAt" = now() WHERE id = $1 AND "processedAt" IS NULL RETURNING id, "awaitedBy"
), replies AS (
  INSERT INTO "OutboundMessage" (id, "chatId", "inboundId", seq, text, buttons, status, "deliveredAt", "platformMessageId", "createdAt")
  -- The console reads its replies from here: they count as delivered; platforms' wait for the outbox worker.
  SELECT gen_random_uuid()::text, $2, marked.id, r.seq, r.text, r.buttons,
         CASE WHEN c.platform = 'console' THEN 'delivered'::"DeliveryStatus" ELSE 'pending'::"DeliveryStatus" END,
         CASE WHEN c.platform = 'console' THEN now() END,
         CASE WHEN c.platform = 'console' THEN 'console-' || marked.id || '-' || r.seq END, now()
  FROM marked, "Chat" c, jsonb_to_recordset($3::jsonb) AS r(seq int, text text, buttons jsonb)
  WHERE c.id = $2
  RETURNING 1
), woken AS (
  -- Delivered at commit to every process's listener: a request waiting there wakes at once. Not
  -- sent when nobody waits ('') or the one waiting request is in this process ($7), which hands
  -- it the replies itself: a NOTIFY serialises the commits of every notifying transaction.
  SELECT pg_notify('inbound_processed', id::text) FROM marked
  WHERE "awaitedBy" IS NULL OR ("awaitedBy" <> '' AND "awaitedBy" IS DISTINCT FROM $7::text)
), next AS (
  SELECT id FROM "InboundEvent" WHERE "chatId" = $2 AND "processedAt" IS NULL AND id <> $1 ORDER BY id LIMIT 1
), chat AS (
  UPDATE "Chat" c SET
    state = CASE WHEN EXISTS (SELECT 1 FROM marked) THEN $4::jsonb ELSE c.state END,
    lang = CASE WHEN EXISTS (SELECT 1 FROM marked) THEN $5 ELSE c.lang END,
    "stateVersion" = c."stateVersion" + CASE WHEN EXISTS (SELECT 1 FROM marked) THEN 1 ELSE 0 END,
    "updatedAt" = CASE WHEN EXISTS (SELECT 1 FROM marked) THEN now() ELSE c."updatedAt" END,
    "leaseToken" = CASE WHEN c."leaseToken" = $6 AND NOT c."leaseWanted" AND NOT EXISTS (SELECT 1 FROM next) THEN NULL ELSE c."leaseToken" END,
    "leaseUntil" = CASE WHEN c."leaseToken" = $6 AND NOT c."leaseWanted" AND NOT EXISTS (SELECT 1 FROM next) THEN NULL ELSE c."leaseUntil" END,
    "leaseWanted" = CASE WHEN c."leaseToken" = $6 THEN false ELSE c."leaseWanted" END
  WHERE c.id = $2 AND (EXISTS (SELECT 1 FROM marked) OR c."leaseToken" = $6)
  RETURNING c."leaseToken" IS NULL AS released, c."leaseToken" = $6 AS held
)
SELECT (SELECT count(*) FROM marked) AS done, (SELECT count(*) FROM woken) AS woken, (SELECT count(*) FROM replies) AS stored,
       coalesce((SELECT released FROM chat), false) AS released, coalesce((SELECT held FROM chat), false) AS held, ${PENDING_COLUMNS}
FROM (SELECT 1) AS one
LEFT JOIN next n ON true
LEFT JOIN "InboundEvent" e ON e.id = n.id
LEFT JOIN "Chat" c ON c.id = e."chatId"`;

/**
 * Lets a lease go when nothing is pending and nobody asked for the chat; otherwise keeps it and
 * clears the request, so the holder reads again. Decided on the chat row as locked, like COMPLETE_SQL.
 */
const RELEASE_IF_IDLE_SQL = `
WITH next AS (
  SELECT id FROM "InboundEvent" WHERE "chatId" = $1 AND "processedAt" IS NULL LIMIT 1
)
UPDATE "Chat" c SET
  "leaseToken" = CASE WHEN NOT c."leaseWanted" AND NOT EXISTS (SELECT 1 FROM next) THEN NULL ELSE c."leaseToken" END,
  "leaseUntil" = CASE WHEN NOT c."leaseWanted" AND NOT EXISTS (SELECT 1 FROM next) THEN NULL ELSE c."leaseUntil" END,
  "leaseWanted" = false
WHERE c.id = $1 AND c."leaseToken" = $2
RETURNING c."leaseToken" IS NULL AS released`;

type PendingColumns = { [K in keyof PendingRow]: PendingRow[K] | null };

/**
 * The conversation pipeline's storage. Every message passes through here several times, so these
 * statements are hand-written SQL on a plain pg pool (see sql-pool.ts for why), and each does as
 * much of one step as it can: a message costs two of them in the worker when its chat is idle.
 */
export function createConversationStore(
  sql: SqlPool,
  options: {
    /** The pool for lease-only statements (taking, renewing, letting go); see createSqlPool's `asynchronousCommit`. Default `sql`. */
    leaseSql?: SqlPool;
    /** This process's id, as ingest writes it to events a request here waits for: their completion here needs no NOTIFY. */
    instanceId?: string;
  } = {},
): ConversationStore {
  const leaseSql = options.leaseSql ?? sql;
  const pendingOf = (row: PendingColumns | undefined) => (row && row.id !== null ? toPending(row as PendingRow) : null);
  return {
    async acquireChatLease(chatId, token, leaseMs) {
      const taken = await leaseSql.query(
        `UPDATE "Chat" SET "leaseToken" = $1, "leaseUntil" = now() + make_interval(secs => $2::double precision), "leaseWanted" = false
         WHERE id = $3 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`,
        [token, leaseMs / 1000, chatId],
      );
      return taken.rowCount === 1;
    },

    async claimChat(chatId, token, leaseMs, jobInboundId) {
      const { rows } = await leaseSql.query<PendingColumns & { known: boolean; pending: boolean; leased: boolean; busyMs: number | null; fresh: boolean | null }>(CLAIM_SQL, [
        token,
        leaseMs / 1000,
        chatId,
        jobInboundId === undefined ? null : String(jobInboundId),
      ]);
      const row = rows[0];
      if (!row?.known) return { kind: 'unknown' };
      if (!row.pending) return { kind: 'idle' };
      if (!row.leased) return { kind: 'busy', remainingMs: row.busyMs === null ? null : Math.max(0, row.busyMs) };
      return { kind: 'leased', next: row.fresh ? pendingOf(row) : null };
    },

    async renewChatLease(chatId, token, leaseMs) {
      const renewed = await leaseSql.query(
        `UPDATE "Chat" SET "leaseUntil" = now() + make_interval(secs => $2::double precision) WHERE id = $3 AND "leaseToken" = $1`,
        [token, leaseMs / 1000, chatId],
      );
      return renewed.rowCount === 1;
    },

    async releaseChatLease(chatId, token) {
      await leaseSql.query(`UPDATE "Chat" SET "leaseToken" = NULL, "leaseUntil" = NULL, "leaseWanted" = false WHERE id = $1 AND "leaseToken" = $2`, [chatId, token]);
    },

    async releaseChatLeaseIfIdle(chatId, token) {
      const { rows } = await leaseSql.query<{ released: boolean }>(RELEASE_IF_IDLE_SQL, [chatId, token]);
      // No row: the lease is not ours any more; there is nothing to let go.
      return rows[0]?.released ?? true;
    },

    async nextPendingInbound(chatId): Promise<PendingInbound | null> {
      const { rows } = await sql.query<PendingRow>(
        `SELECT ${PENDING_COLUMNS}
         FROM "InboundEvent" e JOIN "Chat" c ON c.id = e."chatId"
         WHERE e."chatId" = $1 AND e."processedAt" IS NULL
         ORDER BY e.id LIMIT 1`,
        [chatId],
      );
      return pendingOf(rows[0]);
    },

    async completeInbound({ inboundId, chatId, replies, state, lang, leaseToken }) {
      const rows = replies.map((reply: Reply, seq) => ({ seq, text: reply.text, buttons: reply.buttons ?? null }));
      const result = await sql.query<PendingColumns & { done: string; released: boolean; held: boolean }>(COMPLETE_SQL, [
        String(inboundId),
        chatId,
        JSON.stringify(rows),
        JSON.stringify(state ?? {}),
        lang,
        leaseToken ?? null,
        options.instanceId ?? null,
      ]);
      const row = result.rows[0];
      const done = Number(row?.done ?? 0) > 0;
      // The next event with its chat as this statement left it: the snapshot read predates the state it wrote.
      // When this statement completed nothing (another worker did), the caller reads afresh instead.
      const next = done ? pendingOf(row) : null;
      if (next) next.chat = { ...next.chat, state: state ?? {}, lang };
      return { done, next, released: row?.released === true, held: row?.held === true };
    },

    async recordInboundFailure(inboundId, errorCode) {
      const { rows } = await sql.query<{ attempts: number }>(
        `UPDATE "InboundEvent" SET attempts = attempts + 1, "lastError" = $1 WHERE id = $2 RETURNING attempts`,
        [errorCode, String(inboundId)],
      );
      return rows[0]?.attempts ?? 0;
    },
  };
}
