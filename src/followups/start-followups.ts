import type { Job } from 'bullmq';
import type { CaseServiceDeps } from '../cases/case-deps.ts';
import type { FollowupConfig } from '../config.ts';
import { recordTimerLateness, type AppMetrics } from '../http/metrics.ts';
import type { Logger } from '../log.ts';
import type { BullQueue, QueueBackend } from '../queues/queue-backend.ts';
import type { Touched } from '../store/case-outbox-store.ts';
import { followupQueueName, slaJobSchema, type FollowupJob } from './followup-jobs.ts';
import { reconcileSlaTimers, runSlaTimer } from './sla-timers.ts';
import { reconcileMerchantReminders, runMerchantReminder } from './merchant-reminders.ts';
import { reconcileHandoffTimers, runHandoffTimer } from './handoff-timers.ts';
import { postDueReports, scheduleReports } from './report-schedule.ts';
import { rearmRunningTimers } from '../store/followup-store.ts';

/** A job kind the follow-up worker runs: its payload is validated by the handler itself. */
type FollowupHandler = (job: Job<FollowupJob>, at: Date) => Promise<Touched | null>;

export interface Followups {
  queue: BullQueue<FollowupJob>;
  /** Schedules owed timers now (after a case change); runs are serialised and coalesced. */
  kick(): void;
  /** One reconciliation run, awaited (start-up, tests, the sweep). */
  reconcile(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The follow-up worker: SLA timers (warnings before a deadline, the escalation at its breach),
 * handoff timers (a chat nobody took over), merchant reminders and the manager reports. Everything it writes is an
 * outbox row, delivered by the spine. Timers are reconciled from the deadlines themselves right
 * after each change and by a periodic sweep, so a crash between a commit and its scheduling loses none.
 */
export function startFollowups(deps: {
  backend: QueueBackend;
  databaseId: string;
  cases: CaseServiceDeps;
  config: FollowupConfig;
  metrics: AppMetrics;
  log: Logger;
  concurrency?: number;
}): Followups {
  const name = followupQueueName(deps.databaseId);
  const queue = deps.backend.queue<FollowupJob>(name);
  const handlers = new Map<string, FollowupHandler>();
  const deliver = (touched: Touched | null) => touched && touched.length > 0 && deps.cases.onOutbox?.(touched);

  /** A timer ran: how late, against the time its payload says it was meant for (`addTimer` puts it there). */
  const ran = (kind: string, job: Job<FollowupJob>, at: Date) => {
    const fireAt = (job.data as { fireAt?: unknown }).fireAt;
    if (typeof fireAt === 'number') recordTimerLateness(deps.metrics, kind, new Date(fireAt), at);
  };

  handlers.set('sla', async (job, at) => {
    const data = slaJobSchema.safeParse(job.data);
    if (!data.success || !job.id) {
      deps.log.warn({ jobId: job.id }, 'SLA timer with an invalid payload; dropped');
      return null;
    }
    ran(data.data.stage === 'breach' ? 'sla_breach' : 'sla_warning', job, at);
    return runSlaTimer({ cases: deps.cases }, job.id, data.data, at);
  });

  handlers.set('merchant', async (job, at) => {
    ran('merchant_reminder', job, at);
    return job.id ? runMerchantReminder({ cases: deps.cases }, job.id, job.data) : null;
  });

  handlers.set('handoff', async (job, at) => {
    ran('handoff', job, at);
    return job.id ? runHandoffTimer({ cases: deps.cases, config: deps.config }, job.id, job.data) : null;
  });

  const reports = { cases: deps.cases, config: deps.config, log: deps.log };
  handlers.set('report', async (_job, at) => {
    await postDueReports(reports, at);
    return null;
  });

  const worker = deps.backend.worker<FollowupJob>(
    name,
    async (job) => {
      const handler = handlers.get(job.name);
      if (!handler) {
        deps.log.warn({ jobId: job.id, name: job.name }, 'follow-up job of an unknown kind; dropped');
        return;
      }
      deliver(await handler(job, new Date()));
    },
    { concurrency: deps.concurrency ?? 4 },
  );
  worker.on('failed', (job, error) => {
    deps.metrics.jobsFailed.inc({ queue: 'followups' });
    deps.log.warn({ jobId: job?.id, err: error }, 'follow-up job failed');
  });

  const timerDeps = { cases: deps.cases, queue, warnAt: deps.config.warnAt, timeScale: deps.config.timeScale };
  let running: Promise<number> | undefined;
  // What the next run must cover; merchant reminders only when a sweep asked (a case change owes none at once).
  let wanted: { merchants: boolean } | undefined;
  function reconcile(scope: { merchants: boolean } = { merchants: true }): Promise<number> {
    wanted = { merchants: scope.merchants || (wanted?.merchants ?? false) };
    running ??= (async () => {
      let handled = 0;
      while (wanted) {
        const run = wanted;
        wanted = undefined;
        handled += await reconcileSlaTimers(timerDeps);
        await reconcileHandoffTimers({ cases: deps.cases, queue, config: deps.config });
        if (run.merchants) await reconcileMerchantReminders({ cases: deps.cases, queue, config: deps.config });
      }
      return handled;
    })().finally(() => (running = undefined));
    return running;
  }
  const attempt = (scope: { merchants: boolean }) => () =>
    void reconcile(scope).catch((error: unknown) => deps.log.warn({ err: error }, 'follow-up timers could not be scheduled now; the sweep retries'));
  // After a case change (a deadline started, moved or finished; a handoff asked): its timers at once.
  const kick = attempt({ merchants: false });
  const sweep = setInterval(attempt({ merchants: true }), deps.config.sweepMs);
  sweep.unref();
  // The schedule is upserted by every process (one scheduler per id); a report missed while the bot (or the queue) was
  // down is caught up once, since posting is once per desk and day.
  const scheduleAndCatchUp = () => {
    scheduleReports(queue, deps.config, deps.cases.timeZone).catch((error: unknown) => deps.log.warn({ err: error }, 'report schedule could not be set; retried at the next start or queue restart'));
    postDueReports(reports, new Date()).catch((error: unknown) => deps.log.warn({ err: error }, 'report catch-up failed'));
  };
  deps.backend.onRestart(() => {
    // The queue's datastore came back empty: the report schedule (a job scheduler lives only there) is gone too.
    scheduleAndCatchUp();
    rearmRunningTimers(deps.cases.prisma).then(
      (count) => {
        deps.log.warn({ deadlines: count }, 'SLA timers re-armed after the queue datastore restarted');
        kick();
      },
      (error: unknown) => deps.log.error({ err: error }, 'SLA timers could not be re-armed after a queue restart'),
    );
  });

  scheduleAndCatchUp();

  return {
    queue,
    kick,
    reconcile,
    async close() {
      clearInterval(sweep);
      await running?.catch(() => undefined);
      await deps.backend.release(worker);
      await deps.backend.release(queue);
    },
  };
}

/**
 * The follow-up queue without its worker, sweep or schedule, for a process that only serves HTTP
 * (PROCESS_ROLE=web): timers are scheduled and run by the worker processes, so `kick` and
 * `reconcile` do nothing here; the queue is kept for its depth in /metrics.
 */
export function followupQueueOnly(deps: { backend: QueueBackend; databaseId: string }): Followups {
  const queue = deps.backend.queue<FollowupJob>(followupQueueName(deps.databaseId));
  return {
    queue,
    kick: () => undefined,
    reconcile: async () => 0,
    close: () => deps.backend.release(queue),
  };
}
