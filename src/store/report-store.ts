import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { ReportCase, ReportComplaint, ReportDeadline, ReportRating } from '../domain/reports/report-rows.ts';
import { outboundRow, type Touched } from './case-outbox-store.ts';
import type { Prisma, PrismaClient } from './prisma.ts';

/** The rows a report over [start, end) reads; the domain (src/domain/reports) decides what counts. */
export interface ReportRows {
  cases: ReportCase[];
  deadlines: ReportDeadline[];
  ratings: ReportRating[];
  complaints: ReportComplaint[];
}

/**
 * Reads a superset of what a report over [start, end) needs: deadlines running at `asOf` or met, due
 * or breached in the span; ratings and complaints of the span; cases opened since `casesFrom`, open
 * at some time in the span, or owning one of those deadlines or ratings.
 */
export async function reportRows(prisma: PrismaClient, span: { casesFrom: Date; start: Date; end: Date; asOf: Date }): Promise<ReportRows> {
  const { casesFrom, start, end, asOf } = span;
  const deadlines = await prisma.$queryRaw<ReportDeadline[]>`
    SELECT d."caseId", d.step, d."startedAt", d."dueAt", d."metAt", d."cancelledAt", d."breachedAt"
    FROM "CaseDeadline" d
    WHERE (d."startedAt" <= ${asOf} AND (d."metAt" IS NULL OR d."metAt" > ${asOf}) AND (d."cancelledAt" IS NULL OR d."cancelledAt" > ${asOf}))
       OR (d."metAt" >= ${start} AND d."metAt" < ${end})
       OR (d."dueAt" >= ${start} AND d."dueAt" < ${end})
       OR (d."breachedAt" >= ${start} AND d."breachedAt" < ${end})`;
  const ratings = await prisma.$queryRaw<ReportRating[]>`
    SELECT r."caseId", r."staffId", r.score, r."createdAt" FROM "SatisfactionRating" r WHERE r."createdAt" >= ${start} AND r."createdAt" < ${end}`;
  const complaints = await prisma.$queryRaw<ReportComplaint[]>`
    SELECT c."caseId", c."accusedStaffId", c."createdAt" FROM "Complaint" c WHERE c."createdAt" >= ${start} AND c."createdAt" < ${end}`;
  const ids = [...new Set([...deadlines, ...ratings].map((r) => r.caseId))];
  const cases = await prisma.$queryRaw<ReportCase[]>`
    SELECT c.id, c.number, c.type::text AS type, c."merchantId", c."assigneeId", c."itemName", c."problemCategory", c."openedAt", c."closedAt"
    FROM "Case" c
    WHERE (c."openedAt" >= ${casesFrom} AND c."openedAt" < ${end})
       OR (c."openedAt" < ${end} AND (c."closedAt" IS NULL OR c."closedAt" >= ${start}))
       OR c.id = ANY(${ids}::text[])`;
  return { cases, deadlines, ratings, complaints };
}

/** Every staff member and manager by id and name (the evaluation names those with activity). */
export async function staffNames(prisma: PrismaClient): Promise<Array<{ id: string; name: string }>> {
  return prisma.staff.findMany({ select: { id: true, name: true }, orderBy: { createdAt: 'asc' } });
}

/**
 * Posts a report to every manager desk, once per desk, kind and day: a `SummaryPost` row and the
 * message's outbox row in one transaction. The post row's unique (chatId, kind, day) with ON CONFLICT
 * DO NOTHING makes a second caller (another worker, a retry) wait for the first and then write
 * nothing. Returns the chats that got a message.
 */
export async function postToManagerDesks(
  prisma: PrismaClient,
  input: { kind: string; day: string; content: unknown; render: (lang: Lang) => string; now: Date },
): Promise<Touched> {
  return prisma.$transaction(async (tx) => {
    const desks = await tx.chat.findMany({ where: { kind: 'manager' }, select: { id: true, lang: true, platform: true }, orderBy: { createdAt: 'asc' } });
    const rows: Prisma.OutboundMessageCreateManyInput[] = [];
    const touched: Touched = [];
    const content = JSON.stringify(input.content);
    for (const chat of desks) {
      const claimed = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "SummaryPost" (id, "chatId", kind, day, content, "postedAt")
        VALUES (gen_random_uuid()::text, ${chat.id}, ${input.kind}, ${input.day}, ${content}::jsonb, ${input.now})
        ON CONFLICT ("chatId", kind, day) DO NOTHING RETURNING id`;
      if (claimed.length === 0) continue;
      rows.push(outboundRow(chat, { text: input.render(parseLangTag(chat.lang) ?? 'zh-CN') }, null, 0, input.now));
      touched.push({ chatId: chat.id, platform: chat.platform });
    }
    if (rows.length > 0) await tx.outboundMessage.createMany({ data: rows });
    return touched;
  });
}

/**
 * How many manager desks have not had this report (kind and day) yet. None: the report need not even be
 * computed (reading its rows costs a pass over every open case and running deadline).
 */
export async function managerDesksAwaiting(prisma: PrismaClient, kind: string, day: string): Promise<number> {
  return prisma.chat.count({ where: { kind: 'manager', summaries: { none: { kind, day } } } });
}

/** How many manager desks there are (a report with no desk to go to posts nothing). */
export async function managerDeskCount(prisma: PrismaClient): Promise<number> {
  return prisma.chat.count({ where: { kind: 'manager' } });
}
