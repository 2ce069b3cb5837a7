import { cleanFreeText, parseOrderNumber, QUANTITY_RANGE, TEXT_LIMITS } from '../domain/intake/index.ts';
import { matchProblemCategory } from '../domain/intake/choices.ts';
import type { DateProblem, FoundDate, MessageFacts, WishedRemedy } from '../domain/intake/understanding.ts';
import type { QualityRemedy } from '../domain/policy/policy-schema.ts';
import type { DraftFields } from './conversation-state.ts';
import { formatDay } from './deadline-text.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import { flowHasSlot } from './intake-flows.ts';
import type { Turn } from './turn.ts';

/** What a message's facts give a draft: validated fields, a date to confirm first, a date refused. */
export interface FactFields {
  patch: Partial<DraftFields>;
  /** A receipt date read from a phrase that should be confirmed with its weekday before it is stored. */
  confirmDate?: FoundDate;
  dateProblem?: DateProblem;
}

// A quality report's remedies (4.4.2): an exchange wished is a replacement, a return wished is a refund.
const QUALITY_REMEDY: Record<WishedRemedy, QualityRemedy> = { replace: 'replace', repair: 'repair', refund: 'refund', return: 'refund', exchange: 'replace' };

/** The remedy of a quality report a wished remedy names, if the policy offers it. */
export function qualityRemedyOf(turn: Turn, wished: WishedRemedy): QualityRemedy | undefined {
  const remedy = QUALITY_REMEDY[wished];
  return turn.deps.policy.qualityRemedies.allowed.includes(remedy) ? remedy : undefined;
}

// Words that point at someone without naming them ("a staff member who was rude").
const NOT_A_NAME = /^(?:who|he|she|they|him|her|them|someone|somebody|staff|agent|the agent|a staff member|客服|他|她|那个人|工作人员)$/i;

function freeText(slot: keyof typeof TEXT_LIMITS, raw: string): string | undefined {
  const { text } = cleanFreeText(raw, TEXT_LIMITS[slot]);
  return text === '' ? undefined : text;
}

/**
 * The draft fields of `flow` that `facts` state, each checked as a typed answer would be. With `opening` (the message
 * that starts the request) the merchant's own words also become the problem description or the reason when they
 * state a problem, and a complaint's description when they name the staff member: nobody types them twice. A
 * return's other reason ("changed my mind") is read from the opening message only, not from a switch.
 */
export function fieldsFromFacts(turn: Turn, flow: FlowKind, facts: MessageFacts, text: string, role: 'opening' | 'switch' | 'answer'): FactFields {
  const opening = role !== 'answer';
  const patch: Partial<DraftFields> = {};
  const result: FactFields = { patch };
  if (facts.orderNumber) {
    const parsed = parseOrderNumber(facts.orderNumber.value);
    if (parsed.ok) patch.orderNumber = parsed.value;
  }
  if (flow !== 'complaint') {
    const item = facts.itemName && freeText('itemName', facts.itemName.value);
    if (item) patch.itemName = item;
    const quantity = facts.quantity?.value;
    if (quantity !== undefined && Number.isSafeInteger(quantity) && quantity >= QUANTITY_RANGE.min && quantity <= QUANTITY_RANGE.max) patch.quantity = quantity;
    if (facts.problemCategory) patch.problemCategory = facts.problemCategory.value;
  }
  if (flow === 'quality' && facts.wishedRemedy) {
    const remedy = qualityRemedyOf(turn, facts.wishedRemedy.value);
    if (remedy) patch.wishedRemedy = remedy;
  }
  if (flowHasSlot(flow, 'receivedOn')) {
    if (facts.receivedOn && !facts.receivedOn.needsConfirm) patch.receivedOn = facts.receivedOn.value;
    else if (facts.receivedOn) result.confirmDate = facts.receivedOn;
    else if (facts.dateProblem) result.dateProblem = facts.dateProblem.value;
  }
  if (flow === 'complaint' && facts.accusedName && !NOT_A_NAME.test(facts.accusedName.value.trim())) {
    const name = freeText('accusedName', facts.accusedName.value);
    if (name) patch.accusedName = name;
  }
  if (opening) {
    if (flow === 'quality' && facts.problemCategory) patch.description = freeText('description', text);
    // The reason in the merchant's words and in short: "保温杯 3 个漏水", "2 mugs cracked".
    const problem = problemWords(facts, text);
    if ((flow === 'return' || flow === 'exchange') && problem) {
      patch.reason = freeText('reason', turn.m.notedItem({ ...(patch.itemName ? { name: patch.itemName } : {}), ...(patch.quantity ? { quantity: patch.quantity } : {}), problem }));
    } else if (role === 'opening' && (flow === 'return' || flow === 'exchange')) {
      const reason = leftoverReason(text, facts);
      if (reason) patch.reason = freeText('reason', reason);
      // A reason that names damage or a defect ("杯子收到就是坏的") asks for photos, as a typed reason does.
      const category = reason === undefined ? undefined : matchProblemCategory(reason);
      if (category !== undefined && patch.problemCategory === undefined) patch.problemCategory = category;
    }
    if (flow === 'complaint' && patch.accusedName !== undefined) patch.description = freeText('description', text);
  }
  for (const key of Object.keys(patch) as Array<keyof DraftFields>) if (patch[key] === undefined) delete patch[key];
  return result;
}

