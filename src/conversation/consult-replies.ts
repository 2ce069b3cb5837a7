import { actionIds } from './action-ids.ts';
import type { Action } from './action-ids.ts';
import type { ConsultAnswer } from './consult-answerer.ts';
import { remindDraft, staleInput } from './shared-replies.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

// A follow-up card carries the question as its description; a pasted essay is cut for the card.
const CARD_TEXT_CHARS = 1_000;

/**
 * Renders a checked answer (3.3.2): its text, the clauses it relies on, and the two feedback buttons (3.3.3).
 * A blocked answer is never shown: the merchant is told a person will answer.
 */
export function renderAnswer(turn: Turn, result: ConsultAnswer): void {
  if (result.check.verdict !== 'pass') return say(turn, turn.m.consultPlaceholder);
  const ids = result.citations.map((c) => c.clauseId);
  const text = ids.length > 0 ? `${result.answer.text}\n${turn.m.consultSource(ids)}` : result.answer.text;
  const buttons =
    result.answerId === null
      ? []
      : [
          { id: actionIds.answerFeedback(result.answerId, true), label: turn.m.answerHelpfulButton },
          { id: actionIds.answerFeedback(result.answerId, false), label: turn.m.answerNotSatisfiedButton },
        ];
  say(turn, text, buttons);
}

/**
 * "This helped" is recorded; "not satisfied" (3.3.3) opens a consultation follow-up case (CF) on the staff desk
 * with the question, the answer and its citations. Pressed again, the same case is found, not a second one.
 * An answer that needed a person had put its question on the desk already: "not satisfied" is added to that request.
 * The merchant may keep asking either way, and an unfinished draft is picked up again.
 */
export async function answerFeedback(turn: Turn, action: Extract<Action, { kind: 'answer' }>): Promise<void> {
  const consult = turn.deps.consult;
  const { chatId, merchantId } = turn.chat;
  const stored = await consult?.findAnswer?.({ answerId: action.answerId, chatId });
  if (!consult || !stored) return staleInput(turn);
  if (action.helpful || merchantId === null) {
    await consult.recordFeedback?.({ answerId: stored.id, chatId, helpful: action.helpful, at: turn.now });
    say(turn, action.helpful ? turn.m.answerThanks : turn.m.consultPlaceholder);
    return remindDraft(turn);
  }
  // The answer already put the question on the staff desks (a person was promised): the dissatisfaction joins that
  // request, said once under its card, rather than opening a follow-up case for the same question.
  if (stored.needsPerson && turn.deps.people && stored.caseId === null) {
    if (stored.helpful !== false) await turn.deps.people.addNotSatisfied({ chatId, question: stored.question.slice(0, CARD_TEXT_CHARS), at: turn.now });
    await consult.recordFeedback?.({ answerId: stored.id, chatId, helpful: false, at: turn.now });
    say(turn, turn.m.answerPersonAlready);
    return remindDraft(turn);
  }
  const clauses = stored.clauseIds.length > 0 ? ` [${stored.clauseIds.join(', ')}]` : '';
  const opened = await turn.deps.cases.openCase({
    chatId,
    merchantId,
    lang: turn.lang,
    draft: { type: 'consultation_followup', description: stored.question.slice(0, CARD_TEXT_CHARS), reason: `${stored.answer.slice(0, CARD_TEXT_CHARS)}${clauses}` },
    at: turn.now,
    requestKey: `consult-followup:${stored.id}`,
  });
  await consult.recordFeedback?.({ answerId: stored.id, chatId, helpful: false, caseId: opened.id, at: turn.now });
  say(turn, turn.m.answerFollowupOpened(opened.number));
  remindDraft(turn);
}
