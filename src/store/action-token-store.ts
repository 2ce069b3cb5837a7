import { randomBytes } from 'node:crypto';
import type { ActionTokenStore, ChatAddress } from '../contracts/channel.ts';
import type { SqlPool } from './sql-pool.ts';

/** A token lives as long as a card may sensibly be acted on. */
const TOKEN_TTL_DAYS = 30;

/**
 * Short ids for button payloads a platform cannot carry whole (Telegram's 64-byte callback_data):
 * the full action id stays here, the button carries 12 random characters.
 */
export function createActionTokenStore(sql: SqlPool): ActionTokenStore {
  return {
    async shorten(actionId: string, address: ChatAddress): Promise<string> {
      const id = randomBytes(9).toString('base64url');
      await sql.query(
        `INSERT INTO "ActionToken" (id, "chatId", payload, "expiresAt")
         SELECT $1, c.id, $5::jsonb, now() + make_interval(days => $6)
         FROM "Chat" c WHERE c.platform = $2::"Platform" AND c.workspace = $3 AND c."externalChatId" = $4`,
        [id, address.platform, address.workspace, address.externalChatId, JSON.stringify({ actionId }), TOKEN_TTL_DAYS],
      );
      return id;
    },
    async expand(token: string): Promise<string | null> {
      const { rows } = await sql.query<{ actionId: string | null }>(`SELECT payload->>'actionId' AS "actionId" FROM "ActionToken" WHERE id = $1 AND "expiresAt" > now()`, [token]);
      return rows[0]?.actionId ?? null;
    },
  };
}
