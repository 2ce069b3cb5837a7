import type { AnswerCheckContext, AnswerLang, CheckResult, StructuredAnswer } from '../domain/answers/answer.ts';
import { checkAnswer } from '../domain/answers/checker/index.ts';
import type { Clause } from '../domain/policy/clauses.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import { notSureAnswer, offlineAnswer, safeAnswer } from './offline-answerer.ts';
import type { Retrieval } from './retrieval.ts';

/** The policy in force and the contract: what every answer is built from and checked against. */
export interface AnswerDeps {
  policy: Policy;
  clauses: readonly Clause[];
}

/** One answer tried on the way to the one sent, for logs and the stored row. */
export interface AnswerStep {
  source: StructuredAnswer['source'];
  /** The checker's verdict, or the error code of a failed model call. */
  outcome: string;
  violations?: string[];
}

/** The answer that passed the checker, and how it was reached. */
export interface AnsweredQuestion {
  answer: StructuredAnswer;
  check: CheckResult;
  retrieval: Retrieval;
  steps: AnswerStep[];
  /** How many model calls were made (0 offline). */
  modelCalls: number;
}

/**
 * The offline answer (or, after blocked model answers, the safe answer), checked; if even that is blocked,
 * the "not sure, a person will answer" answer, which states nothing the checker could object to. Nothing
 * unchecked is returned: the last answer is checked too, and its verdict is what the row records.
 */
export function checkedFallback(
  kind: 'offline' | 'safe',
  _question: string,
  lang: AnswerLang,
  ctx: AnswerCheckContext,
  retrieval: Retrieval,
  deps: AnswerDeps,
  steps: AnswerStep[] = [],
  modelCalls = 0,
): AnsweredQuestion {
  const candidates = [kind === 'offline' ? offlineAnswer(retrieval, lang, deps) : safeAnswer(retrieval, lang, deps), notSureAnswer(lang, kind)];
  for (const answer of candidates) {
    const check = checkAnswer(answer, ctx, deps.policy, deps.clauses);
    steps.push({ source: answer.source, outcome: check.verdict, violations: check.violations.map((v) => v.rule) });
    if (check.verdict === 'pass') return { answer, check, retrieval, steps, modelCalls };
  }
  // The checker blocks even "not sure": send nothing of substance, say a person will answer, keep the verdict.
  const answer = notSureAnswer(lang, kind);
  return { answer, check: checkAnswer(answer, ctx, deps.policy, deps.clauses), retrieval, steps, modelCalls };
}