// Clause boundaries: punctuation (a dot before a digit is a decimal point: "1.8米"), and a space between Chinese
// words, which merchants type instead of a comma ("买多了 退3个 保温杯").
const BOUNDARY = /[，,。;；!！?？\n]+|\.(?!\d)|(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu;

/** The clauses of `text` with their offsets. */
function clausesIn(text: string): Array<Range & { body: string }> {
  const out: Array<Range & { body: string }> = [];
  let start = 0;
  for (const match of [...text.matchAll(BOUNDARY), undefined]) {
    const end = match ? match.index : text.length;
    if (end > start) out.push({ start, end, body: text.slice(start, end) });
    if (match) start = match.index + match[0].length;
  }
  return out;
}

interface Range {
  start: number;
  end: number;
}

// Clauses that ask for the request itself, promise photos or greet: not a reason.
const NOT_A_REASON = /退|换|申请|售后|图|照片|你好|您好|算了|还是|\b(?:return|exchange|swap|refund|send (?:it |them )?back|photos?|pics?|pictures?|hi|hello|please|thanks?|actually|instead)\b/i;
// What is left of a clause once its item, count, date and order number are taken out, that still says nothing about
// why: receipt words, measure words, particles, pronouns ("前天收到的", "一箱", "received the … on Friday").
const FILLER =
  /收到|收的|到的|到货|签收|拿到|订单号?|定单号?|单号|东西|[的了个只件双套箱条这那我它是就都也呢啊吧哦嗯刚才已里货]|\b(?:the|a|an|my|i|it|its|them|they|these|those|this|that|on|of|from|in|at|for|with|and|is|are|was|were|order|ordr|no|number|pcs|pieces?|units?|pairs?|got|get|received?|recieved|arrived?|came|delivered|bought|ordered)\b|[\s\p{P}\p{S}\d]/giu;
// The facts that name a thing or a moment: a clause holding one is a reason only if more than the fact is left.
const NAMING_FACTS: ReadonlyArray<keyof MessageFacts> = ['itemName', 'quantity', 'receivedOn', 'dateProblem', 'orderNumber'];

function spanOf(fact: MessageFacts[keyof MessageFacts]): Range | undefined {
  return typeof fact === 'object' && fact !== null && 'span' in fact ? fact.span : undefined;
}

/**
 * The reason of a return or exchange in the merchant's words when the opening message states one beside its facts:
 * "I want to return 2 kettles from order 88812345, received them yesterday, changed my mind" → "changed my mind";
 * "你好，我要退货，杯子收到就是坏的" → "杯子收到就是坏的"; "鞋子买小了，想退" → "鞋子买小了". A clause that holds only
 * facts (the item, the count, the date, the order number) or asks for the request, promises photos or greets is
 * left out; a clause that holds another fact (a staff member, a remedy, a case number) is too.
 */
export function leftoverReason(text: string, facts: MessageFacts): string | undefined {
  const head = text.slice(0, 600);
  const naming: Range[] = [];
  const other: Range[] = [];
  for (const [key, fact] of Object.entries(facts) as Array<[keyof MessageFacts, MessageFacts[keyof MessageFacts]]>) {
    const span = spanOf(fact);
    if (span) (NAMING_FACTS.includes(key) ? naming : other).push(span);
  }
  if (naming.length + other.length === 0) return undefined;
  const kept: string[] = [];
  const order = spanOf(facts.orderNumber);
  for (const { start, end, body } of clausesIn(head)) {
    const clause = order && order.start >= start && order.end <= end ? withoutOrderNumber(body, order.start - start, order.end - start) : body.trim();
    const overlaps = (span: Range): boolean => span.start < end && span.end > start;
    if (clause.length < 2 || other.some(overlaps) || NOT_A_REASON.test(clause)) continue;
    let rest = body;
    for (const span of naming.filter(overlaps).sort((a, b) => b.start - a.start)) {
      const from = Math.max(span.start, start) - start;
      const to = Math.min(span.end, end) - start;
      rest = rest.slice(0, from) + ' ' + rest.slice(to);
    }
    if (rest.replace(FILLER, '') === '') continue;
    kept.push(clause);
  }
  return kept.length > 0 ? kept.join(', ') : undefined;
}

// "定单 2026111812001 的拖鞋买大了" → "拖鞋买大了": the order number is a field of its own, with its label and the
// particle that tied it to the rest.
const ORDER_LABEL = /(?:订单号?|定单号?|单号|\b(?:order|ordr)(?:\s*(?:no\.?|number))?)\s*[:：#]?\s*$/i;

function withoutOrderNumber(body: string, from: number, to: number): string {
  const before = body.slice(0, from).replace(ORDER_LABEL, '');
  const after = body.slice(to).replace(/^\s*(?:里|中)?的/, '');
  return `${before.trim()} ${after.trim()}`.trim();
}

/** Keeps only the fields of `patch` the draft has no value for yet (a later message never overwrites an earlier one). */
export function onlyNew(fields: DraftFields, patch: Partial<DraftFields>): Partial<DraftFields> {
  return Object.fromEntries(Object.entries(patch).filter(([key]) => fields[key as keyof DraftFields] === undefined)) as Partial<DraftFields>;
}

/**
 * "已记下：订单 2026112012345，保温杯 3 个漏水，希望换货" / "Noted: order 88812345, 2 mugs cracked, refund wanted":
 * what was taken from a message, in the merchant's own words where they gave them. Empty when nothing was taken.
 */
export function notedLine(
  turn: Turn,
  input: { patch: Partial<DraftFields>; facts: MessageFacts; text: string; wish?: FlowKind; photos?: number; category?: boolean },
): string | undefined {
  const { m } = turn;
  const { patch, facts, text } = input;
  const parts: string[] = [];
  if (patch.orderNumber !== undefined) parts.push(m.notedOrder(patch.orderNumber));
  const category = patch.problemCategory === undefined ? undefined : m.categoryLabel[patch.problemCategory];
  const problem = patch.problemCategory === undefined ? undefined : (problemWords(facts, text) ?? (input.category ? (turn.lang === 'en' ? `(${category})` : `（${category}）`) : undefined));
  // Without the item the merchant's two words ("少了") say little: the category names the problem instead.
  if (patch.itemName === undefined && patch.quantity === undefined && category !== undefined) parts.push(category);
  else if (patch.itemName !== undefined || patch.quantity !== undefined || problem !== undefined) {
    parts.push(m.notedItem({ ...(patch.itemName !== undefined ? { name: patch.itemName } : {}), ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}), ...(problem ? { problem } : {}) }));
  }
  if (patch.receivedOn !== undefined) parts.push(m.notedDate(formatDay(m, patch.receivedOn)));
  if (typeof patch.accusedName === 'string') parts.push(m.notedName(patch.accusedName));
  // "希望退货" alone after "我要退货" says nothing new; beside other facts it completes the picture.
  if (patch.wishedRemedy !== undefined) parts.push(m.notedWish(patch.wishedRemedy));
  else if ((input.wish === 'return' || input.wish === 'exchange') && parts.length > 0) parts.push(m.notedWish(input.wish));
  if (input.photos) parts.push(m.notedPhotos(input.photos));
  return parts.length > 0 ? m.noted(parts) : undefined;
}

/** The merchant's words for the problem ("漏水", "cracked"), the English word completed ("crack" → "cracked"). */
export function problemWords(facts: MessageFacts, text: string): string | undefined {
  const span = facts.problemCategory?.span;
  if (!span || span.end <= span.start) return undefined;
  let end = span.end;
  while (end < text.length && end - span.end < 12 && /[A-Za-z']/.test(text[end] ?? '')) end += 1;
  const words = text.slice(span.start, end).trim();
  return words === '' ? undefined : words;
}

/** Whether `patch` holds more than the answer to `awaiting` (then what was noted is worth saying). */
export function givesMoreThan(patch: Partial<DraftFields>, awaiting: SlotName | 'review'): boolean {
  return Object.keys(patch).some((key) => key !== awaiting && key !== 'description' && key !== 'reason' && key !== 'problemCategory');
}
