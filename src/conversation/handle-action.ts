import type { Action } from './action-ids.ts';
import { askCancelCase, cancelCase, showCase, showCases } from './case-status.ts';
import { confirmDraft } from './confirm-draft.ts';
import { confirmPendingDate } from './date-confirm.ts';
import { answerFeedback } from './consult-replies.ts';
import { postPendingMessage } from './message-to-case.ts';
import { rate } from './satisfaction-replies.ts';
import { applyChange, editSlot, promptCurrent, showEditMenu, startDraft } from './draft-steps.ts';
import { flowHasSlot } from './intake-flows.ts';
import { askForPerson, cancelDraft, menuButtons, remindDraft, requestFlow, showHelp, skipSlot, staleInput } from './shared-replies.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

async function handleMenu(turn: Turn, item: Extract<Action, { kind: 'menu' }>['item']): Promise<void> {
  switch (item) {
    case 'quality':
    case 'return':
    case 'exchange':
    case 'complaint':
      return requestFlow(turn, item, startDraft);
    case 'status':
      await showCases(turn);
      return remindDraft(turn);
    case 'consult':
      turn.state.awaitingQuestion = true;
      return say(turn, turn.m.askQuestion);
    case 'help':
      showHelp(turn);
      return remindDraft(turn);
  }
}

async function handleCaseAction(turn: Turn, action: Extract<Action, { kind: 'case' }>): Promise<void> {
  if (action.op === 'post') {
    // The case for a message kept with "which case?"; pressed again later, there is nothing to post.
    if (!(await postPendingMessage(turn, action.number))) staleInput(turn);
    return;
  }
  if (action.op === 'view') await showCase(turn, action.number);
  else if (action.op === 'cancel') askCancelCase(turn, action.number);
  else await cancelCase(turn, action.number);
  if (action.op !== 'cancel') remindDraft(turn);
}

/** Handles a button press; anything not issued by us, or no longer applicable, gets a clear "stale" reply. */
export async function handleAction(turn: Turn, action: Action | undefined): Promise<void> {
  const draft = turn.state.draft;
  if (action === undefined) return staleInput(turn);
  switch (action.kind) {
    case 'person':
      return askForPerson(turn, turn.m.personButton);
    case 'menu':
      return handleMenu(turn, action.item);
    case 'lang':
      // The language itself was applied before the turn started, so every reply of this turn uses it.
      say(turn, turn.m.langSwitched, draft ? [] : menuButtons(turn));
      return draft ? promptCurrent(turn, draft) : undefined;
    case 'case':
      return handleCaseAction(turn, action);
    case 'answer':
      return answerFeedback(turn, action);
    case 'rate':
      return rate(turn, action);
    case 'skip':
      return skipSlot(turn);
    case 'cancelDraft':
      return draft ? cancelDraft(turn) : staleInput(turn);
    default:
      break;
  }
  if (!draft) return staleInput(turn);
  switch (action.kind) {
    case 'confirm':
      return confirmDraft(turn, draft, action.rev);
    case 'date':
      return draft.pendingDate ? confirmPendingDate(turn, draft, action.ok) : staleInput(turn);
    case 'edit':
      return showEditMenu(turn, draft);
    case 'keep':
      return promptCurrent(turn, draft);
    case 'switch':
      turn.state.draft = undefined;
      say(turn, turn.m.draftCancelled(draft.flow));
      return startDraft(turn, action.flow);
    case 'editSlot':
      return flowHasSlot(draft.flow, action.slot) ? editSlot(turn, draft, action.slot) : staleInput(turn);
    case 'category':
      if (!flowHasSlot(draft.flow, 'problemCategory')) return staleInput(turn);
      applyChange(turn, draft, { problemCategory: action.category });
      return promptCurrent(turn, draft);
    case 'remedy':
      if (!flowHasSlot(draft.flow, 'wishedRemedy') || !turn.deps.policy.qualityRemedies.allowed.includes(action.remedy)) return staleInput(turn);
      applyChange(turn, draft, { wishedRemedy: action.remedy });
      return promptCurrent(turn, draft);
  }
}
