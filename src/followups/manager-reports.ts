import { localDate } from '../domain/calendar/zoned-time.ts';
import type { DailySummary } from '../domain/reports/daily-summary.ts';
import { lastSevenDays, type QualityEvaluation } from '../domain/reports/quality-evaluation.ts';
import { buildDailySummary } from './daily-summary.ts';
import { buildQualityEvaluation } from './quality-evaluation.ts';
import type { ReportDeps } from './report-deps.ts';

/** What the console's manager pane shows: today's summary so far and the evaluation of the last 7 days. */
export async function managerReports(deps: Pick<ReportDeps, 'prisma' | 'timeZone'>, now: Date): Promise<{ summary: DailySummary; quality: QualityEvaluation }> {
  const today = localDate(now, deps.timeZone);
  const [summary, quality] = await Promise.all([buildDailySummary(deps, { day: today, now }), buildQualityEvaluation(deps, { ...lastSevenDays(today), now })]);
  return { summary, quality };
}
