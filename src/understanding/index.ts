export { createUnderstander, assistInput } from './understander.ts';
export type { Understander, UnderstanderDeps } from './understander.ts';
export { buildUnderstander, UNDERSTANDING_PROMPT_VERSION } from './build-understander.ts';
export { ambiguityOf, LONG_MESSAGE } from './ambiguity.ts';
export type { AmbiguityReason } from './ambiguity.ts';
export { mergeAssist } from './merge-assist.ts';
export { ASSIST_SLOTS, assistReplySchema } from './assist-reply.ts';
export type { AssistReply, AssistSlot } from './assist-reply.ts';
