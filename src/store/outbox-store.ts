import { z } from 'zod';
import type { Platform } from '../contracts/channel.ts';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { SqlPool } from './sql-pool.ts';

/** What an outbound row carries beyond its text: a case card, form buttons, the case thread it belongs under. */
export const outboundPayloadSchema = z.object({
  /** Button forms (Slack modal fields), keyed by button id. */
  forms: z.record(z.string(), z.object({ title: z.string(), fields: z.array(z.object({ name: z.enum(['reason', 'address', 'trackingNumber', 'note']), label: z.string(), multiline: z.boolean().optional() })) })).optional(),
  card: z
    .object({
      caseNumber: z.string(),
      title: z.string(),
      fields: z.array(z.object({ label: z.string(), value: z.string() })),
      deadline: z.string().optional(),
      photos: z.array(z.object({ url: z.string().optional(), platformFileId: z.string().optional(), fileName: z.string().optional(), inThread: z.boolean().optional() })),
    })
    .optional(),
  /** This row is (or updates) a card in its chat: a case's (its id) or a handoff's (`handoff-<chat id>`). */
  cardOf: z.string().optional(),
  /** Post under that card in the same chat (its thread). */
  threadOf: z.string().optional(),
  /** Staff's words relayed to a merchant asking something: the merchant is reminded if no answer comes. */
  staffQuestion: z.boolean().optional(),
  /**
   * A merchant's photo to upload into the chat, by the stored upload's hash (never the bytes;
   * delivery reads them), with our signed link to it for the console and for fallbacks.
   */
  photo: z
    .object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      mimeType: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      fileName: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
});
export type OutboundPayload = z.infer<typeof outboundPayloadSchema>;

/** One row ready to deliver, with the address of its chat. */
export interface DeliverableRow {
  id: string;
  chatId: string;
  caseId: string | null;
  text: string;
  buttons: unknown;
  payload: OutboundPayload;
  attempts: number;
  platform: Platform;
  workspace: string;
  externalChatId: string;
  lang: Lang;
  /** The platform id of this case's card in this chat, when the row is threaded under it or replaces it. */
  cardMessageId: string | null;
}

interface RawRow extends Omit<DeliverableRow, 'payload' | 'lang'> {
  payload: unknown;
  lang: string;
}

