import { addDays } from '../domain/calendar/civil-date.ts';
import { daysSpan } from '../domain/reports/daily-summary.ts';
import { computeQualityEvaluation, previousPeriod, type QualityEvaluation } from '../domain/reports/quality-evaluation.ts';
import { renderQualityEvaluation } from '../domain/reports/report-text.ts';
import { listImprovementActions } from '../store/improvement-action-store.ts';
import { managerDesksAwaiting, postToManagerDesks, reportRows, staffNames } from '../store/report-store.ts';
import { finish, type PostResult, type ReportDeps } from './report-deps.ts';

/** SummaryPost.kind of the weekly quality evaluation. */
export const QUALITY_EVALUATION_KIND = 'quality';

/** The quality evaluation of local days [from, to) against the same number of days before, as of `now`. */
export async function buildQualityEvaluation(deps: Pick<ReportDeps, 'prisma' | 'timeZone'>, input: { from: string; to: string; now: Date }): Promise<QualityEvaluation> {
  const span = daysSpan(input.from, input.to, deps.timeZone);
  const previous = daysSpan(previousPeriod(input.from, input.to).from, input.from, deps.timeZone);
  const asOf = new Date(Math.max(span.start.getTime(), Math.min(input.now.getTime(), span.end.getTime())));
  const [rows, staff, actions] = await Promise.all([
    reportRows(deps.prisma, { casesFrom: previous.start, start: span.start, end: span.end, asOf }),
    staffNames(deps.prisma),
    listImprovementActions(deps.prisma, 'open'),
  ]);
  return computeQualityEvaluation({ from: input.from, to: input.to, timeZone: deps.timeZone, now: input.now, ...rows, staff, actions });
}

/**
 * Posts the quality evaluation of the week before `weekStart` (the 7 days [weekStart − 7, weekStart),
 * compared with the 7 before them) to every manager desk, once per desk and week (SummaryPost kind
 * 'quality', day = weekStart), like postDailySummary; not computed when every desk has it.
 */
export async function postQualityEvaluation(deps: ReportDeps, input: { weekStart: string; now: Date }): Promise<PostResult> {
  if ((await managerDesksAwaiting(deps.prisma, QUALITY_EVALUATION_KIND, input.weekStart)) === 0) return finish(deps, []);
  const evaluation = await buildQualityEvaluation(deps, { from: addDays(input.weekStart, -7), to: input.weekStart, now: input.now });
  const touched = await postToManagerDesks(deps.prisma, { kind: QUALITY_EVALUATION_KIND, day: input.weekStart, content: evaluation, render: (lang) => renderQualityEvaluation(evaluation, lang), now: input.now });
  return finish(deps, touched);
}

