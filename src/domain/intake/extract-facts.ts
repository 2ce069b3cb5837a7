import type { MessageFacts, UnderstandingContext } from './understanding.ts';

// PLACEHOLDER (branch llm-assist): the real extractor is written on branch `understand-core` with this signature and
// replaces this file at merge. It finds nothing, so everything the assist tests rely on is stated in the tests.
/** Every fact the message states, each with its span. */
export function extractFacts(_text: string, _ctx: UnderstandingContext, _today: string): MessageFacts {
  return {};
}
