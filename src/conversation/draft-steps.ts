import { randomUUID } from 'node:crypto';
import { isoWeekdayOf } from '../domain/intake/date-phrases.ts';
import { PROBLEM_CATEGORIES } from '../domain/intake/index.ts';
import { actionIds } from './action-ids.ts';
import type { Draft, DraftFields } from './conversation-state.ts';
import { formatDay } from './deadline-text.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import { draftSlots, flowHasSlot } from './intake-flows.ts';
import { checkReturnWindow, windowText } from './return-window.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';
import { notedLine } from './understood.ts';
import type { Button } from '../contracts/conversation.ts';

/** Whether the merchant has answered `slot` (skipping an optional slot counts as an answer). */
export function isFilled(fields: DraftFields, slot: SlotName): boolean {
  if (slot === 'photos') return fields.photosDone;
  return fields[slot] !== undefined;
}

/** The first slot of the flow still unanswered, or undefined when the draft is complete. */
export function nextMissing(draft: Draft): SlotName | undefined {
  return draftSlots(draft.flow, draft.fields).find((slot) => !isFilled(draft.fields, slot));
}

/**
 * Creates a draft of `flow` (replacing any other) with what the merchant already gave: the facts and photos held
 * from before a flow was chosen, then `initial`. Nothing is said; the caller tells what was noted and asks.
 */
export function createDraft(turn: Turn, flow: FlowKind, initial: Partial<DraftFields> = {}): Draft {
  const at = turn.now.toISOString();
  const held = turn.state.held;
  turn.state.held = undefined;
  const keptHeld = Object.fromEntries(Object.entries(held?.fields ?? {}).filter(([slot]) => slot === 'problemCategory' || flowHasSlot(flow, slot)));
  const fields: DraftFields = { ...keptHeld, ...initial, photos: [...(held?.photos ?? []), ...(initial.photos ?? [])], photosDone: false };
  const draft: Draft = { id: (turn.deps.newId ?? randomUUID)(), flow, rev: 0, awaiting: 'review', startedAt: at, updatedAt: at, fields };
  draft.awaiting = nextMissing(draft) ?? 'review';
  if (held?.pendingDate && flowHasSlot(flow, 'receivedOn') && fields.receivedOn === undefined) {
    draft.pendingDate = held.pendingDate;
    draft.awaiting = 'receivedOn';
  }
  turn.state.draft = draft;
  return draft;
}

/**
 * Starts a new draft of `flow`, replacing any other, with whatever the merchant said before choosing it; says what
 * was noted from that and asks the first question still open (or the held date to confirm).
 */
export function startDraft(turn: Turn, flow: FlowKind): void {
  const draft = createDraft(turn, flow);
  say(turn, turn.m.draftStarted(flow));
  const noted = notedLine(turn, { patch: draft.fields, facts: {}, text: '', wish: flow, photos: draft.fields.photos.length, category: true });
  if (noted) say(turn, noted);
  if (draft.pendingDate) return askHeldDate(turn, draft, draft.pendingDate);
  promptCurrent(turn, draft);
}

/** "收货日期是 11月20日（周五），对吗？" for a date given before the flow was chosen. */
function askHeldDate(turn: Turn, draft: Draft, date: string): void {
  const day = { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
  say(turn, turn.m.confirmDate('', day, isoWeekdayOf(date)), [
    { id: actionIds.dateYes(), label: turn.m.dateYesButton },
    { id: actionIds.dateNo(), label: turn.m.dateNoButton },
  ]);
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

/** The pending question again after a side trip, introduced as such ("回到刚才的问题：是哪件商品？"). */
export function promptAgain(turn: Turn, draft: Draft): void {
  if (draft.awaiting === 'review') return showSummary(turn, draft);
  say(turn, turn.m.backToQuestion + turn.m.ask[draft.awaiting](draft.flow), slotButtons(turn, draft));
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
  const slots = draftSlots(draft.flow, draft.fields);
  const lines = [m.summaryTitle(draft.flow), ...slots.map((slot) => m.summaryLine(m.fieldLabel[slot], valueText(turn, draft, slot)))];
  // Photos sent in a flow that does not ask for them are still evidence, so they are listed.
  if (!slots.includes('photos') && draft.fields.photos.length > 0) lines.push(m.summaryLine(m.fieldLabel.photos, m.photosValue(draft.fields.photos.length)));
  // So is a detail added while photos were awaited in a return or exchange, which asks no description.
  if (!slots.includes('description') && draft.fields.description !== undefined) lines.push(m.summaryLine(m.fieldLabel.description, draft.fields.description));
  if (draft.fields.receivedOn !== undefined && flowHasSlot(draft.flow, 'receivedOn')) lines.push('', windowText(turn, checkReturnWindow(turn, draft.fields.receivedOn)));
  lines.push('', m.confirmPrompt);
  say(turn, lines.join('\n'), [
    { id: actionIds.confirm(draft.rev), label: m.confirmButton },
    { id: actionIds.edit(), label: m.editButton },
    { id: actionIds.cancelDraft(), label: m.cancelButton },
  ]);
}

/** Offers one button per field of the draft. */
export function showEditMenu(turn: Turn, draft: Draft): void {
  const buttons = draftSlots(draft.flow, draft.fields).map((slot) => ({ id: actionIds.editSlot(slot), label: turn.m.fieldLabel[slot] }));
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
