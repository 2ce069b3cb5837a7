import type { Clause } from '../../policy/clauses.ts';
import type { Policy } from '../../policy/policy-schema.ts';
import type { AnswerCheckContext, CheckResult, StructuredAnswer, Violation } from '../answer.ts';

/**
 * PLACEHOLDER until the rule checker (branch answer-checker) lands: it only checks that every cited clause
 * exists. Same signature as the real checker, which replaces this file at merge.
 */
export function checkAnswer(answer: StructuredAnswer, _ctx: AnswerCheckContext, _policy: Policy, clauses: readonly Clause[]): CheckResult {
  const known = new Set(clauses.map((clause) => clause.id));
  const violations: Violation[] = answer.clauseIds
    .filter((id) => !known.has(id))
    .map((id) => ({ rule: 'citations.exist', detail: `clause ${id} is not in the contract` }));
  return { verdict: violations.length === 0 ? 'pass' : 'block', violations };
}
