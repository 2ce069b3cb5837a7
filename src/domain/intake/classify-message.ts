import { parseCommand } from './commands.ts';
import { parseCorrection } from './correction.ts';
import { clausesOf, type Clause } from './understand/clauses.ts';
import {
  ABOUT_BOT,
  CANCEL,
  CASE_SUBJECT,
  CHASING,
  COMPLAINT,
  CONSULT_WORD,
  CORRECTION,
  DISSATISFIED,
  EXCHANGE_WORDS,
  FILLER,
  GOODS_BACK,
  GREETING,
  HANDOFF,
  NOT_DELIVERED,
  POLICY,
  QUALITY_WORDS,
  RECAP,
  REFUND_ONLY,
  REPAIR_WORDS,
  REPLACE_WORDS,
  STAFF,
  TOPIC,
  WEAK_CORRECTION,
} from './understand/intent-cues.ts';
import { viewOf } from './understand/text-view.ts';
import type { MessageFacts, MessageIntent, UnderstandingContext } from './understanding.ts';

/** How much of a message decides its intent: what a merchant wants is said first. */
const INTENT_HEAD = 500;

type Flow = 'quality' | 'return' | 'exchange' | 'complaint';

// Words just before a flow word that say the opposite ("不是要退货", "not a return").
const NEGATED = /(?:不是要|不是|不要|不想|别|没说要?|\bnot(?: an?)?|\bdon'?t want(?: to| an?)?|\bforget(?: the)?|\bno)\s*$/;

/** The first match of `pattern` in `text` that is not negated, or undefined. */
function unnegated(pattern: RegExp, text: string): RegExpExecArray | undefined {
  const global = new RegExp(pattern.source, 'g');
  for (let match = global.exec(text); match; match = global.exec(text)) {
    if (match[0] === '') global.lastIndex += 1;
    else if (!NEGATED.test(text.slice(Math.max(0, match.index - 12), match.index))) return match;
  }
  return undefined;
}

/** The flow a request names, by its words and facts (3.1–3.2): exchange, return, or a quality report. */
function requestedFlow(text: string, facts: MessageFacts): Flow | undefined {
  const exchange = unnegated(EXCHANGE_WORDS, text);
  const back = unnegated(GOODS_BACK, text);
  if (exchange && back) return exchange.index <= back.index ? 'exchange' : 'return';
  if (exchange) return 'exchange';
  if (back) return 'return';
  const goodsProblem = facts.problemCategory !== undefined || QUALITY_WORDS.test(text);
  // Money back for faulty goods is a quality report's remedy (3.1.3); with nothing wrong it is a return.
  if (unnegated(REFUND_ONLY, text)) return goodsProblem ? 'quality' : 'return';
  if (goodsProblem || facts.wishedRemedy?.value === 'replace' || facts.wishedRemedy?.value === 'repair') return 'quality';
  return undefined;
}

// Any remedy word: what a request asks the bot to do with the goods or the money.
const REMEDY_WORD = new RegExp([EXCHANGE_WORDS, GOODS_BACK, REFUND_ONLY, REPLACE_WORDS, REPAIR_WORDS].map((pattern) => pattern.source).join('|'));

/**
 * The remedy is only asked about ("请问退货要自己寄回去吗", "is it possible to get a replacement?"): every clause
 * naming one is a question that does not ask the bot to act, and no clause asks it to act. Such a message wants
 * an answer about the rules, whatever the question word; "我要退货，运费谁出" states the request first.
 */
function onlyAsksAboutRemedy(clauses: readonly Clause[]): boolean {
  const naming = clauses.filter((clause) => REMEDY_WORD.test(clause.text));
  return naming.length > 0 && naming.every((clause) => clause.question) && !clauses.some((clause) => clause.request);
}

// Words of wanting: a clause with one of these and a remedy word is the merchant's request, not a topic ("退货的运费").
const WISH = /要|想|申请|办|\bi(?:'d| would)? (?:like|want|need)\b|\bi'?m (?:returning|sending)\b|\bwant to\b|\blet me\b|\bplease\b/;

/**
 * A clause states a wish for a remedy ("我想退货，运费你们出吗", "I want to return it, who pays shipping?"): the
 * message is that request, and the question in it is asked on the way.
 */
function statesRemedyWish(clauses: readonly Clause[]): boolean {
  return clauses.some((clause) => !clause.question && !clause.conditional && WISH.test(clause.text) && unnegated(REMEDY_WORD, clause.text) !== undefined);
}

/** True when some clause asks something without asking the bot to act. */
function asksQuestion(clauses: readonly Clause[]): boolean {
  return clauses.some((clause) => clause.question && !clause.request);
}

function hasOpenCase(ctx: UnderstandingContext, type?: string): boolean {
  return (ctx.openCases ?? []).some((c) => (type === undefined || c.type === type) && !/resolved|closed|cancel|withdrawn|rejected/.test(c.status));
}

/** Chasing a case or money: needs a case to chase (open, named, or the merchant's own). */
function chases(text: string, ctx: UnderstandingContext, facts: MessageFacts): boolean {
  if (!CHASING.test(text)) return false;
  // A new problem with the goods is a request, even when the merchant is impatient ("等了三天都没人理我").
  if (facts.problemCategory !== undefined && !hasOpenCase(ctx)) return false;
  if (/有结果|多久/.test(text) && /投诉|complaint/.test(text) && !(ctx.lastIntent === 'complaint' || hasOpenCase(ctx, 'complaint'))) return false;
  // "我的…", "上次…", "查询进度", "check my…": the merchant's own case, even when none is in the context.
  const own = /我的|上次|查询|查看|查一下|查下|我.{0,4}(?:寄回|退回)|\bmy\b|\bcheck\b/.test(text) || facts.caseNumber !== undefined;
  return CASE_SUBJECT.test(text) ? own || hasOpenCase(ctx) || facts.orderNumber !== undefined || /还没|没到|\bstill\b|\byet\b/.test(text) : hasOpenCase(ctx) || own;
}

function classifyInDraft(text: string, draft: NonNullable<UnderstandingContext['draft']>, clauses: readonly Clause[], facts: MessageFacts): MessageIntent {
  if (RECAP.test(text)) return 'recap';
  // A switch of flow ("算了还是换货吧") keeps the common fields; a remedy the draft itself asks for is an answer.
  // Awaiting the remedy, a remedy word is the answer unless the merchant says they change course (还是, 算了, actually).
  const changesCourse = draft.awaiting !== 'wishedRemedy' || /还是|算了|改成|干脆|\bactually\b|\binstead\b|\brather\b/.test(text);
  if (changesCourse && !asksQuestion(clauses)) {
    const exchange = unnegated(EXCHANGE_WORDS, text);
    // Money back instead of an exchange ("算了，还是退款吧") is the return flow; in a quality draft it is its remedy.
    const back = unnegated(GOODS_BACK, text) ?? (draft.flow === 'exchange' ? unnegated(REFUND_ONLY, text) : undefined);
    const target = exchange && draft.flow !== 'exchange' ? 'exchange' : back && draft.flow !== 'return' ? 'return' : undefined;
    if (target) return target;
    const ownFlowDenied = draft.flow !== 'quality' && draft.flow !== 'complaint' && NEGATED.test(text.slice(0, Math.max(0, (draft.flow === 'return' ? GOODS_BACK : EXCHANGE_WORDS).exec(text)?.index ?? 0)));
    if (ownFlowDenied && (facts.problemCategory !== undefined || QUALITY_WORDS.test(text))) return 'quality';
  }
  if (CANCEL.test(text)) return 'cancel';
  const labelled = parseCorrection(text) !== undefined;
  if (CORRECTION.test(text) || ((labelled || draft.awaiting === 'review') && WEAK_CORRECTION.test(text))) return 'correction';
  if (asksQuestion(clauses)) return 'consult';
  if (FILLER.test(text)) return 'other';
  return 'answer';
}

/**
 * What a merchant's message wants, by deterministic zh/en rules over its head and the facts already read from
 * it. A question about the rules is a consultation even when it names a remedy ("能退吗", "who pays…"); a
 * request phrased as a question ("能帮我退了吗", "can you process a return") is the request. Inside a draft a
 * message is an answer unless it is a recap, a switch, a cancel, a correction, a question or a handoff.
 */
export function classifyMessage(raw: string, ctx: UnderstandingContext, facts: MessageFacts): MessageIntent {
  const view = viewOf(raw, INTENT_HEAD);
  const text = view.text.trim();
  if (text === '') return 'other';
  const clauses = clausesOf(view, facts.orderNumber !== undefined);
  const command = parseCommand(raw);
  if (command?.kind === 'person' || (HANDOFF.test(text) && !ABOUT_BOT.test(text))) return 'handoff';
  if (ctx.draft) return command?.kind === 'cancel' ? 'cancel' : classifyInDraft(text, ctx.draft, clauses, facts);

  if (ABOUT_BOT.test(text)) return 'other';
  if (command?.kind === 'cancel' || (CANCEL.test(text) && (facts.caseNumber !== undefined || hasOpenCase(ctx) || /申请|request|complaint|投诉/.test(text)))) return 'cancel';
  const goodsProblem = facts.problemCategory !== undefined || facts.itemName !== undefined;
  if (DISSATISFIED.test(text) && !goodsProblem) return 'dissatisfied';
  if (command?.kind === 'status' || chases(text, ctx, facts)) return 'status';
  const question = asksQuestion(clauses);
  if (question && (POLICY.test(text) || onlyAsksAboutRemedy(clauses)) && !statesRemedyWish(clauses)) return 'consult';
  if (COMPLAINT.test(text) && (STAFF.test(text) || !QUALITY_WORDS.test(text))) return 'complaint';
  if (NOT_DELIVERED.test(text) && facts.problemCategory === undefined) return 'not_delivered';
  const flow = requestedFlow(text, facts);
  if (flow && !(question && !flow)) return flow;
  if (CONSULT_WORD.test(text) || (question && TOPIC.test(text))) return 'consult';
  if (GREETING.test(text)) return 'greeting';
  return 'other';
}
