import { z } from 'zod';
import type { LlmPort, Prompt } from '../contracts/llm.ts';
import type { AnswerCheckContext, AnswerLang, CheckResult, StructuredAnswer, Violation } from '../domain/answers/answer.ts';
import { FIGURE_UNITS } from '../domain/answers/answer.ts';
import { checkAnswer } from '../domain/answers/checker/index.ts';
import { clauseById } from '../domain/policy/clauses.ts';
import { MERCHANT_DEADLINE_NAMES } from '../domain/policy/policy-schema.ts';
import { asCodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AnswerDeps, AnsweredQuestion, AnswerStep } from './answer-steps.ts';
import { checkedFallback } from './answer-steps.ts';
import { faqAnswer } from './offline-answerer.ts';
import type { Retrieval } from './retrieval.ts';

/** The version of prompts/consult/ in use; a changed prompt is a new file and a new version here. */
export const CONSULT_PROMPT_VERSION = 'v1';

/** What the model must return (also sent to it as a strict JSON schema). */
export const modelAnswerSchema = z.strictObject({
  text: z.string().min(1).max(2_000),
  lang: z.enum(['zh', 'en']),
  clauseIds: z.array(z.string().max(20)).max(10),
  figures: z.array(z.strictObject({ value: z.number(), unit: z.enum(FIGURE_UNITS), quote: z.string().max(200) })).max(20),
  needsPerson: z.boolean(),
});

/** A model answer as validated. */
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

// The model reads the head of a question; a pasted essay is not a question.
const MODEL_QUESTION_CHARS = 1_000;
const MODEL_CLAUSES = 4;

/**
 * The user message of one call: the question and the retrieved policy as one JSON object. JSON keeps the
 * merchant's words data: they cannot close a delimiter or pose as instructions, and the prompt says so.
 */
export function modelInput(question: string, lang: AnswerLang, retrieval: Retrieval, deps: AnswerDeps, previousViolations: readonly Violation[]): string {
  const clauses = retrieval.clauses.slice(0, MODEL_CLAUSES).flatMap(({ id }) => {
    const clause = clauseById(deps.clauses, id);
    return clause === undefined || clause.truncated ? [] : [{ id, text: clause.text[lang] }];
  });
  const faq = retrieval.faq === undefined ? null : faqAnswer(retrieval.faq.entry, lang, deps.policy);
  return JSON.stringify({
    question: question.slice(0, MODEL_QUESTION_CHARS),
    questionLang: lang,
    clauses,
    deadlines: Object.fromEntries(MERCHANT_DEADLINE_NAMES.map((name) => [name, { workingDays: deps.policy.deadlines[name].workingDays, clause: deps.policy.deadlines[name].clause }])),
    faq: faq === null ? null : { answer: faq.text, clauseIds: faq.clauseIds, needsPerson: faq.needsPerson },
    ...(previousViolations.length > 0 ? { previousViolations: previousViolations.map((v) => ({ rule: v.rule, detail: v.detail })) } : {}),
  });
}

/** The model's side of answering: the LLM port and the prompt file read at start. */
export interface ModelDeps {
  llm: LlmPort;
  prompt: Prompt;
  log: Logger;
}

/**
 * Answers with the model behind the rule checker (issue #16): the model drafts, `checkAnswer` decides. A blocked
 * draft is asked for once more with the violations fed back; a second block gives the safe answer composed from
 * the policy text. Any model failure (timeout, 429, 5xx, malformed JSON, breaker open) gives the offline answer,
 * checked like every other. At most two model calls, each bounded by the client's time budget
 * (OPENAI_TIMEOUT_MS), so a question holds its chat for at most twice that while the pipeline renews the lease.
 */
export async function answerWithModel(question: string, lang: AnswerLang, ctx: AnswerCheckContext, retrieval: Retrieval, deps: AnswerDeps, model: ModelDeps): Promise<AnsweredQuestion> {
  const steps: AnswerStep[] = [];
  let violations: Violation[] = [];
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    let drafted: ModelAnswer;
    try {
      drafted = await model.llm.structured({ prompt: model.prompt, input: modelInput(question, lang, retrieval, deps, violations), schema: modelAnswerSchema, schemaName: 'consult_answer' });
    } catch (error) {
      const code = asCodedError(error).code;
      steps.push({ source: 'llm', outcome: code });
      model.log.info({ prompt: model.prompt.id, code, attempt }, 'consultation answer fell back to the offline answerer');
      return checkedFallback('offline', question, lang, ctx, retrieval, deps, steps, attempt);
    }
    const answer: StructuredAnswer = { ...drafted, source: 'llm' };
    const check: CheckResult = checkAnswer(answer, ctx, deps.policy, deps.clauses);
    steps.push({ source: 'llm', outcome: check.verdict, violations: check.violations.map((v) => v.rule) });
    if (check.verdict === 'pass') return { answer, check, retrieval, steps, modelCalls: attempt };
    violations = check.violations;
  }
  return checkedFallback('safe', question, lang, ctx, retrieval, deps, steps, 2);
}
