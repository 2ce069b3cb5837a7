import type { Command } from '../domain/intake/index.ts';
import { asksForLatest, asksToCancel, detectIntent, findCaseNumber, findTrackingNumber, parseCorrection } from '../domain/intake/index.ts';
import { actionIds } from './action-ids.ts';
import { cancelCase, showCase, showCases } from './case-status.ts';
import { confirmDraft } from './confirm-draft.ts';
import type { Draft } from './conversation-state.ts';
import { applyChange, promptCurrent, showEditMenu, showSummary, slotButtons, startDraft } from './draft-steps.ts';
import { flowHasSlot, FREE_TEXT_SLOTS } from './intake-flows.ts';
import { isMessageAboutCase, passToCase, postPendingMessage } from './message-to-case.ts';
import { receivePhotos } from './photo-intake.ts';
import { checkReturnWindow, windowText } from './return-window.ts';
import { askForPerson, cancelDraft, consult, menuButtons, remindDraft, requestFlow, showHelp, skipSlot } from './shared-replies.ts';
import { answerSlot } from './slot-answers.ts';
import type { SlotOutcome } from './slot-answers.ts';
import type { Turn } from './turn.ts';
import { policyLang, say } from './turn.ts';

async function handleCommand(turn: Turn, command: Command): Promise<void> {
  const draft = turn.state.draft;
  switch (command.kind) {
    case 'lang':
      say(turn, turn.m.langSwitched, draft ? [] : menuButtons(turn));
      return draft ? promptCurrent(turn, draft) : undefined;
    case 'help':
      showHelp(turn);
      return remindDraft(turn);
    case 'cancel':
      return cancelDraft(turn);
    case 'status':
      await showCases(turn);
      return remindDraft(turn);
    case 'skip':
      return draft ? skipSlot(turn) : notUnderstood(turn);
    case 'confirm':
      return draft ? confirmDraft(turn, draft, undefined) : notUnderstood(turn);
    case 'edit':
      return draft ? showEditMenu(turn, draft) : notUnderstood(turn);
    case 'person':
      return askForPerson(turn, turn.input.text ?? '');
  }
}

function notUnderstood(turn: Turn): void {
  say(turn, turn.m.notUnderstood, menuButtons(turn));
}

function accept(turn: Turn, draft: Draft, outcome: Extract<SlotOutcome, { ok: true }>, correctedLabel?: string): void {
  applyChange(turn, draft, outcome.patch);
  for (const note of outcome.notes) say(turn, note);
  if (correctedLabel !== undefined) say(turn, turn.m.fieldUpdated(correctedLabel));
  // 3.2.1: a late receipt date is said at once, not only in the summary, so nobody fills in a reason blind.
  if (outcome.patch.receivedOn !== undefined && draft.awaiting !== 'review') {
    const check = checkReturnWindow(turn, outcome.patch.receivedOn);
    if (!check.within) say(turn, windowText(turn, check));
  }
  promptCurrent(turn, draft);
}

/** Free text inside a draft: a correction of any field ("订单号改为 …"), or the answer to the question asked. */
function continueDraft(turn: Turn, draft: Draft, text: string): void {
  const correction = parseCorrection(text);
  const awaiting = draft.awaiting;
  if (correction && flowHasSlot(draft.flow, correction.field)) {
    const outcome = answerSlot(turn, draft, correction.field, correction.value);
    const corrected = correction.field === awaiting ? undefined : turn.m.fieldLabel[correction.field];
    if (outcome.ok) return accept(turn, draft, outcome, corrected);
    // "the order is broken" names a field but is a description: a free-text question takes it whole.
    const answersFreeText = awaiting !== 'review' && FREE_TEXT_SLOTS.has(awaiting) && correction.field !== awaiting;
    if (!answersFreeText) return say(turn, outcome.error, correction.field === awaiting ? slotButtons(turn, draft) : []);
  }
  if (awaiting === 'review') {
    say(turn, turn.m.reviewHint);
    return showSummary(turn, draft);
  }
  const outcome = answerSlot(turn, draft, awaiting, text);
  if (!outcome.ok) return say(turn, outcome.error, slotButtons(turn, draft));
  accept(turn, draft, outcome);
}

