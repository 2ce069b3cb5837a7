import { z } from 'zod';
import { attachmentRefSchema } from '../contracts/cases.ts';
import type { ConversationStore, PendingInbound } from '../contracts/pipeline.ts';
import { parseLangTag } from '../contracts/lang.ts';
import type { Reply } from '../contracts/conversation.ts';
import { formFieldNames, type Platform, type Surface } from '../contracts/channel.ts';
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
  surface: Surface;
  platform: Platform;
  workspace: string;
  externalChatId: string;
  handoffSince: Date | null;
  handoffStaffId: string | null;
}

/**
 * The conversation pipeline's storage. Every message passes through here several times, so these
 * statements are hand-written SQL on a plain pg pool (see sql-pool.ts for why).
 */
export function createConversationStore(sql: SqlPool): ConversationStore {
  return {
    async acquireChatLease(chatId, token, leaseMs) {
      const taken = await sql.query(
        `UPDATE "Chat" SET "leaseToken" = $1, "leaseUntil" = now() + make_interval(secs => $2::double precision)
         WHERE id = $3 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`,
        [token, leaseMs / 1000, chatId],
      );
      return taken.rowCount === 1;
    },

    async renewChatLease(chatId, token, leaseMs) {
      const renewed = await sql.query(
        `UPDATE "Chat" SET "leaseUntil" = now() + make_interval(secs => $2::double precision) WHERE id = $3 AND "leaseToken" = $1`,
        [token, leaseMs / 1000, chatId],
      );
      return renewed.rowCount === 1;
    },

    async chatLeaseRemainingMs(chatId) {
      // Computed by the database: the lease was written with its clock, and the column has no time zone.
      const { rows } = await sql.query<{ ms: number }>(
        `SELECT (extract(epoch FROM "leaseUntil" - now()) * 1000)::float8 AS ms FROM "Chat" WHERE id = $1 AND "leaseUntil" >= now()`,
        [chatId],
      );
      return rows[0] ? Math.max(0, rows[0].ms) : null;
    },

    async inboundExists(inboundId, chatId) {
      const { rows } = await sql.query(`SELECT 1 FROM "InboundEvent" WHERE id = $1 AND "chatId" = $2`, [String(inboundId), chatId]);
      return rows.length > 0;
    },

    async releaseChatLease(chatId, token) {
      await sql.query(`UPDATE "Chat" SET "leaseToken" = NULL, "leaseUntil" = NULL WHERE id = $1 AND "leaseToken" = $2`, [chatId, token]);
    },

    async nextPendingInbound(chatId): Promise<PendingInbound | null> {
      const { rows } = await sql.query<PendingRow>(
        `SELECT e.id, e.kind::text AS kind, e.text, e."actionId", e.lang, e.payload, e.attempts, e."receivedAt",
                e."userId", e."userName",
                c.id AS "chatId", c."merchantId", c.lang AS "chatLang", c.state, c.kind::text AS surface,
                c.platform::text AS platform, c.workspace, c."externalChatId", c."handoffSince", c."handoffStaffId"
         FROM "InboundEvent" e JOIN "Chat" c ON c.id = e."chatId"
         WHERE e."chatId" = $1 AND e."processedAt" IS NULL
         ORDER BY e.id LIMIT 1`,
        [chatId],
      );
      const row = rows[0];
      if (!row) return null;
      const input = {
        kind: row.kind,
        receivedAt: row.receivedAt,
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
    },

    async completeInbound({ inboundId, chatId, replies, state, lang }) {
      // One statement: mark processed, store the replies, save the chat state; all or nothing,
      // and nothing at all if another worker already completed this event.
      const rows = replies.map((reply: Reply, seq) => ({ seq, text: reply.text, buttons: reply.buttons ?? null }));
      const result = await sql.query<{ done: string }>(
        `WITH marked AS (
           UPDATE "InboundEvent" SET "processedAt" = now() WHERE id = $1 AND "processedAt" IS NULL RETURNING id
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
           -- Delivered at commit to every process's listener: a request waiting there wakes at once.
           SELECT pg_notify('inbound_processed', id::text) FROM marked
         ), chat AS (
           UPDATE "Chat" SET state = $4::jsonb, lang = $5, "stateVersion" = "stateVersion" + 1, "updatedAt" = now()
           WHERE id = $2 AND EXISTS (SELECT 1 FROM marked)
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM marked) AS done, (SELECT count(*) FROM woken) AS woken`,
        [String(inboundId), chatId, JSON.stringify(rows), JSON.stringify(state ?? {}), lang],
      );
      return Number(result.rows[0]?.done ?? 0) > 0;
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
