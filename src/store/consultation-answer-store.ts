import type { StoredConsultAnswer } from '../contracts/consult.ts';
import type { CheckResult, StructuredAnswer } from '../domain/answers/answer.ts';
import type { PrismaClient } from './prisma.ts';

/** One answer as it is stored: what was asked, what was said, its citations and the checker's verdict. */
export interface NewConsultationAnswer {
  chatId: string;
  merchantId: string | null;
  question: string;
  questionHash: string;
  topic: string | undefined;
  answer: StructuredAnswer;
  check: CheckResult;
  model: string | null;
  promptVersion: string | null;
  at: Date;
  /** The inbound event answered: one row per event, whatever the retries (see `insert`). */
  inboundId?: string;
}

/** `ConsultationAnswer` rows: every answer a merchant was given (3.3), and whether it helped (3.3.3). */
export function createConsultationAnswerStore(prisma: PrismaClient) {
  return {
    /**
     * Stores an answer and returns its id. The row is written before the reply is, so a retried inbound event answers
     * again: with `inboundId` the event's row is kept (same id) and takes the answer given this time, the one the
     * merchant will see (one INSERT … ON CONFLICT ("inboundId") DO UPDATE), never a second row.
     */
    async insert(row: NewConsultationAnswer): Promise<string> {
      const { answer, check } = row;
      const given = {
        question: row.question,
        questionHash: row.questionHash,
        topic: row.topic ?? null,
        answer: answer.text,
        lang: answer.lang,
        source: answer.source,
        model: row.model,
        promptVersion: row.promptVersion,
        citations: answer.clauseIds,
        figures: answer.figures.map((f) => ({ value: f.value, unit: f.unit, quote: f.quote })),
        checks: check.violations.map((v) => ({ rule: v.rule, detail: v.detail })),
        verdict: check.verdict,
        needsPerson: answer.needsPerson,
      };
      const data = { ...given, chatId: row.chatId, merchantId: row.merchantId, createdAt: row.at };
      if (row.inboundId === undefined) return (await prisma.consultationAnswer.create({ data, select: { id: true } })).id;
      const inboundId = BigInt(row.inboundId);
      const stored = await prisma.consultationAnswer.upsert({ where: { inboundId }, create: { ...data, inboundId }, update: given, select: { id: true } });
      return stored.id;
    },

    /** The answer, only when it was given in `chatId` (a button from another chat finds nothing). */
    async find(answerId: string, chatId: string): Promise<StoredConsultAnswer | null> {
      const row = await prisma.consultationAnswer.findFirst({
        where: { id: answerId, chatId },
        select: { id: true, chatId: true, question: true, answer: true, lang: true, citations: true, helpful: true, caseId: true, needsPerson: true },
      });
      if (row === null) return null;
      const { citations, ...rest } = row;
      return { ...rest, clauseIds: citations };
    },

    async recordFeedback(input: { answerId: string; chatId: string; helpful: boolean; caseId?: string; at: Date }): Promise<void> {
      await prisma.consultationAnswer.updateMany({
        where: { id: input.answerId, chatId: input.chatId },
        data: { helpful: input.helpful, feedbackAt: input.at, ...(input.caseId === undefined ? {} : { caseId: input.caseId }) },
      });
    },
  };
}

export type ConsultationAnswerStore = ReturnType<typeof createConsultationAnswerStore>;
