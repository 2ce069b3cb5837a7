import type { AttachmentRef, CaseDraft, CaseSummary } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import type { CalendarLabel } from '../domain/calendar/index.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import type { StartedDeadline } from '../domain/sla/index.ts';
import { CASE_NUMBER_PREFIXES, caseNumber } from '../domain/sla/index.ts';
import { CodedError } from '../errors.ts';
import type { Platform } from '../contracts/channel.ts';
import { writeCaseOutbox, type CaseOutboxBuilder } from './case-outbox-store.ts';
import { nextCaseSequence } from './case-number-counter.ts';
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

/** Writes a case with its number, deadlines, opening event, complaint and attachments in one transaction. */
export async function insertCase(prisma: PrismaClient, input: NewCase): Promise<OpenedCase> {
  const alreadyOpened = async () => {
    if (input.requestKey === null) return null;
    const row = await prisma.case.findUnique({ where: { requestKey: input.requestKey }, select: { ...caseSummarySelect, merchantId: true } });
    return row !== null && row.merchantId === input.merchantId ? { summary: toCaseSummary(row), touched: [] } : null;
  };
  const existing = await alreadyOpened();
  if (existing) return existing;
  try {
    return await insertNewCase(prisma, input);
  } catch (error) {
    // The same request raced itself (two retries at once): the unique key let one through.
    const winner = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' ? await alreadyOpened() : null;
    if (winner) return winner;
    throw error;
  }
}

async function insertNewCase(prisma: PrismaClient, input: NewCase): Promise<OpenedCase> {
  return prisma.$transaction(async (tx) => {
    const chat = await tx.chat.findUnique({ where: { id: input.chatId }, select: { platform: true, merchantId: true } });
    if (chat === null || (chat.merchantId !== null && chat.merchantId !== input.merchantId)) {
      throw new CodedError('case.chat_invalid', `chat ${input.chatId} does not belong to merchant ${input.merchantId}`);
    }
    const seq = await nextCaseSequence(tx, CASE_NUMBER_PREFIXES[input.type], input.localDay);
    const { receivedOn, ...fields } = input.fields;
    const created = await tx.case.create({
      data: {
        number: caseNumber(input.type, input.localDay, seq),
        requestKey: input.requestKey,
        type: input.type,
        status: input.status,
        merchantId: input.merchantId,
        chatId: input.chatId,
        lang: input.lang,
        ...fields,
        ...(receivedOn === undefined ? {} : { receivedOn: new Date(`${receivedOn}T00:00:00Z`) }),
        outsideWindow: input.outsideWindow,
        calendarLabel: input.calendarLabel,
        details: input.details,
        openedAt: input.openedAt,
      },
      select: { id: true },
    });
    if (input.deadlines.length > 0) {
      await tx.caseDeadline.createMany({
        data: input.deadlines.map((d) => ({ caseId: created.id, step: d.step, clause: d.clause, startedAt: d.startedAt, dueAt: d.dueAt, calendarLabel: d.calendar })),
      });
    }
    await tx.caseEvent.create({
      data: { caseId: created.id, at: input.openedAt, actorKind: 'merchant', actorId: input.event.actorId, kind: input.event.kind, toStatus: input.event.toStatus, data: input.event.data },
    });
    if (input.complaint !== undefined) {
      await tx.complaint.create({
        data: { caseId: created.id, merchantId: input.merchantId, accusedName: input.complaint.accusedName ?? null, description: input.complaint.description },
      });
    }
    if (input.attachments.length > 0) {
      await tx.attachment.createMany({
        data: input.attachments.map((a) => ({ caseId: created.id, platform: chat.platform, externalRef: a.ref, fileName: a.fileName ?? null, mimeType: a.mimeType, sizeBytes: a.sizeBytes })),
      });
    }
    const touched = input.outbox ? await writeCaseOutbox(tx, created.id, input.outbox) : [];
    return { summary: toCaseSummary(await tx.case.findUniqueOrThrow({ where: { id: created.id }, select: caseSummarySelect })), touched };
  }, CASE_TX_OPTIONS);
}

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
