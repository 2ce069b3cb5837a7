import { classifyMessage } from './classify-message.ts';
import { extractFacts } from './extract-facts.ts';
import { normalizeInput } from './text-limits.ts';
import type { MessageIntent } from './understanding.ts';

/** What a free-text message asks for when no flow is running. */
export type Intent = 'complaint' | 'status' | 'return_or_exchange' | 'exchange' | 'return' | 'quality' | 'consult' | 'greeting';

// The conversation still routes on this older, smaller set; what it cannot express maps to undefined.
const COMPATIBLE: Partial<Record<MessageIntent, Intent>> = {
  quality: 'quality',
  return: 'return',
  exchange: 'exchange',
  complaint: 'complaint',
  consult: 'consult',
  status: 'status',
  greeting: 'greeting',
};

/**
 * The intent of a free-text message when no flow is running, in the conversation's older terms.
 * @deprecated A thin compatibility layer over {@link classifyMessage}; new code uses classifyMessage (or
 * understandMessage) directly, which also tells handoff, chasing, dissatisfaction and non-delivery apart.
 */
export function detectIntent(raw: string): Intent | undefined {
  const head = normalizeInput(raw.slice(0, 500)).toLowerCase();
  // Both flows named and neither chosen: the conversation offers the two.
  if (/退换货|退换|\breturn or (?:an )?exchange\b/.test(head)) return 'return_or_exchange';
  const facts = extractFacts(raw, {}, '1970-01-01');
  return COMPATIBLE[classifyMessage(raw, {}, facts)];
}

/** Whether the message asks to withdraw something ("取消 RT-…", "cancel RT-…"). */
export function asksToCancel(raw: string): boolean {
  return /取消|撤销|撤回|\bcancel|\bwithdraw/.test(normalizeInput(raw.slice(0, 200)).toLowerCase());
}

/** Whether the message asks for the most recent case only ("最新的售后", "latest case"). */
export function asksForLatest(raw: string): boolean {
  return /最新|最近|上一个|\blatest\b|\blast\b|\bmost recent\b/.test(normalizeInput(raw.slice(0, 200)).toLowerCase());
}