async function routeIntent(turn: Turn, text: string): Promise<void> {
  // "我要取消退货申请" names a flow but wants the opposite: show the cases, each with its cancel button.
  if (asksToCancel(text)) return showCases(turn);
  const intent = detectIntent(text);
  switch (intent) {
    case 'quality':
    case 'return':
    case 'exchange':
    case 'complaint':
      return requestFlow(turn, intent, startDraft);
    case 'return_or_exchange':
      return say(turn, turn.m.chooseReturnOrExchange, [
        { id: actionIds.menu('return'), label: turn.m.menu.return },
        { id: actionIds.menu('exchange'), label: turn.m.menu.exchange },
      ]);
    case 'status':
      return showCases(turn, { latest: asksForLatest(text) });
    case 'consult':
      return consult(turn, text);
    case 'greeting':
      return showHelp(turn);
    case undefined:
      // Words the bot cannot place are, for a merchant with an open case, words for its staff.
      if (await passToCase(turn, { text, attachments: [] })) return;
      return notUnderstood(turn);
  }
}

/** The message after "ask a question" was pressed: the question, unless it clearly starts a request instead. */
async function answerQuestion(turn: Turn, text: string): Promise<void> {
  if (turn.state.draft) {
    // Asked in the middle of a draft: answer, then pick the draft up where it was.
    await consult(turn, text);
    return remindDraft(turn);
  }
  const intent = detectIntent(text);
  if (intent !== 'consult' && intent !== 'greeting' && intent !== undefined) return routeIntent(turn, text);
  return consult(turn, text);
}

/** Handles a text message (with any attachments): commands first, then the draft, then intent routing. */
export async function handleMessage(turn: Turn, text: string, command: Command | undefined): Promise<void> {
  const draft = turn.state.draft;
  const attachments = turn.input.attachments ?? [];
  // Photos come with whatever caption the platform requires; the caption is not an answer.
  if (draft && attachments.length > 0) return receivePhotos(turn, draft, attachments);
  if (command) return handleCommand(turn, command);
  const caseNumber = findCaseNumber(text);
  if (caseNumber && asksToCancel(text)) {
    await cancelCase(turn, caseNumber);
    return remindDraft(turn);
  }
  if (turn.questionPending) return answerQuestion(turn, text);
  if (draft) return continueDraft(turn, draft, text);
  // Photos with no report open belong to the merchant's open case; with none, a service comes first.
  if (attachments.length > 0) {
    if (await passToCase(turn, { text, attachments, ...(caseNumber ? { named: caseNumber } : {}) })) return;
    return say(turn, turn.m.photosNeedFlow, menuButtons(turn));
  }
  if (caseNumber) {
    // The answer to "which case is this about?" typed as the number, instead of pressing its button.
    if (!isMessageAboutCase(text, caseNumber) && (await postPendingMessage(turn, caseNumber))) return;
    if (isMessageAboutCase(text, caseNumber) && (await passToCase(turn, { text, attachments: [], named: caseNumber }))) return;
    return showCase(turn, caseNumber);
  }
  const tracking = findTrackingNumber(text);
  if (tracking && turn.chat.merchantId && turn.deps.cases.recordShipment) {
    const recorded = await turn.deps.cases.recordShipment({ merchantId: turn.chat.merchantId, trackingNumber: tracking, at: turn.now });
    if (recorded?.ok) return say(turn, turn.m.trackingRecorded(recorded.summary.number, tracking));
    if (recorded) return say(turn, recorded.message[policyLang(turn.lang)]);
  }
  return routeIntent(turn, text);
}
