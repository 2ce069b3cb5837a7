import type { DirectMessages, Platform } from '../contracts/channel.ts';
import type { ChatAddress } from './inbound-store.ts';
import type { Prisma } from './prisma.ts';
import type { SqlPool } from './sql-pool.ts';

/** A platform that is on and can reach a staff member privately, and how (see {@link DirectMessages}). */
export interface DirectMessagePlatform {
  platform: Platform;
  opens: DirectMessages;
}

/** A staff member's DM chat, as the outbox renders to it. */
export interface StaffDmChat {
  id: string;
  kind: 'staff_dm';
  lang: string;
  platform: Platform;
}

/**
 * A staff member's private chat with the bot, found or opened when they write or press a button
 * there: addressed by their user id (on Telegram that is the private chat's id; on Slack posting to
 * it opens the app's DM). A merchant chat at that address (they wrote before they were staff)
 * becomes their DM: a registered staff member's private chat is a desk surface.
 */
export async function ensureStaffDmChat(sql: SqlPool, address: ChatAddress, lang: string): Promise<string> {
  // Every later event: one indexed read, no write to the chat row the pipeline leases.
  const existing = await sql.query<{ id: string }>(
    `SELECT id FROM "Chat" WHERE platform = $1::"Platform" AND workspace = $2 AND "externalChatId" = $3 AND kind = 'staff_dm'`,
    [address.platform, address.workspace, address.externalChatId],
  );
  if (existing.rows[0]) return existing.rows[0].id;
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO "Chat" (id, platform, workspace, "externalChatId", kind, lang, "updatedAt")
     VALUES (gen_random_uuid()::text, $1::"Platform", $2, $3, 'staff_dm', $4, now())
     ON CONFLICT (platform, workspace, "externalChatId")
       DO UPDATE SET kind = CASE WHEN "Chat".kind = 'merchant' THEN 'staff_dm'::"ChatKind" ELSE "Chat".kind END
     RETURNING id`,
    [address.platform, address.workspace, address.externalChatId, lang],
  );
  return rows[0]!.id;
}

/**
 * The DM chats an SLA warning to an active staff member goes to, inside the warning's transaction:
 * one per platform in `via` where they have an identity. Where the bot may open the DM (Slack) the
 * chat is created on demand; where only the user can (Telegram) only a DM they opened counts, so a
 * warning is never written to a chat the platform would refuse. Empty when there is none: the caller
 * falls back to the desks.
 */
export async function staffDmChats(tx: Prisma.TransactionClient, staffId: string, via: readonly DirectMessagePlatform[]): Promise<StaffDmChat[]> {
  if (via.length === 0) return [];
  const staff = await tx.staff.findFirst({
    where: { id: staffId, active: true },
    select: { lang: true, identities: { where: { platform: { in: via.map((v) => v.platform) } }, select: { platform: true, workspace: true, externalUserId: true } } },
  });
  if (!staff || staff.identities.length === 0) return [];
  const opens = new Map(via.map((v) => [v.platform, v.opens]));
  const address = (i: (typeof staff.identities)[number]) => ({ platform: i.platform, workspace: i.workspace, externalChatId: i.externalUserId });
  const botOpened = staff.identities.filter((i) => opens.get(i.platform) === 'bot_opens');
  if (botOpened.length > 0) {
    await tx.chat.createMany({ data: botOpened.map((i) => ({ ...address(i), kind: 'staff_dm' as const, lang: staff.lang })), skipDuplicates: true });
  }
  const chats = await tx.chat.findMany({
    where: { kind: 'staff_dm', OR: staff.identities.map(address) },
    select: { id: true, lang: true, platform: true },
    orderBy: [{ platform: 'asc' }],
  });
  return chats.map((c) => ({ ...c, kind: 'staff_dm' as const }));
}
