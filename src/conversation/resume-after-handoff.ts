import type { Command } from '../domain/intake/index.ts';
import { isAcknowledgement } from '../domain/intake/index.ts';
import { remindDraft } from './shared-replies.ts';
import type { Turn } from './turn.ts';

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
