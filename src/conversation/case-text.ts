import type { CaseStatus } from '../domain/cases/case-machines.ts';
import { caseTypeLabel, statusLabel } from '../domain/cases/case-labels.ts';
import { deadlineNameForStep, isMerchantSlaStep } from '../domain/cases/sla-steps.ts';
import type { CaseSummary, NextDeadline } from '../contracts/cases.ts';
import { formatWhen } from './deadline-text.ts';
import type { Turn } from './turn.ts';
import { policyLang } from './turn.ts';

/** "工作人员将在 2 个工作日内（11月26日 18:00 前）联系您", with the estimate warning when the calendar is estimated. */
export function deadlineLine(turn: Turn, next: NextDeadline): string {
  const step = isMerchantSlaStep(next.step) ? next.step : undefined;
  const days = step === undefined ? undefined : turn.deps.policy.deadlines[deadlineNameForStep(step)].workingDays;
  const line = turn.m.nextDeadline(step, days, formatWhen(turn.m, next.dueAt, turn.deps.timeZone, turn.now));
  return next.calendar === 'estimated' ? `${line}${turn.m.estimatedNote}` : line;
}

/** A case in a few lines: number, type and status, order and item, window flag, next deadline. */
export function caseLines(turn: Turn, summary: CaseSummary): string[] {
  const lang = policyLang(turn.lang);
  // The status comes from the database; statusLabel shows an unknown one as given rather than failing.
  const status = statusLabel(summary.type, summary.status as CaseStatus, lang);
  const lines = [`${summary.number} · ${caseTypeLabel(summary.type, lang)} · ${status}`];
  if (summary.orderNumber !== null || summary.itemName !== null) {
    lines.push(turn.m.orderAndItem(summary.orderNumber ?? turn.m.notGiven, summary.itemName ?? turn.m.notGiven));
  }
  if (summary.outsideWindow) lines.push(turn.m.outsideWindowTag);
  if (summary.nextDeadline) lines.push(deadlineLine(turn, summary.nextDeadline));
  return lines;
}
