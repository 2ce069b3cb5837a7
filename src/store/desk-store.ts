import type { ChatAddress } from '../contracts/channel.ts';
import { LOW_SCORE_MAX } from '../domain/satisfaction/survey.ts';
import type { PrismaClient } from './prisma.ts';
import type { SqlPool } from './sql-pool.ts';
import { isUniqueViolation } from './unique-violation.ts';

/** A staff member or manager, as the desk checks them before any step. */
export interface StaffMember {
  id: string;
  name: string;
  role: 'staff' | 'manager';
  lang: string;
}

/** The active staff member behind a platform identity, or null: anyone else pressing a staff button is refused. */
export async function findStaffByIdentity(sql: SqlPool, platform: string, workspace: string, externalUserId: string): Promise<StaffMember | null> {
  const { rows } = await sql.query<StaffMember>(
    `SELECT s.id, s.name, s.role::text AS role, s.lang
     FROM "ChannelIdentity" i JOIN "Staff" s ON s.id = i."staffId"
     WHERE i.platform = $1::"Platform" AND i.workspace = $2 AND i."externalUserId" = $3 AND s.active`,
    [platform, workspace, externalUserId],
  );
  return rows[0] ?? null;
}

/** What a desk message is about: the case whose card (or thread) it is, or the chat a handoff card is for. */
export async function anchorOfDeskMessage(sql: SqlPool, chatId: string, platformMessageId: string): Promise<{ caseId: string } | { handoffChatId: string } | null> {
  const { rows } = await sql.query<{ caseId: string | null; anchor: string | null }>(
    `SELECT o."caseId", COALESCE(o.payload->>'cardOf', o.payload->>'threadOf') AS anchor
     FROM "OutboundMessage" o WHERE o."chatId" = $1 AND o."platformMessageId" = $2 LIMIT 1`,
    [chatId, platformMessageId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.caseId) return { caseId: row.caseId };
  return row.anchor?.startsWith('handoff-') ? { handoffChatId: row.anchor.slice('handoff-'.length) } : null;
}

/** The text of a message the bot posted in a desk chat that belongs to no case (a question the desk asked), by its platform id. */
export async function deskQuestionText(sql: SqlPool, chatId: string, platformMessageId: string): Promise<string | null> {
  const { rows } = await sql.query<{ text: string }>(
    `SELECT o.text FROM "OutboundMessage" o WHERE o."chatId" = $1 AND o."platformMessageId" = $2 AND o."caseId" IS NULL LIMIT 1`,
    [chatId, platformMessageId],
  );
  return rows[0]?.text ?? null;
}

/** Makes sure a configured staff or manager desk has its chat row, so case cards are written to it. */
export async function ensureDeskChat(sql: SqlPool, address: ChatAddress, kind: 'staff' | 'manager', lang = 'zh-CN'): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO "Chat" (id, platform, workspace, "externalChatId", kind, lang, "updatedAt")
     VALUES (gen_random_uuid()::text, $1::"Platform", $2, $3, $4::"ChatKind", $5, now())
     ON CONFLICT (platform, workspace, "externalChatId") DO UPDATE SET kind = EXCLUDED.kind
     RETURNING id`,
    [address.platform, address.workspace, address.externalChatId, kind, lang],
  );
  return rows[0]!.id;
}

type StaffInput = { platform: ChatAddress['platform']; workspace: string; externalUserId: string; name: string; role: 'staff' | 'manager'; lang: string };

/**
 * Adds a staff member, or updates the one with this identity (the CLI, and every start for the console
 * operator). Several processes starting together on a new database all add the console operator: the
 * inserts race on the identity's unique key, and a loser looks again and updates the winner's row.
 */
export async function addStaff(prisma: PrismaClient, input: StaffInput) {
  try {
    return await upsertStaff(prisma, input);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return upsertStaff(prisma, input);
  }
}

async function upsertStaff(prisma: PrismaClient, input: StaffInput) {
  const identity = await prisma.channelIdentity.findUnique({
    where: { platform_workspace_externalUserId: { platform: input.platform, workspace: input.workspace, externalUserId: input.externalUserId } },
    select: { staffId: true },
  });
  if (identity?.staffId) {
    return prisma.staff.update({ where: { id: identity.staffId }, data: { name: input.name, role: input.role, lang: input.lang, active: true } });
  }
  return prisma.staff.create({
    data: {
      name: input.name,
      role: input.role,
      lang: input.lang,
      identities: { create: { platform: input.platform, workspace: input.workspace, externalUserId: input.externalUserId, displayName: input.name } },
    },
  });
}

export async function listStaff(prisma: PrismaClient) {
  return prisma.staff.findMany({ orderBy: { createdAt: 'asc' }, include: { identities: { select: { platform: true, workspace: true, externalUserId: true } } } });
}

/** Deactivates (never deletes: cases and ratings keep pointing at them). */
export async function removeStaff(prisma: PrismaClient, platform: ChatAddress['platform'], workspace: string, externalUserId: string): Promise<boolean> {
  const identity = await prisma.channelIdentity.findUnique({ where: { platform_workspace_externalUserId: { platform, workspace, externalUserId } }, select: { staffId: true } });
  if (!identity?.staffId) return false;
  await prisma.staff.update({ where: { id: identity.staffId }, data: { active: false } });
  return true;
}

/** Hands a merchant chat to a person (or back to the bot with null). */
export async function setHandoff(sql: SqlPool, chatId: string, handoff: { staffId: string | null; at: Date } | null): Promise<boolean> {
  const result = handoff
    ? await sql.query(`UPDATE "Chat" SET "handoffSince" = COALESCE("handoffSince", $2), "handoffStaffId" = COALESCE($3, "handoffStaffId") WHERE id = $1 AND kind = 'merchant'`, [chatId, handoff.at, handoff.staffId])
    : await sql.query(`UPDATE "Chat" SET "handoffSince" = NULL, "handoffStaffId" = NULL WHERE id = $1 AND "handoffSince" IS NOT NULL`, [chatId]);
  return result.rowCount === 1;
}

/** A desk's feed for the console panes: cards and notes with their buttons, newest last. */
export async function deskFeed(sql: SqlPool, chatId: string, limit = 100) {
  const { rows } = await sql.query<{ id: string; text: string; buttons: unknown; payload: unknown; caseId: string | null; createdAt: Date; from: 'bot' | 'staff' }>(
    `SELECT * FROM (
       SELECT o.id, o.text, o.buttons, o.payload, o."caseId", o."createdAt", 'bot' AS "from" FROM "OutboundMessage" o WHERE o."chatId" = $1
       UNION ALL
       SELECT e.id::text, COALESCE(e.text, ''), NULL, e.payload, NULL, e."receivedAt", 'staff' FROM "InboundEvent" e WHERE e."chatId" = $1 AND e.kind = 'message'
     ) feed ORDER BY "createdAt" DESC LIMIT $2`,
    [chatId, limit],
  );
  return rows.reverse();
}

/** Open cases of every merchant by their next deadline: the SLA board of the staff and manager panes. */
export async function slaBoard(sql: SqlPool, limit = 200) {
  const { rows } = await sql.query<{
    number: string; type: string; status: string; outsideWindow: boolean; openedAt: Date; merchant: string | null; assignee: string | null;
    step: string | null; dueAt: Date | null; breachedAt: Date | null; calendarLabel: string | null; clause: string | null;
  }>(
    `SELECT c.number, c.type::text AS type, c.status, c."outsideWindow", c."openedAt", m."displayName" AS merchant, s.name AS assignee,
            d.step, d."dueAt", d."breachedAt", d."calendarLabel", d.clause
     FROM "Case" c
     JOIN "Merchant" m ON m.id = c."merchantId"
     LEFT JOIN "Staff" s ON s.id = c."assigneeId"
     LEFT JOIN LATERAL (
       SELECT step, "dueAt", "breachedAt", "calendarLabel", clause FROM "CaseDeadline"
       WHERE "caseId" = c.id AND "metAt" IS NULL AND "cancelledAt" IS NULL ORDER BY "dueAt" LIMIT 1
     ) d ON true
     WHERE c."closedAt" IS NULL
     ORDER BY d."dueAt" NULLS LAST, c."openedAt" LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Satisfaction (6.2.3) for the manager view: per staff member the number of ratings, the average and the low
 * scores (2 or less); and the latest ratings with their case, score, comment and the staff member rated.
 */
export async function satisfactionBoard(sql: SqlPool, limit = 50) {
  const perStaff = await sql.query<{ staffId: string | null; staff: string | null; ratings: number; average: number; low: number }>(
    `SELECT r."staffId", s.name AS staff, count(*)::int AS ratings, round(avg(r.score)::numeric, 2)::float8 AS average,
            count(*) FILTER (WHERE r.score <= $1)::int AS low
     FROM "SatisfactionRating" r LEFT JOIN "Staff" s ON s.id = r."staffId"
     GROUP BY r."staffId", s.name ORDER BY average, ratings DESC`,
    [LOW_SCORE_MAX],
  );
  const recent = await sql.query<{ number: string; type: string; score: number; comment: string | null; staff: string | null; at: Date }>(
    `SELECT c.number, c.type::text AS type, r.score, r.comment, s.name AS staff, r."createdAt" AS at
     FROM "SatisfactionRating" r JOIN "Case" c ON c.id = r."caseId" LEFT JOIN "Staff" s ON s.id = r."staffId"
     ORDER BY r."createdAt" DESC, r.id LIMIT $1`,
    [limit],
  );
  return { staff: perStaff.rows, recent: recent.rows };
}

/** Merchant chats a person holds now (3.3.3). */
export async function handedOffChats(sql: SqlPool) {
  const { rows } = await sql.query<{ chatId: string; platform: string; merchant: string | null; since: Date; staff: string | null }>(
    `SELECT c.id AS "chatId", c.platform::text AS platform, m."displayName" AS merchant, c."handoffSince" AS since, s.name AS staff
     FROM "Chat" c LEFT JOIN "Merchant" m ON m.id = c."merchantId" LEFT JOIN "Staff" s ON s.id = c."handoffStaffId"
     WHERE c."handoffSince" IS NOT NULL ORDER BY c."handoffSince"`,
  );
  return rows;
}