/** Storage of the outbox's delivery side: a per-chat lease, the next row in order, and its outcome. */
export function createOutboxStore(sql: SqlPool) {
  return {
    async acquireLease(chatId: string, token: string, leaseMs: number): Promise<boolean> {
      const taken = await sql.query(
        `UPDATE "Chat" SET "outboxLeaseToken" = $1, "outboxLeaseUntil" = now() + make_interval(secs => $2::double precision)
         WHERE id = $3 AND ("outboxLeaseUntil" IS NULL OR "outboxLeaseUntil" < now() OR "outboxLeaseToken" = $1)`,
        [token, leaseMs / 1000, chatId],
      );
      return taken.rowCount === 1;
    },

    async releaseLease(chatId: string, token: string): Promise<void> {
      await sql.query(`UPDATE "Chat" SET "outboxLeaseToken" = NULL, "outboxLeaseUntil" = NULL WHERE id = $1 AND "outboxLeaseToken" = $2`, [chatId, token]);
    },

    /**
     * The chat's oldest undelivered row, in the order it was written; null when none is due yet.
     * A row waiting for its retry time blocks the rows after it: a chat's messages never overtake.
     */
    async next(chatId: string): Promise<{ row: DeliverableRow } | { waitMs: number } | null> {
      const { rows } = await sql.query<RawRow & { waitMs: number | null }>(
        `SELECT o.id, o."chatId", o."caseId", o.text, o.buttons, o.payload, o.attempts,
                c.platform::text AS platform, c.workspace, c."externalChatId", c.lang,
                (SELECT card."platformMessageId" FROM "OutboundMessage" card
                  WHERE card."chatId" = o."chatId" AND card.status = 'delivered'
                    AND card.payload->>'cardOf' = COALESCE(o.payload->>'threadOf', o.payload->>'cardOf')
                  ORDER BY card."createdAt" LIMIT 1) AS "cardMessageId",
                CASE WHEN o."nextAttemptAt" > now() THEN ceil(extract(epoch FROM o."nextAttemptAt" - now()) * 1000)::int END AS "waitMs"
         FROM "OutboundMessage" o JOIN "Chat" c ON c.id = o."chatId"
         WHERE o."chatId" = $1 AND o.status IN ('pending', 'sending', 'failed')
         ORDER BY o."createdAt", o."inboundId" NULLS LAST, o.seq, o.id LIMIT 1`,
        [chatId],
      );
      const raw = rows[0];
      if (!raw) return null;
      if (raw.waitMs !== null && raw.waitMs > 0) return { waitMs: raw.waitMs };
      const payload = outboundPayloadSchema.safeParse(raw.payload);
      return {
        row: { ...raw, payload: payload.success ? payload.data : {}, lang: parseLangTag(raw.lang) ?? 'zh-CN' },
      };
    },

    async markDelivered(id: string, platformMessageId: string): Promise<void> {
      await sql.query(`UPDATE "OutboundMessage" SET status = 'delivered', "platformMessageId" = $2, "deliveredAt" = now(), "nextAttemptAt" = NULL WHERE id = $1`, [id, platformMessageId]);
    },

    /** A failed try: counted, retried after `retryInMs`; `dead` when no try is left. */
    async markFailed(id: string, errorCode: string, outcome: { dead: true } | { dead: false; retryInMs: number; countAttempt: boolean }): Promise<void> {
      if (outcome.dead) {
        await sql.query(`UPDATE "OutboundMessage" SET status = 'dead', attempts = attempts + 1, "lastError" = $2, "nextAttemptAt" = NULL WHERE id = $1`, [id, errorCode]);
        return;
      }
      await sql.query(
        `UPDATE "OutboundMessage" SET status = 'failed', attempts = attempts + $3, "lastError" = $2,
                "nextAttemptAt" = now() + make_interval(secs => $4::double precision) WHERE id = $1`,
        [id, errorCode, outcome.countAttempt ? 1 : 0, outcome.retryInMs / 1000],
      );
    },

    /** Chats on `platforms` with rows undelivered for longer than `olderThanMs`: the sweeper's safety net. */
    async chatsWithStaleOutbound(platforms: Platform[], olderThanMs: number): Promise<Array<{ chatId: string; platform: Platform }>> {
      if (platforms.length === 0) return [];
      const { rows } = await sql.query<{ chatId: string; platform: Platform }>(
        `SELECT DISTINCT o."chatId", c.platform::text AS platform
         FROM "OutboundMessage" o JOIN "Chat" c ON c.id = o."chatId"
         WHERE o.status IN ('pending', 'sending', 'failed') AND c.platform::text = ANY($1)
           AND o."createdAt" < now() - make_interval(secs => $2::double precision)
           AND (o."nextAttemptAt" IS NULL OR o."nextAttemptAt" < now())
         LIMIT 500`,
        [platforms, olderThanMs / 1000],
      );
      return rows;
    },

    async deadLetters(limit = 50): Promise<Array<{ id: string; chatId: string; platform: Platform; lastError: string | null; attempts: number; createdAt: Date }>> {
      const { rows } = await sql.query<{ id: string; chatId: string; platform: Platform; lastError: string | null; attempts: number; createdAt: Date }>(
        `SELECT o.id, o."chatId", c.platform::text AS platform, o."lastError", o.attempts, o."createdAt"
         FROM "OutboundMessage" o JOIN "Chat" c ON c.id = o."chatId" WHERE o.status = 'dead' ORDER BY o."createdAt" DESC LIMIT $1`,
        [limit],
      );
      return rows;
    },

    async countByStatus(): Promise<Record<string, number>> {
      const { rows } = await sql.query<{ status: string; n: string }>(`SELECT status::text AS status, count(*) AS n FROM "OutboundMessage" GROUP BY status`);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
