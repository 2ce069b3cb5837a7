import { findCaseNumber } from '../domain/intake/case-number.ts';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../domain/intake/choices.ts';
import { findReceivedDate } from '../domain/intake/date-phrases.ts';
import { parseOrderNumber } from '../domain/intake/order-number.ts';
import { parseQuantity } from '../domain/intake/quantity.ts';
import { TEXT_LIMITS } from '../domain/intake/text-limits.ts';
import {
  WISHED_REMEDIES,
  type MessageFacts,
  type MessageIntent,
  type Span,
  type Understanding,
  type UnderstandingContext,
  type WishedRemedy,
} from '../domain/intake/understanding.ts';
import { MAX_CANDIDATES, type AssistReply } from './assist-reply.ts';

/** The understanding after the model's suggestions were checked, and how many of them were kept (for logs). */
export interface AssistedUnderstanding {
  understanding: Understanding;
  kept: number;
  dropped: number;
  intentTaken: boolean;
}

type Candidate = AssistReply['candidates'][number];

// A quote is a phrase of the message, not the message retold.
const MAX_QUOTE = 200;
const MAX_NAME = 20;
// A name is a name, not a sentence ("小王啊，我刚说了").
const SENTENCE_MARKS = /[，。！？、；,.!?;:：\n]/;
const DRAFT_ONLY: ReadonlySet<MessageIntent> = new Set(['answer', 'correction']);

/** Where the quote sits in the message: its first exact occurrence, or undefined when the message does not hold it. */
function locate(text: string, quote: string): Span | undefined {
  if (quote.trim() === '' || quote.length > MAX_QUOTE) return undefined;
  const start = text.indexOf(quote);
  return start < 0 ? undefined : { start, end: start + quote.length };
}

/** The span of `part` (a folded, upper-cased reading) inside the quote at `span`, or the whole quote when it cannot be pinned. */
function narrow(quote: string, span: Span, part: string): Span {
  const folded = quote.normalize('NFKC').toUpperCase();
  // Offsets carry over only when folding kept every character's length (full-width ＡＢ１２３ → AB123 does).
  const at = folded.length === quote.length ? folded.indexOf(part) : -1;
  return at < 0 ? span : { start: span.start + at, end: span.start + at + part.length };
}

const isCategory = (value: string): value is ProblemCategory => (PROBLEM_CATEGORIES as readonly string[]).includes(value);
const isRemedy = (value: string): value is WishedRemedy => (WISHED_REMEDIES as readonly string[]).includes(value);

/**
 * The facts one candidate adds, checked by deterministic code: the value is re-read from the quote wherever a
 * grammar exists (order and case numbers, quantities, dates: the model's value is ignored), and taken from the
 * model only for closed lists (category, remedy). Undefined when the candidate does not survive the checks.
 */
function factsOf(candidate: Candidate, span: Span, today: string): MessageFacts | undefined {
  const { quote, value } = candidate;
  switch (candidate.slot) {
    case 'orderNumber': {
      // A case number is never an order number, whatever the model says.
      if (findCaseNumber(quote) !== undefined) return undefined;
      const parsed = parseOrderNumber(quote);
      return parsed.ok ? { orderNumber: { value: parsed.value, span: narrow(quote, span, parsed.value) } } : undefined;
    }
    case 'caseNumber': {
      const found = findCaseNumber(quote);
      return found === undefined ? undefined : { caseNumber: { value: found, span: narrow(quote, span, found) } };
    }
    case 'quantity': {
      const parsed = parseQuantity(quote);
      return parsed.ok ? { quantity: { value: parsed.value, span } } : undefined;
    }
    case 'receivedOn': {
      // The day is always computed by the date reader from the merchant's own phrase.
      const found = findReceivedDate(quote, today);
      if (found === undefined) return undefined;
      const shifted = { start: span.start + found.span.start, end: span.start + found.span.end };
      return 'problem' in found ? { dateProblem: { value: found.problem, span: shifted } } : { receivedOn: { ...found, span: shifted } };
    }
    case 'problemCategory':
      return isCategory(value) ? { problemCategory: { value, span } } : undefined;
    case 'wishedRemedy':
      return isRemedy(value) ? { wishedRemedy: { value, span } } : undefined;
    case 'itemName': {
      const name = quote.trim();
      return name.length <= TEXT_LIMITS.itemName ? { itemName: { value: name, span } } : undefined;
    }
    case 'accusedName': {
      const name = quote.trim();
      return name.length <= MAX_NAME && !SENTENCE_MARKS.test(name) ? { accusedName: { value: name, span } } : undefined;
    }
    case 'hasPhotoPromise':
      return { hasPhotoPromise: true };
  }
}

/** True when the offline facts already hold what `added` would set (offline wins; the model only fills gaps). */
function alreadyKnown(offline: MessageFacts, added: MessageFacts): boolean {
  if (added.receivedOn !== undefined || added.dateProblem !== undefined) return offline.receivedOn !== undefined || offline.dateProblem !== undefined;
  if (added.hasPhotoPromise !== undefined) return offline.hasPhotoPromise === true;
  return (Object.keys(added) as Array<keyof MessageFacts>).some((key) => offline[key] !== undefined);
}

/**
 * Folds the model's reply into the offline understanding of an ambiguous message. Pure.
 * - A candidate whose quote is not an exact substring of `text` is dropped.
 * - Values are re-read from the quote by the deterministic readers (see {@link factsOf}); what fails them is dropped.
 * - Offline facts win; a model fact fills a slot only when offline left it empty, and the first surviving
 *   candidate per slot wins.
 * - The model's intent is taken (the message was ambiguous, or the model would not have been asked) unless it is
 *   'other' or needs a draft the chat does not have ('answer', 'correction').
 */
export function mergeAssist(input: { text: string; offline: Understanding; reply: AssistReply; ctx: UnderstandingContext; today: string }): AssistedUnderstanding {
  const { text, offline, reply, ctx, today } = input;
  const facts: MessageFacts = { ...offline.facts };
  let kept = 0;
  const candidates = reply.candidates.slice(0, MAX_CANDIDATES);
  for (const candidate of candidates) {
    const span = locate(text, candidate.quote);
    const added = span === undefined ? undefined : factsOf(candidate, span, today);
    if (added === undefined || alreadyKnown(facts, added)) continue;
    Object.assign(facts, added);
    kept += 1;
  }
  const intentTaken = reply.intent !== 'other' && reply.intent !== offline.intent && (ctx.draft !== undefined || !DRAFT_ONLY.has(reply.intent));
  return {
    understanding: { intent: intentTaken ? reply.intent : offline.intent, facts },
    kept,
    dropped: reply.candidates.length - kept,
    intentTaken,
  };
}
