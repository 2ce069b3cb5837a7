import { classifyMessage } from './classify-message.ts';
import { extractFacts } from './extract-facts.ts';
import type { MessageFacts, MessageIntent, Understanding, UnderstandingContext } from './understanding.ts';

// The facts each intent acts on. Chasing a refund names no wished remedy ("退款怎么还没到"), a complaint's date is
// the incident's, not a receipt; only requests, questions and draft answers keep every fact they state.
const KEPT: Partial<Record<MessageIntent, ReadonlyArray<keyof MessageFacts>>> = {
  complaint: ['orderNumber', 'caseNumber', 'accusedName'],
  status: ['orderNumber', 'caseNumber'],
  dissatisfied: ['orderNumber', 'caseNumber'],
  cancel: ['orderNumber', 'caseNumber'],
  not_delivered: ['orderNumber', 'caseNumber'],
  handoff: ['orderNumber', 'caseNumber'],
  greeting: ['orderNumber', 'caseNumber'],
  recap: ['orderNumber', 'caseNumber'],
  other: ['orderNumber', 'caseNumber'],
};
const ALWAYS: ReadonlyArray<keyof MessageFacts> = ['hasPhotoPromise', 'angry'];

/**
 * The whole offline understanding of one message: its intent and the facts that intent acts on, each with its
 * span. Pure; `today` is the local date in the business time zone.
 */
export function understandMessage(text: string, ctx: UnderstandingContext, today: string): Understanding {
  const facts = extractFacts(text, ctx, today);
  const intent = classifyMessage(text, ctx, facts);
  const kept = KEPT[intent];
  if (!kept) return { intent, facts };
  const pruned: MessageFacts = {};
  for (const key of [...kept, ...ALWAYS]) {
    if (facts[key] !== undefined) Object.assign(pruned, { [key]: facts[key] });
  }
  return { intent, facts: pruned };
}
