/**
 * A consultation answer (contract 3.3) as data, before it is rendered: what the answerer (offline or LLM) claims,
 * and what the deterministic rule checker decides about it. Pure types shared by the checker, the answerers, the
 * conversation that renders an answer, and the stored `ConsultationAnswer` rows.
 */

/** The language of a question or an answer (the policy's short codes). */
export type AnswerLang = 'zh' | 'en';

/** A unit a stated figure is counted in. */
export const FIGURE_UNITS = ['working_days', 'calendar_days', 'hours', 'weeks', 'yuan', 'percent', 'count'] as const;

/** One unit. */
export type FigureUnit = (typeof FIGURE_UNITS)[number];

/** A deadline or number the answer states, with the exact words it is stated in. */
export interface StatedFigure {
  value: number;
  unit: FigureUnit;
  /** Verbatim substring of `text`, e.g. "2个工作日" or "within 3 business days". */
  quote: string;
}

/** What an answerer returns. The checker never trusts `figures` or `clauseIds` alone: it reads `text` too. */
export interface StructuredAnswer {
  text: string;
  lang: AnswerLang;
  /** Contract clauses the answer relies on, e.g. ["3.2.1"]. */
  clauseIds: string[];
  /** Every deadline or number the answerer says it states. */
  figures: StatedFigure[];
  /** The policy does not answer this, or the merchant needs a person. */
  needsPerson: boolean;
  /** Which answerer produced it. */
  source: 'offline' | 'llm' | 'safe';
}

/** What the checker knows besides the answer. */
export interface AnswerCheckContext {
  question: string;
  questionLang: AnswerLang;
  /** The topic retrieval assigned to the question (a policy clause tag such as "return_window"), if any. */
  topic?: string;
  /** The asking merchant's own case and order numbers: the only ones an answer may name. */
  merchant: { caseNumbers: readonly string[]; orderNumbers: readonly string[] };
  /** Links an answer may contain (configured), as URL prefixes. */
  allowedLinks: readonly string[];
}

/** One broken rule. */
export interface Violation {
  /** The rule's stable id, e.g. "figures.match_policy". */
  rule: string;
  detail: string;
}

/** The checker's decision. */
export interface CheckResult {
  verdict: 'pass' | 'block';
  violations: Violation[];
}
