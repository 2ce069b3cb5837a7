import { addDays } from '../calendar/civil-date.ts';
import { instantAtWallTime } from '../calendar/zoned-time.ts';
import { CASE_TYPES, type CaseType } from '../cases/case-machines.ts';
import { LOW_SCORE_MAX } from '../satisfaction/survey.ts';
import type { ReportCase, ReportDeadline, ReportRows, Span } from './report-rows.ts';
import { within } from './report-rows.ts';
import { slaVerdict } from './sla-verdict.ts';
import { average, median, percent } from './stats.ts';


/** Why a case needs a manager's attention, most urgent first. */
export const ATTENTION_REASONS = ['breached', 'due_today', 'unassigned_past_half_time', 'low_satisfaction'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** What the daily summary is computed from. */
export interface DailySummaryInput extends ReportRows {
  /** The local day 'YYYY-MM-DD'. */
  day: string;
  /** Scores at or below this are low (default: the survey's LOW_SCORE_MAX). */
  lowScore?: number;
}

/** The daily summary for managers (contract chapter 7); JSON-safe (instants as ISO strings). */
export interface DailySummary {
  day: string;
  timeZone: string;
  /** The local day as instants, and the moment its figures stop (the end of the day, or `now` if earlier). */
  period: { start: string; end: string; asOf: string };
  newCases: { total: number; byType: Record<CaseType, number> };
  /** Cases open at `asOf`. */
  openCases: number;
  /** Running deadlines, not breached, due between `asOf` and the end of the day. */
  dueToday: number;
  /** Deadlines breached during the day, or running past their due time at `asOf` (each counted once). */
  breached: number;
  /** Verdicts reached in the period (see slaVerdict): on time ÷ all, as a percentage (null when none). */
  sla: { onTime: number; decided: number; compliancePercent: number | null };
  /** Quality cases first contacted in the period: median minutes from opening to the contact. */
  firstContact: { count: number; medianMinutes: number | null };
  /** Satisfaction answers given in the period. */
  satisfaction: { count: number; average: number | null };
  /** Complaints received in the period. */
  complaints: number;
  /** Cases to look at, by number: each with its reasons, most urgent first. */
  attention: Array<{ number: string; type: CaseType; reasons: AttentionReason[] }>;
}

/** The local day `day` in `timeZone` as instants [start, end). */
export function daySpan(day: string, timeZone: string): Span {
  return daysSpan(day, addDays(day, 1), timeZone);
}

/** The local days [from, to) in `timeZone` as instants. */
export function daysSpan(from: string, to: string, timeZone: string): Span {
  return { start: instantAtWallTime(from, 0, timeZone), end: instantAtWallTime(to, 0, timeZone) };
}

const t = (d: Date) => d.getTime();

/** Open just before `at` (the exclusive end of a span): opened before it and not closed before it. */
export function openAt(c: Pick<ReportCase, 'openedAt' | 'closedAt'>, at: Date): boolean {
  return t(c.openedAt) < t(at) && (c.closedAt === null || t(c.closedAt) >= t(at));
}

/** Running at `at`: started, and neither met nor cancelled by then. */
export function runningAt(d: ReportDeadline, at: Date): boolean {
  return t(d.startedAt) <= t(at) && (d.metAt === null || t(d.metAt) > t(at)) && (d.cancelledAt === null || t(d.cancelledAt) > t(at));
}

/** Computes the daily summary of `input.day` from plain rows. Pure: the same rows give the same summary. */
export function computeDailySummary(input: DailySummaryInput): DailySummary {
  const day = daySpan(input.day, input.timeZone);
  const asOf = new Date(Math.max(t(day.start), Math.min(t(input.now), t(day.end))));
  const period: Span = { start: day.start, end: asOf };
  const lowScore = input.lowScore ?? LOW_SCORE_MAX;
  const casesById = new Map(input.cases.map((c) => [c.id, c]));

  const byType = Object.fromEntries(CASE_TYPES.map((type) => [type, 0])) as Record<CaseType, number>;
  for (const c of input.cases) if (within(c.openedAt, period)) byType[c.type] += 1;
  const openCases = input.cases.filter((c) => openAt(c, asOf));

  const reasons = new Map<string, Set<AttentionReason>>();
  const flag = (caseId: string, reason: AttentionReason) => {
    const set = reasons.get(caseId) ?? new Set<AttentionReason>();
    set.add(reason);
    reasons.set(caseId, set);
  };

  let dueToday = 0;
  let breached = 0;
  let onTime = 0;
  let decided = 0;
  const firstContactMinutes: number[] = [];
  for (const d of input.deadlines) {
    const owner = casesById.get(d.caseId);
    const live = owner !== undefined && openAt(owner, asOf) && runningAt(d, asOf);
    const breachedBy = d.breachedAt !== null && t(d.breachedAt) <= t(asOf);
    if (within(d.breachedAt, period) || (live && t(d.dueAt) < t(asOf))) {
      breached += 1;
      if (live) flag(d.caseId, 'breached');
    } else if (live && !breachedBy && t(d.dueAt) >= t(asOf) && t(d.dueAt) < t(day.end)) {
      dueToday += 1;
      flag(d.caseId, 'due_today');
    }
    if (live && owner.assigneeId === null && 2 * (t(asOf) - t(d.startedAt)) >= t(d.dueAt) - t(d.startedAt)) flag(d.caseId, 'unassigned_past_half_time');
    const verdict = slaVerdict(d);
    if (verdict && within(verdict.at, period)) {
      decided += 1;
      if (verdict.onTime) onTime += 1;
    }
    if (d.step === 'first_contact' && owner?.type === 'quality' && within(d.metAt, period)) {
      firstContactMinutes.push(Math.max(0, t(d.metAt) - t(owner.openedAt)) / 60_000);
    }
  }

  const ratings = input.ratings.filter((r) => within(r.createdAt, period));
  for (const r of ratings) if (r.score <= lowScore) flag(r.caseId, 'low_satisfaction');

  const attention = [...reasons]
    .flatMap(([caseId, set]) => {
      const c = casesById.get(caseId);
      return c ? [{ number: c.number, type: c.type, reasons: ATTENTION_REASONS.filter((r) => set.has(r)) }] : [];
    })
    .sort((a, b) => ATTENTION_REASONS.indexOf(a.reasons[0]!) - ATTENTION_REASONS.indexOf(b.reasons[0]!) || a.number.localeCompare(b.number));

  const medianMinutes = median(firstContactMinutes);
  return {
    day: input.day,
    timeZone: input.timeZone,
    period: { start: day.start.toISOString(), end: day.end.toISOString(), asOf: asOf.toISOString() },
    newCases: { total: CASE_TYPES.reduce((sum, type) => sum + byType[type], 0), byType },
    openCases: openCases.length,
    dueToday,
    breached,
    sla: { onTime, decided, compliancePercent: percent(onTime, decided) },
    firstContact: { count: firstContactMinutes.length, medianMinutes: medianMinutes === null ? null : Math.round(medianMinutes) },
    satisfaction: { count: ratings.length, average: average(ratings.map((r) => r.score)) },
    complaints: input.complaints.filter((c) => within(c.createdAt, period)).length,
    attention,
  };
}
