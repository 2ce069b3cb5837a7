import { computeDailySummary, daySpan, type DailySummary } from '../domain/reports/daily-summary.ts';
import { renderDailySummary } from '../domain/reports/report-text.ts';
import { managerDesksAwaiting, postToManagerDesks, reportRows } from '../store/report-store.ts';
import { finish, type PostResult, type ReportDeps } from './report-deps.ts';

/** SummaryPost.kind of the daily summary. */
export const DAILY_SUMMARY_KIND = 'daily';

/** The daily summary of local day `day` as of `now` (a day not yet over is cut off at `now`). */
export async function buildDailySummary(deps: Pick<ReportDeps, 'prisma' | 'timeZone'>, input: { day: string; now: Date }): Promise<DailySummary> {
  const span = daySpan(input.day, deps.timeZone);
  const asOf = new Date(Math.max(span.start.getTime(), Math.min(input.now.getTime(), span.end.getTime())));
  const rows = await reportRows(deps.prisma, { casesFrom: span.start, start: span.start, end: span.end, asOf });
  return computeDailySummary({ day: input.day, timeZone: deps.timeZone, now: input.now, ...rows });
}

/**
 * Posts the daily summary of `day` to every manager desk (Chat.kind = 'manager'), each in its
 * language: exactly once per desk and day, however many workers call this at once (see
 * postToManagerDesks). Nothing is posted on a day off, and nothing is computed when every desk has it. Tells `deps.onOutbox` and returns the chats
 * that got the message.
 */
export async function postDailySummary(deps: ReportDeps, input: { day: string; now: Date }): Promise<PostResult> {
  if (!deps.calendar().dayInfo(input.day).working) return { touched: [], outcome: 'non_working_day' };
  // Already posted everywhere (the catch-up at every start, a retry) or no desk: nothing is read.
  if ((await managerDesksAwaiting(deps.prisma, DAILY_SUMMARY_KIND, input.day)) === 0) return finish(deps, []);
  const summary = await buildDailySummary(deps, input);
  const touched = await postToManagerDesks(deps.prisma, { kind: DAILY_SUMMARY_KIND, day: input.day, content: summary, render: (lang) => renderDailySummary(summary, lang), now: input.now });
  return finish(deps, touched);
}
