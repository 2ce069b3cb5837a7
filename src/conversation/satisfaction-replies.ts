import type { Command } from '../domain/intake/index.ts';
import type { MessageIntent } from '../domain/intake/understanding.ts';
import { asksForSomething, declinesComment, isLowScore } from '../domain/satisfaction/survey.ts';
import type { Action } from './action-ids.ts';
import { remindDraft, staleInput } from './shared-replies.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

/**
 * A score pressed under the survey (6.2.3). Stored once: pressed again, or replayed, the merchant is told the
 * score is already recorded and it stays as it was (a score a manager may have acted on is not rewritten; a
 * merchant who changed their mind writes so, which reaches staff). A button for a case that is not this
 * merchant's resolved case is refused.
 */
export async function rate(turn: Turn, action: Extract<Action, { kind: 'rate' }>): Promise<void> {
  const merchantId = turn.chat.merchantId;
  const port = turn.deps.cases.rateCase;
  if (merchantId === null || port === undefined) return staleInput(turn);
  const outcome = await port({ merchantId, number: action.number, score: action.score, at: turn.now });
  if (outcome.kind === 'not_rateable') {
    say(turn, turn.m.ratingRefused);
    return remindDraft(turn);
  }
  if (outcome.kind === 'already') {
    say(turn, turn.m.ratingAlready(action.number, outcome.score));
    return remindDraft(turn);
  }
  say(turn, isLowScore(outcome.score) ? turn.m.ratingLowThanks(action.number, outcome.score, outcome.followup?.number) : turn.m.ratingThanks(action.number, outcome.score));
  // The next free text is read as the comment the thanks invited (not in the middle of a request).
  if (!turn.state.draft) turn.state.ratingComment = { number: action.number };
  remindDraft(turn);
}

/**
 * Right after a score: "好的" / "没有了" / "no comment" declines the comment and is thanked, never stored. Returns
 * true when the message was handled that way.
 */
export function declineComment(turn: Turn, text: string): boolean {
  if (turn.ratingComment === undefined || turn.state.draft || (turn.input.attachments?.length ?? 0) > 0 || !declinesComment(text)) return false;
  say(turn, turn.m.ratingNoComment);
  return true;
}

// What a comment reads as: words about the service, not a question, a command or a case number.
const COMMENT_INTENTS: ReadonlySet<MessageIntent> = new Set(['other', 'answer', 'dissatisfied', 'correction']);
// Intents a comment may be read as because it names the service it comments on ("换货很快"), unless it asks for one.
const MENTIONED_REQUESTS: ReadonlySet<MessageIntent> = new Set(['quality', 'return', 'exchange', 'complaint']);

function readsAsComment(text: string, intent: MessageIntent): boolean {
  return COMMENT_INTENTS.has(intent) || (MENTIONED_REQUESTS.has(intent) && !asksForSomething(text));
}

/**
 * Right after a score, free text that is not a command or a new request is the merchant's comment: stored with
 * the rating. Returns true when it was stored.
 */
export async function takeComment(turn: Turn, text: string, intent: MessageIntent, command: Command | undefined, caseNumber: string | undefined): Promise<boolean> {
  const number = turn.ratingComment;
  const merchantId = turn.chat.merchantId;
  const port = turn.deps.cases.commentOnRating;
  if (number === undefined || merchantId === null || port === undefined || turn.state.draft || command !== undefined || caseNumber !== undefined) return false;
  if ((turn.input.attachments?.length ?? 0) > 0 || !readsAsComment(text, intent) || text.trim() === '') return false;
  if (!(await port({ merchantId, number, comment: text, at: turn.now }))) return false;
  say(turn, turn.m.ratingCommentThanks);
  return true;
}
