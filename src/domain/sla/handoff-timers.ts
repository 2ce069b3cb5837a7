import type { WorkingCalendar } from '../calendar/index.ts';

/** How long a merchant who asked for a person (3.3.3) may wait untaken, in business minutes. */
export interface HandoffRule {
  /** Until the reminder to the staff desks. */
  readonly warnMinutes: number;
  /** Until the escalation to the managers. */
  readonly escalateMinutes: number;
}

/** A handoff timer: the staff reminder (`warn`) or the manager escalation (`breach`, staged `escalate`). */
export interface HandoffTimer {
  readonly kind: 'warn' | 'breach';
  readonly at: Date;
}

/** A handoff timer's stage name, part of its job id. */
export function handoffStage(timer: Pick<HandoffTimer, 'kind'>): 'warn' | 'escalate' {
  return timer.kind === 'warn' ? 'warn' : 'escalate';
}

const MINUTE_MS = 60_000;

/**
 * The timers of a handoff requested at `since`: the reminder after `warnMinutes` and the escalation
 * after `escalateMinutes` of business time (a request in the evening waits for the next opening, a
 * weekend or holiday does not count). A reminder not strictly before the escalation is left out.
 */
export function handoffTimers(since: Date, calendar: WorkingCalendar, rule: HandoffRule): HandoffTimer[] {
  const escalateAt = calendar.addBusinessMs(since, rule.escalateMinutes * MINUTE_MS);
  const warnAt = calendar.addBusinessMs(since, rule.warnMinutes * MINUTE_MS);
  return [...(warnAt.getTime() < escalateAt.getTime() ? [{ kind: 'warn' as const, at: warnAt }] : []), { kind: 'breach', at: escalateAt }];
}

/** Deterministic job id of a handoff timer (no ':', which BullMQ refuses): one per chat, request and stage. */
export function handoffJobId(chatId: string, since: Date, stage: 'warn' | 'escalate'): string {
  return `handoff-${chatId}-${since.getTime()}-${stage}`;
}
