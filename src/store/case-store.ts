import { isUniqueViolation } from './unique-violation.ts';
import { randomUUID } from 'node:crypto';
import type { AttachmentRef, CaseDraft, CaseSummary } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import type { CalendarLabel } from '../domain/calendar/index.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import type { StartedDeadline } from '../domain/sla/index.ts';
import { CASE_NUMBER_PREFIXES } from '../domain/sla/index.ts';
import { CodedError } from '../errors.ts';
import type { Platform } from '../contracts/channel.ts';
import { renderDrafts, type CaseCardRow, type CaseOutboxBuilder } from './case-outbox-store.ts';
import { caseSummarySelect, toCaseSummary } from './case-summary-row.ts';
import { Prisma, type PrismaClient } from './prisma.ts';

/** The case columns copied from the merchant's confirmed draft. */
export type NewCaseFields = Pick<CaseDraft, 'orderNumber' | 'itemName' | 'quantity' | 'problemCategory' | 'description' | 'wishedRemedy' | 'reason' | 'receivedOn'>;

/** Everything needed to write a new case; computed by src/cases from the domain rules. */
export interface NewCase {
  requestKey: string | null;
  type: CaseType;
  status: string;
  merchantId: string;
  chatId: string;
  lang: Lang;
  openedAt: Date;
  /** Business-local day of `openedAt`, 'YYYYMMDD'. */
  localDay: string;
  fields: NewCaseFields;
  outsideWindow: boolean;
  calendarLabel: CalendarLabel;
  details: Prisma.InputJsonObject;
  deadlines: readonly StartedDeadline[];
  /** The opening entry of the case history. */
  event: { kind: string; actorId: string; toStatus: string; data: Prisma.InputJsonObject };
  complaint?: { accusedName?: string; description: string };
  attachments: readonly AttachmentRef[];
  /** The messages opening sends (the staff or manager card), written in the same transaction. */
  outbox?: CaseOutboxBuilder;
}

/** An opened case, and the chats its opening wrote messages to (none when it was already open). */
export interface OpenedCase {
  summary: CaseSummary;
  touched: Array<{ chatId: string; platform: Platform }>;
}

/** Interactive transactions queue on the counter row under load; give them room before giving up. */
export const CASE_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Writes a case with its number, deadlines, opening event, complaint, attachments and opening messages, all in one statement. */
export async function insertCase(prisma: PrismaClient, input: NewCase): Promise<OpenedCase> {
  const alreadyOpened = async () => {
    if (input.requestKey === null) return null;
    const row = await prisma.case.findUnique({ where: { requestKey: input.requestKey }, select: { ...caseSummarySelect, merchantId: true } });
    return row !== null && row.merchantId === input.merchantId ? { summary: toCaseSummary(row), touched: [] } : null;
  };
  const context = await readOpeningContext(prisma, input);
  if (context.existing) {
    const existing = await alreadyOpened();
    if (existing) return existing;
  }
  try {
    return await insertNewCase(prisma, input, context);
  } catch (error) {
    // The same request raced itself (two retries at once): the unique key let one through, and the
    // loser's statement, its case number included, was rolled back.
    const winner = isUniqueViolation(error) ? await alreadyOpened() : null;
    if (winner) return winner;
    throw error;
  }
}

/**
 * Writes a new case inside the caller's transaction (e.g. a follow-up opened with the rating that asks for it),
 * so both commit or neither does. No retry on a unique key here: the caller's own unique write comes first.
 */
export async function insertCaseInTransaction(tx: Prisma.TransactionClient, input: NewCase): Promise<OpenedCase> {
  return insertNewCase(tx, input, await readOpeningContext(tx, input));
}

interface OpeningContext {
  chat: { merchantId: string | null; platform: Platform; lang: string } | null;
  merchantName: string | null;
  desks: Array<{ id: string; kind: string; lang: string; platform: Platform }>;
  existing: boolean;
}

