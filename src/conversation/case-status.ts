import { allowedEvents } from '../domain/cases/case-queries.ts';
import type { CaseStatus } from '../domain/cases/case-machines.ts';
import { actionIds } from './action-ids.ts';
import type { CaseSummary } from '../contracts/cases.ts';
import { caseLines } from './case-text.ts';
import { reportPortFailure } from './confirm-draft.ts';
import type { Turn } from './turn.ts';
import { policyLang, say } from './turn.ts';
import type { Button } from '../contracts/conversation.ts';

const LIST_LIMIT = 5;

function merchantCancels(summary: CaseSummary): boolean {
  return (allowedEvents(summary.type, summary.status as CaseStatus, 'merchant') as readonly string[]).includes('cancel');
}

function cancelButton(turn: Turn, summary: CaseSummary): Button[] {
  return merchantCancels(summary) ? [{ id: actionIds.cancelCase(summary.number), label: turn.m.cancelCaseButton(summary.number) }] : [];
}

/** The merchant's recent cases (or only the latest), each with its next deadline and a cancel button where allowed. */
export async function showCases(turn: Turn, options: { latest?: boolean } = {}): Promise<void> {
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return say(turn, turn.m.noMerchant);
  let cases: CaseSummary[];
  try {
    cases = await turn.deps.cases.listCases(merchantId, { limit: options.latest ? 1 : LIST_LIMIT });
  } catch (error) {
    return reportPortFailure(turn, error, 'listCases');
  }
  if (cases.length === 0) return say(turn, turn.m.noCases);
  const shown = [...cases].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime()).slice(0, options.latest ? 1 : LIST_LIMIT);
  if (shown.length === 1 && shown[0]) return showOne(turn, shown[0]);
  const blocks = shown.map((summary) => caseLines(turn, summary).join('\n'));
  say(turn, [turn.m.casesHeader(shown.length), ...blocks].join('\n\n'), shown.flatMap((summary) => cancelButton(turn, summary)));
}

/** One case in a few lines, with its cancel button where the merchant may cancel. */
export function showOne(turn: Turn, summary: CaseSummary): void {
  say(turn, caseLines(turn, summary).join('\n'), cancelButton(turn, summary));
}

/** One case by its number; another merchant's number reads as not found. */
export async function showCase(turn: Turn, number: string): Promise<void> {
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return say(turn, turn.m.noMerchant);
  let summary: CaseSummary | null;
  try {
    summary = await turn.deps.cases.findCase(merchantId, number);
  } catch (error) {
    return reportPortFailure(turn, error, 'findCase');
  }
  if (!summary) return say(turn, turn.m.caseNotFound(number));
  showOne(turn, summary);
}

/** Asks before cancelling a case from a button, since one tap should not withdraw a request. */
export function askCancelCase(turn: Turn, number: string): void {
  say(turn, turn.m.cancelCaseAsk(number), [
    { id: actionIds.cancelCaseConfirmed(number), label: turn.m.cancelCaseYes },
    { id: actionIds.viewCase(number), label: turn.m.keepCaseButton },
  ]);
}

/** Cancels a case where its state machine lets the merchant; otherwise relays the case service's reason. */
export async function cancelCase(turn: Turn, number: string): Promise<void> {
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return say(turn, turn.m.noMerchant);
  try {
    const result = await turn.deps.cases.cancelCase({ merchantId, number, at: turn.now });
    if (result.ok) return say(turn, turn.m.caseCancelled(number));
    say(turn, turn.m.cancelRefused(number, result.message[policyLang(turn.lang)]));
  } catch (error) {
    reportPortFailure(turn, error, 'cancelCase');
  }
}
