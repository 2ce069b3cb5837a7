import type { MessageFacts, MessageIntent, Understanding } from '../domain/intake/understanding.ts';

/**
 * Why the offline understanding of a message is not to be trusted alone (the only time the model is asked):
 * - `unknown_intent`: the rules found no intent ('other') in a message with something to read;
 * - `bare_request`: a request (quality, return, exchange, complaint) in a long message, yet not one fact was
 *   found: the facts are probably there in words the rules do not know;
 * - `conflicting_facts`: the facts contradict the intent or each other (a return whose wish is an exchange, one
 *   text read as both an order and a case number).
 */
export type AmbiguityReason = 'unknown_intent' | 'bare_request' | 'conflicting_facts';

/** Code points past which a request with no fact is "long" (a Chinese sentence with an order, item and problem is ~20). */
export const LONG_MESSAGE = 24;

const REQUESTS: ReadonlySet<MessageIntent> = new Set(['quality', 'return', 'exchange', 'complaint']);
const SLOT_FACTS = ['orderNumber', 'caseNumber', 'itemName', 'quantity', 'problemCategory', 'wishedRemedy', 'receivedOn', 'dateProblem', 'accusedName'] as const;
// Remedies that contradict the flow the intent names ("要退货 … 换个新的").
const CONTRADICTING_REMEDIES: Partial<Record<MessageIntent, ReadonlySet<string>>> = {
  return: new Set(['exchange', 'replace', 'repair']),
  exchange: new Set(['refund', 'return']),
};

function letterCount(text: string): number {
  return [...text.matchAll(/[\p{L}\p{N}]/gu)].length;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function conflicting(intent: MessageIntent, facts: MessageFacts): boolean {
  const remedy = facts.wishedRemedy?.value;
  if (remedy !== undefined && CONTRADICTING_REMEDIES[intent]?.has(remedy)) return true;
  return facts.orderNumber !== undefined && facts.caseNumber !== undefined && overlaps(facts.orderNumber.span, facts.caseNumber.span);
}

/** Whether the model should be asked about this message, and why; undefined when the offline reading stands alone. Pure. */
export function ambiguityOf(text: string, offline: Understanding): AmbiguityReason | undefined {
  const letters = letterCount(text);
  // "嗯", "ok", "?": nothing a model could read better.
  if (letters < 2) return undefined;
  if (offline.intent === 'other') return 'unknown_intent';
  if (conflicting(offline.intent, offline.facts)) return 'conflicting_facts';
  if (REQUESTS.has(offline.intent) && letters >= LONG_MESSAGE && SLOT_FACTS.every((slot) => offline.facts[slot] === undefined)) return 'bare_request';
  return undefined;
}
