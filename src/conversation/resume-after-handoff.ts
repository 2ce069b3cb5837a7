import type { Command } from '../domain/intake/index.ts';
import { normalizeInput } from '../domain/intake/index.ts';
import { remindDraft } from './shared-replies.ts';
import type { Turn } from './turn.ts';

// What merchants say to close a conversation with a person ("好的", "ok thanks"): never an answer to the bot's question.
const ACKNOWLEDGEMENT = /^(?:好的?|好滴|嗯+|哦+|噢+|行|可以|收到|知道了|明白了?|谢谢(?:你|您)?|多谢|感谢|ok(?:ay)?|k|fine|sure|got it|thanks?(?: you)?|thx|ty|cool)(?:[\s,，]*(?:好的?|谢谢|thanks?|thx))?$/;
const DECORATION = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** Whether a message only acknowledges ("好的，谢谢", "ok thanks 👍"). */
export function isAcknowledgement(raw: string): boolean {
  if (raw.length > 40) return false;
  return ACKNOWLEDGEMENT.test(normalizeInput(raw).toLowerCase().replace(DECORATION, ''));
}

/**
 * The first message after staff handed the chat back (the hand-back sets `resumeAfterHandoff` on the stored state).
 * An acknowledgement of the person ("好的") is not taken as the answer to the draft's pending question: the bot
 * says where the draft stands and asks that question again. Returns true when the turn is fully handled.
 */
export function resumesAfterHandoff(turn: Turn, text: string, command: Command | undefined): boolean {
  if (!turn.state.resumeAfterHandoff) return false;
  turn.state.resumeAfterHandoff = undefined;
  if (!turn.state.draft || turn.input.kind !== 'message' || command !== undefined || (turn.input.attachments ?? []).length > 0) return false;
  if (!isAcknowledgement(text)) return false;
  remindDraft(turn);
  return true;
}
