import { createHash } from 'node:crypto';
import type { CasePort } from '../contracts/cases.ts';
import type { Citation, ConsultAnswerer } from '../contracts/consult.ts';
import type { Lang } from '../contracts/lang.ts';
import type { AnswerCheckContext, AnswerLang } from '../domain/answers/answer.ts';
import { clauseById } from '../domain/policy/clauses.ts';
import type { FaqEntry } from '../domain/policy/faq.ts';
import type { Logger } from '../log.ts';
import type { ConsultationAnswerStore } from '../store/consultation-answer-store.ts';
import type { AnswerDeps, AnsweredQuestion } from './answer-steps.ts';
import { checkedFallback } from './answer-steps.ts';
import type { ModelDeps } from './llm-answerer.ts';
import { answerWithModel } from './llm-answerer.ts';
import { PolicyRetriever } from './retrieval.ts';

/** The asking merchant's own case and order numbers (the only ones an answer may name). */
export type MerchantNumbers = AnswerCheckContext['merchant'];

/** Everything the consultation answerer needs; `model` only when OPENAI_API_KEY is set. */
export interface ConsultServiceDeps extends AnswerDeps {
  faq: readonly FaqEntry[];
  log: Logger;
  /** Stores every answer; without it (the CLI) nothing is stored. */
  store?: ConsultationAnswerStore;
  /** The merchant's cases, for their own numbers. */
  cases?: Pick<CasePort, 'listCases'>;
  model?: ModelDeps & { modelName: string };
  /** Link prefixes an answer may contain (none are configured today). */
  allowedLinks?: readonly string[];
}

/** A question answered, with the topic retrieval assigned. */
export type ConsultResult = AnsweredQuestion & { topic: string | undefined; questionHash: string };

/** "zh" for a question with any Chinese character, else "en"; the chat's language when there is no word at all. */
export function questionLang(question: string, fallback: AnswerLang = 'zh'): AnswerLang {
  if (/\p{Script=Han}/u.test(question)) return 'zh';
  if (/\p{Script=Latin}{2,}/u.test(question)) return 'en';
  return fallback;
}

/** sha256 of the question, short: logs and rows can be matched without the text. */
export function questionHash(question: string): string {
  return createHash('sha256').update(question).digest('hex').slice(0, 16);
}

/** The "依据" line's material: each cited clause with its section heading. */
export function citationsOf(clauseIds: readonly string[], lang: AnswerLang, deps: AnswerDeps): Citation[] {
  return clauseIds.flatMap((id) => {
    const clause = clauseById(deps.clauses, id);
    return clause === undefined ? [] : [{ clauseId: id, title: clause.title[lang] }];
  });
}

/** The consultation answerer: retrieval, the model (if any) or the offline answerer, the checker, the stored row. */
export function createConsultService(deps: ConsultServiceDeps) {
  const retriever = new PolicyRetriever(deps.clauses, deps.faq);
  const { log } = deps;

  async function merchantNumbers(merchantId: string | null): Promise<MerchantNumbers> {
    if (merchantId === null || deps.cases === undefined) return { caseNumbers: [], orderNumbers: [] };
    const cases = await deps.cases.listCases(merchantId, { limit: 100 });
    return { caseNumbers: cases.map((c) => c.number), orderNumbers: cases.flatMap((c) => (c.orderNumber ? [c.orderNumber] : [])) };
  }

  /** Answers one question; nothing is stored. */
  async function ask(question: string, lang: AnswerLang, merchant: MerchantNumbers = { caseNumbers: [], orderNumbers: [] }): Promise<ConsultResult> {
    const retrieval = retriever.retrieve(question);
    const ctx: AnswerCheckContext = { question, questionLang: lang, ...(retrieval.topic === undefined ? {} : { topic: retrieval.topic }), merchant, allowedLinks: deps.allowedLinks ?? [] };
    const answered = deps.model === undefined ? checkedFallback('offline', question, lang, ctx, retrieval, deps) : await answerWithModel(question, lang, ctx, retrieval, deps, deps.model);
    const hash = questionHash(question);
    log.info(
      { question: hash, topic: retrieval.topic, faq: retrieval.faq?.entry.id, source: answered.answer.source, verdict: answered.check.verdict, steps: answered.steps, modelCalls: answered.modelCalls },
      'consultation answered',
    );
    return { ...answered, topic: retrieval.topic, questionHash: hash };
  }

  const answerer: ConsultAnswerer = {
    async answer({ question, lang, chatId, merchantId, at, inboundId }) {
      const chatLang: AnswerLang = lang === 'en' ? 'en' : 'zh';
      const result = await ask(question, questionLang(question, chatLang), await merchantNumbers(merchantId));
      const { answer, check } = result;
      const answerId =
        deps.store === undefined
          ? null
          : await deps.store.insert({
              chatId,
              merchantId,
              question,
              questionHash: result.questionHash,
              topic: result.topic,
              answer,
              check,
              model: answer.source === 'llm' ? (deps.model?.modelName ?? null) : null,
              promptVersion: answer.source === 'llm' ? (deps.model?.prompt.id ?? null) : null,
              at,
              ...(inboundId === undefined ? {} : { inboundId }),
            });
      return { answerId, answer, check, citations: citationsOf(answer.clauseIds, answer.lang, deps) };
    },
    async findAnswer({ answerId, chatId }) {
      if (deps.store === undefined || !/^[0-9a-f-]{36}$/.test(answerId)) return null;
      return deps.store.find(answerId, chatId);
    },
    async recordFeedback({ answerId, chatId, helpful, caseId, at }) {
      await deps.store?.recordFeedback({ answerId, chatId, helpful, at, ...(caseId === undefined ? {} : { caseId }) });
      log.info({ answerId, helpful, followUp: caseId !== undefined }, 'consultation answer feedback');
    },
  };

  return { ...answerer, ask, retriever };
}

/** The chat language of an answer language. */
export function chatLangOf(lang: AnswerLang): Lang {
  return lang === 'en' ? 'en' : 'zh-CN';
}
