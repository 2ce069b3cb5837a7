import type { Clause } from '../../policy/clauses.ts';
import type { Policy } from '../../policy/policy-schema.ts';
import type { AnswerCheckContext, StructuredAnswer } from '../answer.ts';
import type { PlacedFigure, PolicyDeadline } from './deadlines.ts';

/** What every rule sees: the answer, its context, the policy and what the checker has read once for all rules. */
export interface RuleInput {
  answer: StructuredAnswer;
  ctx: AnswerCheckContext;
  policy: Policy;
  clauses: readonly Clause[];
  deadlines: readonly PolicyDeadline[];
  /** The figures of the text, each tied to the deadline its words name and the clauses cited beside it. */
  placed: readonly PlacedFigure[];
  /** Clause ids the answer cites: its `clauseIds` and the ids written in its text. */
  cited: readonly string[];
}

/** One rule of the checker: a stable id, what it forbids, and a pure check returning one detail per breach. */
export interface AnswerRule {
  id: string;
  description: string;
  check(input: RuleInput): string[];
}
