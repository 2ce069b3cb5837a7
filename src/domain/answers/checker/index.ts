import type { Clause } from '../../policy/clauses.ts';
import type { Policy } from '../../policy/policy-schema.ts';
import type { AnswerCheckContext, AnswerLang, CheckResult, StructuredAnswer } from '../answer.ts';
import { placeFigures, policyDeadlines } from './deadlines.ts';
import { readFigures } from './figure-reader.ts';
import { hanShare } from './rules/language-matches.ts';
import type { AnswerRule } from './rule.ts';
import { citationsValid } from './rules/citations-valid.ts';
import { figuresMatchPolicy } from './rules/figures-match-policy.ts';
import { injectionNotObeyed } from './rules/injection-not-obeyed.ts';
import { languageMatches } from './rules/language-matches.ts';
import { leakNone } from './rules/leak-none.ts';
import { linksAllowed } from './rules/links-allowed.ts';
import { privacyOwnDataOnly } from './rules/privacy-own-data-only.ts';
import { promisesNone } from './rules/promises-none.ts';
import { scopeAfterSales } from './rules/scope-after-sales.ts';
import { clauseIdsIn } from './text.ts';

export { readFigures } from './figure-reader.ts';
export type { AnswerRule } from './rule.ts';

/** Every rule, in the order violations are reported. */
export const ANSWER_RULES: readonly AnswerRule[] = [
  figuresMatchPolicy,
  citationsValid,
  promisesNone,
  privacyOwnDataOnly,
  languageMatches,
  scopeAfterSales,
  leakNone,
  injectionNotObeyed,
  linksAllowed,
];

/** The rule table (id and what it forbids), for the docs and the CLI. */
export const ANSWER_RULE_TABLE: ReadonlyArray<{ id: string; description: string }> = ANSWER_RULES.map(({ id, description }) => ({ id, description }));

/** Every rule id. */
export const ANSWER_RULE_IDS: readonly string[] = ANSWER_RULES.map((rule) => rule.id);

/**
 * Runs every rule on an answer. Pure and deterministic: the same answer, context, policy and clauses always give the
 * same verdict. An answer passes only when no rule finds anything.
 */
export function checkAnswer(answer: StructuredAnswer, ctx: AnswerCheckContext, policy: Policy, clauses: readonly Clause[]): CheckResult {
  const deadlines = policyDeadlines(policy);
  const cited = [...new Set([...answer.clauseIds, ...clauseIdsIn(answer.text)])];
  const input = { answer, ctx, policy, clauses, deadlines, placed: placeFigures(answer.text, deadlines), cited };
  const violations = ANSWER_RULES.flatMap((rule) => rule.check(input).map((detail) => ({ rule: rule.id, detail })));
  return { verdict: violations.length === 0 ? 'pass' : 'block', violations };
}

/** The language a text is written in, by script. */
export function detectLang(text: string): AnswerLang {
  return hanShare(text) >= 0.5 ? 'zh' : 'en';
}

/**
 * A structured answer read from plain text (for answers that come as text, e.g. `cli check-answers`): its figures
 * and cited clause ids are what the text states, so only the text itself is judged.
 */
export function answerFromText(text: string, lang: AnswerLang = detectLang(text)): StructuredAnswer {
  return { text, lang, clauseIds: clauseIdsIn(text), figures: readFigures(text), needsPerson: false, source: 'llm' };
}
