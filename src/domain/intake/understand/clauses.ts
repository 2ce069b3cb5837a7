import type { Span } from '../understanding.ts';
import type { TextView } from './text-view.ts';

/*
 * Clauses of a message and what kind each is. A fact stated inside a hypothetical ("如果杯子碎了…", "if the mug is
 * cracked…") or asked about in a general question ("发错货的话运费谁出？") is not a fact about the merchant's goods.
 */

/** One clause: its offsets in the folded text and how it reads. */
export interface Clause {
  start: number;
  end: number;
  text: string;
  /** "如果…", "…的话", "if …", "in case …". */
  conditional: boolean;
  /** Asks something (a question mark, 吗/呢, a question word at the start). */
  question: boolean;
  /** Asks the bot to act ("帮我…", "can you process…", "how do I start a return"), though phrased as a question. */
  request: boolean;
}

const BOUNDARY = /[,，。.!！?？;；\n~～]+/g;
const CONDITIONAL = /如果|假如|假设|要是|万一|的话|\bif\b|\bin case\b|\bsuppose\b|\bwhat if\b/;
const QUESTION =
  /[?？]|[吗嘛么呢]\s*$|^\s*(?:请问|想问|问一下|问下)|谁出|谁承担|谁付|多久|几天|多少|哪里|哪儿|(?:什么|啥)时候|怎么(?:算|办|退|换|申请|弄)?|是否|能不能|可不可以|算不算|有没有|来得及|哪天|从哪|开始算|怎么算/;
const REQUEST = /帮我|给我|麻烦|请帮|帮忙|\b(?:can|could|would) (?:you|u)\b(?!\s+tell)|\bhow (?:do|can) i (?:start|file|make|open|submit|request|get started|complain|report|begin|lodge|raise)\b|\bplease\b|\bpls\b/;
const ENGLISH_QUESTION_START =
  /^\s*(?:how|what|whats|what's|when|where|who|why|which)\b|^\s*(?:can|could|do|does|did|is|are|will|would|should|may)\s+(?:i|you|u|we|it|they|he|she|the|my|this|that|there|a|an|weekends?|refunds?|returns?)\b/;

// "can I swap the M for an L? order 88812345": asking to act on a named order, with no condition of the rules.
const CAN_I_ACT = /^\s*(?:can|could|may) i\s+(?:swap|exchange|return|send|get|have|change)\b/;
const RULE_CONDITION = /\b(?:still|after|too late|already|if|opened|used|something|anything|within|before)\b/;

/** The clauses of the folded message, in order; `namesOrder` when the message names an order. */
export function clausesOf(view: TextView, namesOrder = false): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  const text = view.text;
  BOUNDARY.lastIndex = 0;
  const push = (from: number, to: number, tail: string): void => {
    const body = text.slice(from, to);
    if (body.trim() === '') return;
    const withTail = body + tail;
    clauses.push({
      start: from,
      end: to,
      text: body,
      conditional: CONDITIONAL.test(body),
      question: /[?？]/.test(tail) || QUESTION.test(body) || ENGLISH_QUESTION_START.test(body),
      request: REQUEST.test(withTail) || (namesOrder && CAN_I_ACT.test(body) && !RULE_CONDITION.test(body)),
    });
  };
  for (let match = BOUNDARY.exec(text); match; match = BOUNDARY.exec(text)) {
    push(start, match.index, match[0]);
    start = match.index + match[0].length;
  }
  push(start, text.length, '');
  return clauses;
}

/** A view of the same message with the chosen clauses blanked out (same length, so spans still hold). */
export function maskClauses(view: TextView, clauses: readonly Clause[], hide: (clause: Clause) => boolean): TextView {
  let text = view.text;
  let cased = view.cased;
  for (const clause of clauses) {
    if (!hide(clause)) continue;
    const blank = ' '.repeat(clause.end - clause.start);
    text = text.slice(0, clause.start) + blank + text.slice(clause.end);
    cased = cased.slice(0, clause.start) + blank + cased.slice(clause.end);
  }
  return { raw: view.raw, text, cased, span: (start: number, end: number): Span => view.span(start, end) };
}

/** A view that starts at `from` in `view`'s folded text; spans still point into the received message. */
export function viewFrom(view: TextView, from: number): TextView {
  return {
    raw: view.raw,
    text: view.text.slice(from),
    cased: view.cased.slice(from),
    span: (start: number, end: number): Span => view.span(start + from, end + from),
  };
}
