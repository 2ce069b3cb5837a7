import { cleanFreeText, parseOrderNumber, QUANTITY_RANGE, TEXT_LIMITS } from '../domain/intake/index.ts';
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
    }
    if (flow === 'complaint' && patch.accusedName !== undefined) patch.description = freeText('description', text);
  }
  for (const key of Object.keys(patch) as Array<keyof DraftFields>) if (patch[key] === undefined) delete patch[key];
  return result;
}

const CLAUSE = /[^，,。.;；!！?？\n]+/g;
// Clauses that ask for the request itself, promise photos or greet: not a reason.
const NOT_A_REASON = /退|换|申请|售后|图|照片|你好|您好|算了|还是|\b(?:return|exchange|swap|refund|send (?:it |them )?back|photos?|pics?|pictures?|hi|hello|please|thanks?|actually|instead)\b/i;

/**
 * The reason of a return or exchange in the merchant's words when the opening message states one beside its facts:
 * "I want to return 2 kettles from order 88812345, received them yesterday, changed my mind" → "changed my mind".
 * The clauses that hold a fact, ask for the request, promise photos or greet are left out.
 */
export function leftoverReason(text: string, facts: MessageFacts): string | undefined {
  const head = text.slice(0, 600);
  const spans = Object.values(facts)
    .filter((fact): fact is { span: { start: number; end: number } } => typeof fact === 'object' && fact !== null && 'span' in fact)
    .map((fact) => fact.span);
  if (spans.length === 0) return undefined;
  const kept: string[] = [];
  for (const match of head.matchAll(CLAUSE)) {
    const start = match.index;
    const end = start + match[0].length;
    const clause = match[0].trim();
    if (clause.length < 2 || spans.some((span) => span.start < end && span.end > start) || NOT_A_REASON.test(clause)) continue;
    kept.push(clause);
  }
  return kept.length > 0 ? kept.join(', ') : undefined;
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
