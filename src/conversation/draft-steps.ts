import { randomUUID } from 'node:crypto';
import { PROBLEM_CATEGORIES } from '../domain/intake/index.ts';
import { actionIds } from './action-ids.ts';
import type { Draft, DraftFields } from './conversation-state.ts';
import { formatDay } from './deadline-text.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import { FLOW_SLOTS } from './intake-flows.ts';
import { checkReturnWindow, windowText } from './return-window.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';
import type { Button } from '../contracts/conversation.ts';

/** Whether the merchant has answered `slot` (skipping an optional slot counts as an answer). */
export function isFilled(fields: DraftFields, slot: SlotName): boolean {
  if (slot === 'photos') return fields.photosDone;
  return fields[slot] !== undefined;
}

/** The first slot of the flow still unanswered, or undefined when the draft is complete. */
export function nextMissing(draft: Draft): SlotName | undefined {
  return FLOW_SLOTS[draft.flow].find((slot) => !isFilled(draft.fields, slot));
}

/** Starts a new draft of `flow`, replacing any other, and asks the first question. */
export function startDraft(turn: Turn, flow: FlowKind): void {
  const at = turn.now.toISOString();
  const first = FLOW_SLOTS[flow][0] ?? 'review';
  const draft: Draft = { id: (turn.deps.newId ?? randomUUID)(), flow, rev: 0, awaiting: first, startedAt: at, updatedAt: at, fields: { photos: [], photosDone: false } };
  turn.state.draft = draft;
  say(turn, turn.m.draftStarted(flow));
  promptCurrent(turn, draft);
}

/**
 * Records a change and moves to the first unanswered slot, or the summary when none is left.
 * Corrections need no special path: a corrected slot is already filled, so the flow resumes where it was.
 */
export function applyChange(turn: Turn, draft: Draft, patch: Partial<DraftFields>): void {
  draft.fields = { ...draft.fields, ...patch };
  draft.rev += 1;
  draft.updatedAt = turn.now.toISOString();
  draft.awaiting = nextMissing(draft) ?? 'review';
}

/** The buttons under the question `draft` waits for (choices, or a way to finish an optional step). */
export function slotButtons(turn: Turn, draft: Draft): Button[] {
  const { m } = turn;
  switch (draft.awaiting) {
    case 'problemCategory':
      return PROBLEM_CATEGORIES.map((category) => ({ id: actionIds.category(category), label: m.categoryLabel[category] }));
    case 'wishedRemedy':
      return turn.deps.policy.qualityRemedies.allowed.map((remedy) => ({ id: actionIds.remedy(remedy), label: m.remedyLabel[remedy] }));
    case 'photos':
      // The same skip id ends the step; only its label differs once photos have arrived.
      return [{ id: actionIds.skip(), label: draft.fields.photos.length > 0 ? m.photosDoneButton : m.photosSkipButton }];
    case 'accusedName':
      return [{ id: actionIds.skip(), label: m.skipNameButton }];
    default:
      return [];
  }
}

/** Asks the question the draft is waiting for, or shows the summary when it waits for confirmation. */
export function promptCurrent(turn: Turn, draft: Draft): void {
  if (draft.awaiting === 'review') return showSummary(turn, draft);
  say(turn, turn.m.ask[draft.awaiting](draft.flow), slotButtons(turn, draft));
}

function valueText(turn: Turn, draft: Draft, slot: SlotName): string {
  const { m } = turn;
  const f = draft.fields;
  switch (slot) {
    case 'photos':
      return m.photosValue(f.photos.length);
    case 'problemCategory':
      return f.problemCategory ? m.categoryLabel[f.problemCategory] : m.notGiven;
    case 'wishedRemedy':
      return f.wishedRemedy ? m.remedyLabel[f.wishedRemedy] : m.notGiven;
    case 'receivedOn':
      return f.receivedOn ? formatDay(m, f.receivedOn) : m.notGiven;
    case 'quantity':
      return f.quantity === undefined ? m.notGiven : String(f.quantity);
    default:
      return f[slot] ?? m.notGiven;
  }
}

/** The summary the merchant confirms (4.4.2), with the honest window line for returns and exchanges. */
export function showSummary(turn: Turn, draft: Draft): void {
  const { m } = turn;
  const slots = FLOW_SLOTS[draft.flow];
  const lines = [m.summaryTitle(draft.flow), ...slots.map((slot) => m.summaryLine(m.fieldLabel[slot], valueText(turn, draft, slot)))];
  // Photos sent in a flow that does not ask for them are still evidence, so they are listed.
  if (!slots.includes('photos') && draft.fields.photos.length > 0) lines.push(m.summaryLine(m.fieldLabel.photos, m.photosValue(draft.fields.photos.length)));
  if (draft.fields.receivedOn !== undefined) lines.push('', windowText(turn, checkReturnWindow(turn, draft.fields.receivedOn)));
  lines.push('', m.confirmPrompt);
  say(turn, lines.join('\n'), [
    { id: actionIds.confirm(draft.rev), label: m.confirmButton },
    { id: actionIds.edit(), label: m.editButton },
    { id: actionIds.cancelDraft(), label: m.cancelButton },
  ]);
}

/** Offers one button per field of the draft. */
export function showEditMenu(turn: Turn, draft: Draft): void {
  const buttons = FLOW_SLOTS[draft.flow].map((slot) => ({ id: actionIds.editSlot(slot), label: turn.m.fieldLabel[slot] }));
  say(turn, turn.m.editWhich, buttons);
}

/** Re-opens one slot for a correction; answering it returns to the summary. */
export function editSlot(turn: Turn, draft: Draft, slot: SlotName): void {
  draft.awaiting = slot;
  // Photos are sent again from scratch: there is no way to point at one photo in a chat.
  if (slot === 'photos') {
    draft.fields = { ...draft.fields, photos: [], photosDone: false };
    draft.rev += 1;
  }
  draft.updatedAt = turn.now.toISOString();
  promptCurrent(turn, draft);
}
