import { CodedError } from '../errors.ts';
import type { CaseDraft, CaseSummary } from '../contracts/cases.ts';
import { deadlineLine } from './case-text.ts';
import type { Draft } from './conversation-state.ts';
import { nextMissing, promptCurrent, showSummary } from './draft-steps.ts';
import { FLOW_CASE_TYPE } from './intake-flows.ts';
import type { Turn } from './turn.ts';
import { policyLang, say } from './turn.ts';

function toCaseDraft(draft: Draft): CaseDraft {
  const f = draft.fields;
  const caseDraft: CaseDraft = { type: FLOW_CASE_TYPE[draft.flow] };
  // Only answered fields are sent; the case service treats absent ones as not given.
  if (f.orderNumber !== undefined) caseDraft.orderNumber = f.orderNumber;
  if (f.itemName !== undefined) caseDraft.itemName = f.itemName;
  if (f.quantity !== undefined) caseDraft.quantity = f.quantity;
  if (f.problemCategory !== undefined) caseDraft.problemCategory = f.problemCategory;
  if (f.description !== undefined) caseDraft.description = f.description;
  if (f.wishedRemedy !== undefined) caseDraft.wishedRemedy = f.wishedRemedy;
  if (f.receivedOn !== undefined) caseDraft.receivedOn = f.receivedOn;
  if (f.reason !== undefined) caseDraft.reason = f.reason;
  if (typeof f.accusedName === 'string') caseDraft.accusedName = f.accusedName;
  if (f.photos.length > 0) caseDraft.attachments = f.photos;
  return caseDraft;
}

/** Says what went wrong with a port call in the merchant's language; the draft or request is left as it was. */
export function reportPortFailure(turn: Turn, error: unknown, what: string): void {
  turn.deps.log.error({ err: error, chatId: turn.chat.chatId }, `${what} failed`);
  const userMessage = error instanceof CodedError ? error.userMessage : undefined;
  say(turn, userMessage ? userMessage[policyLang(turn.lang)] : turn.m.serviceUnavailable);
}

function tellOpened(turn: Turn, draft: Draft, opened: CaseSummary): void {
  const { m } = turn;
  if (draft.flow === 'complaint') return say(turn, m.complaintOpened(opened.number));
  const lines = [m.caseOpened(draft.flow, opened.number)];
  if (opened.outsideWindow) lines.push(m.outsideWindowOpened(turn.deps.policy.deadlines.returnRequestWindow.workingDays));
  if (opened.nextDeadline) lines.push(deadlineLine(turn, opened.nextDeadline));
  lines.push(m.statusHint);
  say(turn, lines.join('\n'));
}

/** Opens the case the merchant confirmed (4.4.2) if the draft is complete and `rev` is the version they saw. */
export async function confirmDraft(turn: Turn, draft: Draft, rev: number | undefined): Promise<void> {
  const missing = nextMissing(draft);
  if (missing !== undefined) {
    say(turn, turn.m.stillMissing);
    draft.awaiting = missing;
    return promptCurrent(turn, draft);
  }
  if (rev !== undefined && rev !== draft.rev) {
    say(turn, turn.m.draftChanged);
    draft.awaiting = 'review';
    return showSummary(turn, draft);
  }
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return say(turn, turn.m.noMerchant);
  let opened: CaseSummary;
  try {
    opened = await turn.deps.cases.openCase({ chatId: turn.chat.chatId, merchantId, lang: turn.lang, draft: toCaseDraft(draft), at: turn.now, requestKey: `${turn.chat.chatId}:${draft.id}` });
  } catch (error) {
    return reportPortFailure(turn, error, 'openCase');
  }
  turn.state.draft = undefined;
  tellOpened(turn, draft, opened);
}