/** Everything opening reads before it writes, in one statement: the chat, the merchant's name, the desks, a case of the same request. */
async function readOpeningContext(prisma: PrismaClient | Prisma.TransactionClient, input: NewCase): Promise<OpeningContext> {
  const rows = await prisma.$queryRawUnsafe<Array<{ chat: OpeningContext['chat']; merchantName: string | null; desks: OpeningContext['desks']; existing: boolean }>>(
    `SELECT (SELECT json_build_object('merchantId', "merchantId", 'platform', platform::text, 'lang', lang) FROM "Chat" WHERE id = $1) AS chat,
            (SELECT "displayName" FROM "Merchant" WHERE id = $2) AS "merchantName",
            (SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind::text, 'lang', lang, 'platform', platform::text) ORDER BY "createdAt", id), '[]'::json)
               FROM "Chat" WHERE kind IN ('staff', 'manager')) AS desks,
            EXISTS (SELECT 1 FROM "Case" WHERE "requestKey" = $3) AS existing`,
    input.chatId,
    input.merchantId,
    input.requestKey,
  );
  const row = rows[0];
  return { chat: row?.chat ?? null, merchantName: row?.merchantName ?? null, desks: row?.desks ?? [], existing: row?.existing ?? false };
}

/** Stands for the case number in the opening messages until the statement that draws the number writes them. */
const NUMBER_SENTINEL = '\u2063CASE-NUMBER\u2063';

/**
 * One statement: draws the number from CaseNumberCounter (an upsert, so the counter row is locked
 * only for this statement, and a failed statement gives the number back), inserts the case, its
 * deadlines, opening event, complaint and attachments, and its opening messages with the number
 * put in. No interactive transaction: nothing waits on a lock across round trips.
 */
async function insertNewCase(prisma: PrismaClient | Prisma.TransactionClient, input: NewCase, context: OpeningContext): Promise<OpenedCase> {
  const { chat } = context;
  if (chat === null || (chat.merchantId !== null && chat.merchantId !== input.merchantId)) {
    throw new CodedError('case.chat_invalid', `chat ${input.chatId} does not belong to merchant ${input.merchantId}`);
  }
  const caseId = randomUUID();
  const { receivedOn, ...fields } = input.fields;
  const receivedOnDate = receivedOn === undefined ? null : new Date(`${receivedOn}T00:00:00Z`);
  const now = new Date();
  // The card row as it will be once written, its number still to be drawn.
  const card: CaseCardRow = {
    id: caseId,
    number: NUMBER_SENTINEL,
    type: input.type,
    status: input.status,
    lang: input.lang,
    chatId: input.chatId,
    assigneeId: null,
    orderNumber: fields.orderNumber ?? null,
    itemName: fields.itemName ?? null,
    quantity: fields.quantity ?? null,
    problemCategory: fields.problemCategory ?? null,
    description: fields.description ?? null,
    wishedRemedy: fields.wishedRemedy ?? null,
    remedy: null,
    receivedOn: receivedOnDate,
    outsideWindow: input.outsideWindow,
    reason: fields.reason ?? null,
    rejectReason: null,
    returnAddress: null,
    trackingNumber: null,
    openedAt: input.openedAt,
    assignee: null,
    merchant: { displayName: context.merchantName },
    complaint: input.complaint === undefined ? null : { accusedName: input.complaint.accusedName ?? null, description: input.complaint.description },
    deadlines: [...input.deadlines].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map((d) => ({ step: d.step, clause: d.clause, dueAt: d.dueAt, calendarLabel: d.calendar, breachedAt: null })),
    attachments: input.attachments.slice(0, 9).map((a) => ({ externalRef: a.ref, fileName: a.fileName ?? null, mimeType: a.mimeType, sizeBytes: a.sizeBytes, platform: chat.platform })),
    rating: null,
  };
  const drafts = input.outbox ? input.outbox(card) : [];
  const { rows: outbox, touched } = renderDrafts(drafts, { id: input.chatId, lang: chat.lang, platform: chat.platform }, context.desks, caseId, now);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const rows = await prisma.$queryRawUnsafe<Array<{ number: string }>>(
    OPEN_CASE_SQL,
    caseId,
    CASE_NUMBER_PREFIXES[input.type],
    input.localDay,
    input.requestKey,
    input.type,
    input.status,
    input.merchantId,
    input.chatId,
    input.lang,
    JSON.stringify({ ...fields, receivedOn: receivedOn ?? null }),
    input.outsideWindow,
    input.calendarLabel,
    JSON.stringify(input.details),
    iso(input.openedAt),
    JSON.stringify(input.deadlines.map((d) => ({ step: d.step, clause: d.clause, startedAt: iso(d.startedAt), dueAt: iso(d.dueAt), calendarLabel: d.calendar }))),
    JSON.stringify({ kind: input.event.kind, actorId: input.event.actorId, toStatus: input.event.toStatus, data: input.event.data }),
    JSON.stringify(input.complaint === undefined ? [] : [{ accusedName: input.complaint.accusedName ?? null, description: input.complaint.description }]),
    JSON.stringify(input.attachments.map((a) => ({ externalRef: a.ref, fileName: a.fileName ?? null, mimeType: a.mimeType, sizeBytes: a.sizeBytes }))),
    chat.platform,
    JSON.stringify(outbox.map((o) => ({ ...o, createdAt: iso(o.createdAt as Date), deliveredAt: iso(o.deliveredAt as Date | undefined) }))),
    NUMBER_SENTINEL,
  );
  const number = rows[0]?.number;
  if (number === undefined) throw new Error(`case ${caseId} was not written`);
  const summary = toCaseSummary({
    id: caseId,
    number,
    type: input.type,
    status: input.status,
    lang: input.lang,
    openedAt: input.openedAt,
    outsideWindow: input.outsideWindow,
    orderNumber: card.orderNumber,
    itemName: card.itemName,
    deadlines: input.deadlines.map((d) => ({ step: d.step, clause: d.clause, dueAt: d.dueAt, calendarLabel: d.calendar, metAt: null, cancelledAt: null })),
  });
  return { summary, touched };
}

