import { detectIntent } from './intent.ts';
import type { MessageFacts, MessageIntent, UnderstandingContext } from './understanding.ts';

// PLACEHOLDER (branch llm-assist): the real classifier is written on branch `understand-core` with this signature and
// replaces this file at merge. It maps the menu-era keyword rules onto the new intents.
/** What the message wants. */
export function classifyMessage(text: string, _ctx: UnderstandingContext, _facts: MessageFacts): MessageIntent {
  const intent = detectIntent(text);
  return intent === undefined ? 'other' : intent === 'return_or_exchange' ? 'return' : intent;
}
