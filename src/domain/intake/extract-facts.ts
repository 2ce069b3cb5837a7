import { parseCorrection, type CorrectableField } from './correction.ts';
import { findReceivedDate } from './date-phrases.ts';
import { clausesOf, maskClauses, viewFrom } from './understand/clauses.ts';
import { findItemNameIn, readItemAnswer } from './understand/item.ts';
import { findCaseNumberIn, findOrderNumberIn } from './understand/numbers.ts';
import { findQuantityIn, readQuantityAnswer } from './understand/quantity.ts';
import { findProblemCategoryIn, findWishedRemedyIn, promisesPhotos, soundsAngry } from './understand/signals.ts';
import { findAccusedNameIn, readNameAnswer } from './understand/staff-name.ts';
import { viewOf, type TextView } from './understand/text-view.ts';
import type { MessageFacts, UnderstandingContext } from './understanding.ts';

/**
 * Every fact a merchant's message states, each with the exact span of the message it was read from: order and
 * case numbers, the item, how many are affected, what is wrong, the remedy wished, the receipt date, the staff
 * member named, a promise of photos, and anger. Pure: `today` is the local date ('YYYY-MM-DD') in the business
 * time zone. Inside a draft the slot the bot asked for is read more permissively (a bare "3" is a quantity), but
 * an answer that does not fit (a question, a case number, a sentence) is never returned as that slot.
 * Only the head of a long message is read; never throws on any string.
 */
export function extractFacts(text: string, ctx: UnderstandingContext, today: string): MessageFacts {
  const view = viewOf(text);
  const clauses = clausesOf(view, findOrderNumberIn(view) !== undefined);
  // A hypothetical ("如果…的话", "if the mug is cracked") states nothing about the merchant's goods.
  const factual = maskClauses(view, clauses, (clause) => clause.conditional);
  // A problem only asked about ("少配件可以只补配件吗") is not stated; "杯子裂了能换吗" states it (了).
  const problems = maskClauses(view, clauses, (clause) => clause.conditional || (clause.question && !clause.request && !STATED.test(clause.text)));
  // A remedy asked about ("能换吗", "can I exchange after 7 days?") is a question, not a wish.
  const wishes = maskClauses(view, clauses, (clause) => clause.conditional || (clause.question && !clause.request));
  const correction = readCorrectionTarget(view);
  const awaiting = correction?.field ?? ctx.draft?.awaiting;
  const answer = correction?.view ?? view;
  const facts: MessageFacts = {};

  const caseNumber = findCaseNumberIn(view);
  if (caseNumber) facts.caseNumber = caseNumber;
  const orderNumber = awaiting === 'orderNumber' ? (findOrderNumberIn(answer, true) ?? findOrderNumberIn(view)) : findOrderNumberIn(view);
  if (orderNumber) facts.orderNumber = orderNumber;

  const itemName = awaiting === 'itemName' ? readItemAnswer(answer) : findItemNameIn(factual);
  if (itemName) facts.itemName = itemName;
  const quantity = awaiting === 'quantity' ? (readQuantityAnswer(answer) ?? findQuantityIn(answer) ?? findQuantityIn(view)) : findQuantityIn(factual);
  if (quantity) facts.quantity = quantity;
  const problemCategory = findProblemCategoryIn(awaiting === 'problemCategory' ? answer : problems);
  if (problemCategory) facts.problemCategory = problemCategory;
  const wishedRemedy = findWishedRemedyIn(awaiting === 'wishedRemedy' ? answer : wishes);
  if (wishedRemedy) {
    // In a quality report a new one is a replacement (4.4.2), whatever word asked for it.
    const inQuality = ctx.draft?.flow === 'quality' && awaiting === 'wishedRemedy';
    facts.wishedRemedy = inQuality && wishedRemedy.value === 'exchange' ? { ...wishedRemedy, value: 'replace' } : wishedRemedy;
  }
  const accusedName = awaiting === 'accusedName' ? readNameAnswer(answer) : findAccusedNameIn(factual);
  if (accusedName) facts.accusedName = accusedName;

  const date = readReceiptDate(text, view, today, awaiting === 'receivedOn', correction);
  if (date && 'problem' in date) facts.dateProblem = { value: date.problem, span: date.span };
  else if (date) facts.receivedOn = date;
  if (promisesPhotos(view, ctx.draft?.awaiting === 'photos')) facts.hasPhotoPromise = true;
  if (soundsAngry(view)) facts.angry = true;
  return facts;
}

// A clause that states what happened (了, "is cracked", "arrived") rather than asking about a kind of problem.
const STATED = /了|\b(?:is|are|was|were|arrived|came|got|has|have|had)\b/;

// Words that say the goods came: a date in the same clause is when they were received, not when something else
// happened ("昨天接待我的客服", "my complaint from monday").
const RECEIPT = /收到|收的|收货|到的|到货|签收|到了|才到|刚到|拿到|送到|\b(?:received?|recieved?|recived|receive|got|get|arrived?|came|delivered)\b/;
const NOT_RECEIVED = /没收到|还没到|没到|没见到|\b(?:not|never|hasn't|haven't|didn't)\s+(?:arrived?|received?|got|come|came|delivered)\b/;

/** The receipt date the message states, or why its date cannot be one; a date of another event is left out. */
function readReceiptDate(
  text: string,
  view: TextView,
  today: string,
  asked: boolean,
  correction: CorrectionTarget | undefined,
): ReturnType<typeof findReceivedDate> {
  if (correction?.field === 'receivedOn') {
    const found = findReceivedDate(correction.raw, today);
    if (!found) return undefined;
    const span = { start: found.span.start + correction.offset, end: found.span.end + correction.offset };
    return 'problem' in found ? { problem: found.problem, span } : { ...found, span };
  }
  const found = findReceivedDate(text, today);
  if (!found || asked) return found;
  const clause = clausesOf(view).find((c) => {
    const span = view.span(c.start, c.end);
    return span.start <= found.span.start && found.span.end <= span.end;
  });
  const words = clause?.text ?? view.text;
  // A correction naming the field ("收货日期不对，是11月22号") says what the date is of.
  const named = /收货日期|收到日期|签收日期|收货时间|\b(?:date|delivery date)\b/.test(view.text);
  if (!(RECEIPT.test(words) || named) || NOT_RECEIVED.test(view.text)) return undefined;
  return found;
}

interface CorrectionTarget {
  field: CorrectableField;
  /** The new value's view (spans still point into the whole message). */
  view: TextView;
  /** The received text from the new value on, and where it starts in the message. */
  raw: string;
  offset: number;
}

/** "数量改为 3", "change quantity to 2": which field is corrected and where its new value starts. */
function readCorrectionTarget(view: TextView): CorrectionTarget | undefined {
  const correction = parseCorrection(view.raw.slice(0, 500));
  if (!correction) return undefined;
  const value = correction.value.toLowerCase();
  const at = view.text.lastIndexOf(value);
  if (at < 0 || value === '') return undefined;
  const offset = view.span(at, at + 1).start;
  return { field: correction.field, view: viewFrom(view, at), raw: view.raw.slice(offset), offset };
}