/** See insertNewCase. The number is formatted as caseNumber() does: the sequence zero-padded to four digits, never cut. */
const OPEN_CASE_SQL = `
WITH counter AS (
  INSERT INTO "CaseNumberCounter" (prefix, day, last) VALUES ($2::text, $3::text, 1)
  ON CONFLICT (prefix, day) DO UPDATE SET last = "CaseNumberCounter".last + 1
  RETURNING $2::text || '-' || $3::text || '-' || CASE WHEN last < 10000 THEN lpad(last::text, 4, '0') ELSE last::text END AS number
), f AS (
  SELECT * FROM jsonb_to_record($10::jsonb) AS f("orderNumber" text, "itemName" text, quantity int, "problemCategory" text, description text, "wishedRemedy" text, reason text, "receivedOn" date)
), created AS (
  INSERT INTO "Case" (id, number, "requestKey", type, status, "merchantId", "chatId", lang, "orderNumber", "itemName", quantity, "problemCategory",
                      description, "wishedRemedy", reason, "receivedOn", "outsideWindow", "calendarLabel", details, "openedAt", "updatedAt")
  SELECT $1::text, counter.number, $4::text, $5::"CaseType", $6::text, $7::text, $8::text, $9::text, f."orderNumber", f."itemName", f.quantity, f."problemCategory",
         f.description, f."wishedRemedy", f.reason, f."receivedOn", $11::boolean, $12::text, $13::jsonb, $14::timestamp(3), now()
  FROM counter, f
  RETURNING id, number
), deadlines AS (
  INSERT INTO "CaseDeadline" (id, "caseId", step, clause, "startedAt", "dueAt", "calendarLabel", "updatedAt")
  SELECT gen_random_uuid()::text, created.id, d.step, d.clause, d."startedAt"::timestamp(3), d."dueAt"::timestamp(3), d."calendarLabel", now()
  FROM created, jsonb_to_recordset($15::jsonb) AS d(step text, clause text, "startedAt" text, "dueAt" text, "calendarLabel" text)
  RETURNING 1
), opening AS (
  INSERT INTO "CaseEvent" ("caseId", at, "actorKind", "actorId", kind, "toStatus", data)
  SELECT created.id, $14::timestamp(3), 'merchant', e."actorId", e.kind, e."toStatus", e.data
  FROM created, jsonb_to_record($16::jsonb) AS e(kind text, "actorId" text, "toStatus" text, data jsonb)
  RETURNING 1
), complaint AS (
  INSERT INTO "Complaint" (id, "caseId", "merchantId", "accusedName", description)
  SELECT gen_random_uuid()::text, created.id, $7::text, c."accusedName", c.description
  FROM created, jsonb_to_recordset($17::jsonb) AS c("accusedName" text, description text)
  RETURNING 1
), attached AS (
  INSERT INTO "Attachment" (id, "caseId", platform, "externalRef", "fileName", "mimeType", "sizeBytes")
  SELECT gen_random_uuid()::text, created.id, $19::"Platform", a."externalRef", a."fileName", a."mimeType", a."sizeBytes"
  FROM created, jsonb_to_recordset($18::jsonb) AS a("externalRef" text, "fileName" text, "mimeType" text, "sizeBytes" int)
  RETURNING 1
), messages AS (
  INSERT INTO "OutboundMessage" (id, "chatId", "caseId", seq, text, buttons, payload, status, "deliveredAt", "platformMessageId", "createdAt")
  SELECT o.id, o."chatId", created.id, o.seq, replace(o.text, $21::text, created.number),
         replace(o.buttons::text, $21::text, created.number)::jsonb, replace(o.payload::text, $21::text, created.number)::jsonb,
         o.status::"DeliveryStatus", o."deliveredAt"::timestamp(3), o."platformMessageId", o."createdAt"::timestamp(3)
  FROM created, jsonb_to_recordset($20::jsonb) AS o(id text, "chatId" text, seq int, text text, buttons jsonb, payload jsonb, status text, "deliveredAt" text, "platformMessageId" text, "createdAt" text)
  RETURNING 1
)
SELECT created.number, (SELECT count(*) FROM deadlines)::int AS deadlines, (SELECT count(*) FROM opening)::int AS events,
       (SELECT count(*) FROM complaint)::int AS complaints, (SELECT count(*) FROM attached)::int AS attachments, (SELECT count(*) FROM messages)::int AS messages
FROM created`;

