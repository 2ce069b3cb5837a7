import type { FollowupConfig } from '../config.ts';
import { dueQualityWeek, dueSummaryDay } from '../domain/reports/due-report.ts';
import type { Logger } from '../log.ts';
import type { BullQueue } from '../queues/queue-backend.ts';
import { postDailySummary } from './daily-summary.ts';
import type { FollowupJob } from './followup-jobs.ts';
import { postQualityEvaluation } from './quality-evaluation.ts';
import type { ReportDeps } from './report-deps.ts';

/** The job scheduler's id: one per deployment's follow-up queue, so every process upserting it keeps one. */
export const REPORT_SCHEDULER_ID = 'manager-reports';

/**
 * Posts the reports due at `now`: the daily summary (working days, from SUMMARY_TIME) and the weekly
 * quality evaluation (the week's first working day). Posting is once per manager desk and day (or
 * week) in the database, so running this again, from two processes, or at start-up after downtime
 * (the catch-up) posts nothing twice. Delivery is started by the post functions themselves.
 */
export async function postDueReports(deps: { cases: ReportDeps; config: Pick<FollowupConfig, 'summaryTime'>; log: Logger }, now: Date): Promise<void> {
  const calendar = deps.cases.calendar();
  const day = dueSummaryDay(now, calendar, deps.cases.timeZone, deps.config.summaryTime);
  if (day) {
    const result = await postDailySummary(deps.cases, { day, now });
    if (result.outcome === 'posted') deps.log.info({ day, desks: result.touched.length }, 'daily summary posted');
  }
  const week = dueQualityWeek(now, calendar, deps.cases.timeZone, deps.config.summaryTime);
  if (week) {
    const result = await postQualityEvaluation(deps.cases, { weekStart: week, now });
    if (result.outcome === 'posted') deps.log.info({ week, desks: result.touched.length }, 'quality evaluation posted');
  }
}

/**
 * A BullMQ job scheduler runs the reports every day at SUMMARY_TIME in the business zone (whether a
 * report is due is decided by the calendar when it runs: no summary on a day off, the weekly one on
 * the week's first working day).
 */
export async function scheduleReports(queue: BullQueue<FollowupJob>, config: FollowupConfig, timeZone: string): Promise<void> {
  const [hour, minute] = config.summaryTime.split(':').map(Number);
  await queue.upsertJobScheduler(REPORT_SCHEDULER_ID, { pattern: `${minute} ${hour} * * *`, tz: timeZone }, { name: 'report', data: {} });
}
