import { actionIds } from './action-ids.ts';
import { createPlaceholderAnswerer } from './consult-answerer.ts';
import { renderAnswer } from './consult-replies.ts';
import { applyChange, promptCurrent, slotButtons } from './draft-steps.ts';
import type { FlowKind } from './intake-flows.ts';
import { OPTIONAL_SLOTS } from './intake-flows.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';
import type { Button } from '../contracts/conversation.ts';

const placeholder = createPlaceholderAnswerer();

/** The main menu as buttons, plus the switch to the other language. */
export function menuButtons(turn: Turn): Button[] {
  const { m } = turn;
  const items = ['quality', 'return', 'exchange', 'status', 'complaint', 'consult'] as const;
  return [
    ...items.map((item) => ({ id: actionIds.menu(item), label: m.menu[item] })),
    { id: actionIds.lang(turn.lang === 'en' ? 'zh' : 'en'), label: m.switchLangButton },
  ];
}

/** The help text with the menu; numbers come from the policy in force. */
export function showHelp(turn: Turn): void {
  const d = turn.deps.policy.deadlines;
  const days = { firstContact: d.qualityFirstContact.workingDays, returnWindow: d.returnRequestWindow.workingDays, review: d.returnReview.workingDays, refund: d.refundOrExchangeAfterGoodsReceived.workingDays };
  say(turn, turn.m.help(days), menuButtons(turn));
}

/** After a side trip (help, status, a stale button), reminds the merchant of the unfinished draft and its question. */
export function remindDraft(turn: Turn): void {
  const draft = turn.state.draft;
  if (!draft) return;
  say(turn, turn.m.draftPending(draft.flow));
  promptCurrent(turn, draft);
}

/** A button or command that no longer applies: say so, then show where the chat stands. */
export function staleInput(turn: Turn): void {
  say(turn, turn.m.staleButton, turn.state.draft ? [] : menuButtons(turn));
  remindDraft(turn);
}

/** Drops the unfinished draft on the merchant's request. */
export function cancelDraft(turn: Turn): void {
  const draft = turn.state.draft;
  if (!draft) return say(turn, turn.m.noDraftToCancel, menuButtons(turn));
  turn.state.draft = undefined;
  say(turn, turn.m.draftCancelled(draft.flow), menuButtons(turn));
}

/** "Skip" / "photos sent": ends an optional step; a required one is asked again. */
export function skipSlot(turn: Turn): void {
  const draft = turn.state.draft;
  if (!draft) return staleInput(turn);
  const slot = draft.awaiting;
  if (slot === 'review') return promptCurrent(turn, draft);
  if (!OPTIONAL_SLOTS.has(slot)) return say(turn, turn.m.slotRequired(turn.m.fieldLabel[slot]), slotButtons(turn, draft));
  applyChange(turn, draft, slot === 'photos' ? { photosDone: true } : { accusedName: null });
  promptCurrent(turn, draft);
}

/** Starts `flow`, or asks first when another draft is unfinished (it would be lost), or resumes the same one. */
export function requestFlow(turn: Turn, flow: FlowKind, start: (turn: Turn, flow: FlowKind) => void): void {
  const draft = turn.state.draft;
  if (!draft) return start(turn, flow);
  if (draft.flow === flow) return promptCurrent(turn, draft);
  say(turn, turn.m.switchFlowAsk(draft.flow, flow), [
    { id: actionIds.switchTo(flow), label: turn.m.switchFlowButton(flow) },
    { id: actionIds.keep(), label: turn.m.keepDraftButton },
  ]);
}

/**
 * Hands the chat to a person (3.3.3, 6.2.2): staff get a card with the recent messages; until they
 * hand it back the bot stays quiet except for commands. Without a staff desk the merchant is told so.
 */
export async function askForPerson(turn: Turn, reason: string): Promise<void> {
  const people = turn.deps.people;
  if (!people) return say(turn, turn.m.noPersonDesk);
  const { already } = await people.requestHandoff({ chatId: turn.chat.chatId, reason: reason || turn.m.personButton, at: turn.now, mark: true });
  say(turn, already ? turn.m.personAlready : turn.m.personRequested);
}

/**
 * Hands a question to the answerer and renders its checked answer with the feedback buttons. Without an
 * answerer (flow tests) a placeholder promises a person; an answer that needs one puts the question on the desk.
 */
export async function consult(turn: Turn, question: string): Promise<void> {
  const answerer = turn.deps.consult ?? placeholder;
  try {
    const inboundId = turn.input.inboundId;
    const result = await answerer.answer({ question, lang: turn.lang, chatId: turn.chat.chatId, merchantId: turn.chat.merchantId, at: turn.now, ...(inboundId === undefined ? {} : { inboundId }) });
    renderAnswer(turn, result);
    if (result.answerId === null && turn.deps.people) say(turn, turn.m.personOffer, [{ id: actionIds.person(), label: turn.m.personButton }]);
    // A person is promised (no answerer, a question the contract leaves open, a blocked answer): staff see it on their
    // desk, once per inbound event like the answer row (a retried turn puts up no second card).
    const personPromised = !turn.deps.consult || result.answer.needsPerson || result.check.verdict !== 'pass';
    if (personPromised && turn.deps.people) {
      await turn.deps.people.requestHandoff({ chatId: turn.chat.chatId, reason: question, at: turn.now, mark: false, ...(inboundId === undefined ? {} : { inboundId }) });
    }
  } catch (error) {
    turn.deps.log.error({ err: error, chatId: turn.chat.chatId }, 'consultation answer failed');
    say(turn, turn.m.consultPlaceholder);
  }
}