/** The merchant's cases, newest first; `openOnly` leaves out closed and cancelled ones. */
export async function listMerchantCases(prisma: PrismaClient, merchantId: string, options: { openOnly: boolean; limit: number }): Promise<CaseSummary[]> {
  const rows = await prisma.case.findMany({
    where: { merchantId, ...(options.openOnly ? { closedAt: null } : {}) },
    orderBy: [{ openedAt: 'desc' }, { number: 'desc' }],
    take: options.limit,
    select: caseSummarySelect,
  });
  return rows.map(toCaseSummary);
}

/** The merchant's own case by number; another merchant's number gives null, exactly like an unknown one. */
export async function findMerchantCase(prisma: PrismaClient, merchantId: string, number: string): Promise<CaseSummary | null> {
  const row = await prisma.case.findFirst({ where: { number, merchantId }, select: caseSummarySelect });
  return row === null ? null : toCaseSummary(row);
}

/** The id of the merchant's own case with this number, or null. */
export async function findMerchantCaseId(prisma: PrismaClient, merchantId: string, number: string): Promise<string | null> {
  const row = await prisma.case.findFirst({ where: { number, merchantId }, select: { id: true } });
  return row?.id ?? null;
}

/** A case summary by id (no ownership check: callers have already checked it). */
export async function findCaseSummaryById(prisma: PrismaClient | Prisma.TransactionClient, caseId: string): Promise<CaseSummary | null> {
  const row = await prisma.case.findUnique({ where: { id: caseId }, select: caseSummarySelect });
  return row === null ? null : toCaseSummary(row);
}
