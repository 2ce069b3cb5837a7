import { isoWeekdayOf } from '../domain/intake/date-phrases.ts';
import type { Command } from '../domain/intake/index.ts';
import { normalizeInput } from '../domain/intake/index.ts';
import type { FoundDate } from '../domain/intake/understanding.ts';
import { actionIds } from './action-ids.ts';
import type { Draft } from './conversation-state.ts';
import { applyChange, promptCurrent } from './draft-steps.ts';
import { checkReturnWindow, windowText } from './return-window.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

// "不对", "不是", "no, it was …": the day read is not the one meant.
const NO = /^(?:不对|不是|错了|不|否|no|nope|not really|wrong|that's wrong)(?:[\s\p{P}\p{S}]|$)/u;

/**
 * "上周五是 11月20日（周五），对吗？": a date read from a phrase that could be meant otherwise is shown with its
 * weekday, with yes / no buttons, before it is stored.
 */
export function askDate(turn: Turn, draft: Draft, date: FoundDate): void {
  const text = turn.input.kind === 'message' ? (turn.input.text ?? '') : '';
  const said = text.slice(date.span.start, date.span.end).trim();
  const day = { year: Number(date.value.slice(0, 4)), month: Number(date.value.slice(5, 7)), day: Number(date.value.slice(8, 10)) };
  draft.pendingDate = date.value;
  draft.awaiting = 'receivedOn';
  draft.updatedAt = turn.now.toISOString();
  say(turn, turn.m.confirmDate(said, day, isoWeekdayOf(date.value)), [
    { id: actionIds.dateYes(), label: turn.m.dateYesButton },
    { id: actionIds.dateNo(), label: turn.m.dateNoButton },
  ]);
}

/** Yes (true), no (false), or neither (undefined) to the date question, typed. */
export function dateReply(text: string, command: Command | undefined): boolean | undefined {
  if (command?.kind === 'confirm') return true;
  if (command?.kind === 'skip' && /^\s*(?:no|不|否|没有)/i.test(text)) return false;
  return NO.test(normalizeInput(text).toLowerCase().trim()) ? false : undefined;
}

/** Stores the date the merchant confirmed, or asks for the exact day when they said no. */
export function confirmPendingDate(turn: Turn, draft: Draft, yes: boolean): void {
  const date = draft.pendingDate;
  draft.pendingDate = undefined;
  if (date === undefined) return promptCurrent(turn, draft);
  if (!yes) {
    draft.awaiting = 'receivedOn';
    return say(turn, turn.m.askExactDate);
  }
  const reviewing = draft.fields.receivedOn !== undefined;
  applyChange(turn, draft, { receivedOn: date });
  if (reviewing) say(turn, turn.m.fieldUpdated(turn.m.fieldLabel.receivedOn));
  const check = checkReturnWindow(turn, date);
  if (!check.within && draft.awaiting !== 'review') say(turn, windowText(turn, check));
  promptCurrent(turn, draft);
}
