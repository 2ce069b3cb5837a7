import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Config } from './config.ts';
import { describeUrl, type Logger } from './log.ts';
import path from 'node:path';
import { consoleRoutes } from './channels/console/console-routes.ts';
import { consoleUploadRoutes } from './channels/console/console-uploads.ts';
import { startUploadCleanup } from './channels/console/upload-cleanup.ts';
import { createChatPipeline, type PipelineEvents } from './conversation/chat-pipeline.ts';
import { buildOrchestrator } from './conversation/build-orchestrator.ts';
import { createCaseService, type CaseServiceDeps } from './cases/case-service.ts';
import { createPeoplePort } from './cases/handoff.ts';
import { startMessaging } from './app-messaging.ts';
import { createIngest } from './inbound/ingest.ts';
import { startProcessedListener } from './store/processed-listener.ts';
import { openCalendarSource, type CalendarSource } from './calendar/calendar-source.ts';
import { estimatedYearsAround, startEstimateWarnings } from './calendar/estimate-warning.ts';
import { loadPolicy } from './policy/policy-file.ts';
import type { Policy } from './domain/policy/policy-schema.ts';
import type { CasePort } from './contracts/cases.ts';
import type { Orchestrator } from './contracts/conversation.ts';
import { followupQueueOnly, startFollowups, type Followups } from './followups/start-followups.ts';
import { createInboundQueue, startInboundWorker } from './inbound/inbound-queue.ts';
import { startInboundSweeper } from './inbound/inbound-sweeper.ts';
import { createPostgresQueueBackend, createRedisBackend, type QueueBackend } from './queues/queue-backend.ts';
import { watchRedisPolicy } from './queues/redis-policy.ts';
import { healthRoutes } from './http/health-routes.ts';
import { createAppMetrics, trackQueues } from './http/metrics.ts';
import { createHttpServer } from './http/server.ts';
import { createLlmClient } from './llm/index.ts';
import { buildConsultService } from './consult/build-consult.ts';
import { createConsultationAnswerStore } from './store/consultation-answer-store.ts';
import { buildUnderstander, type Understander } from './understanding/index.ts';
import { createConversationStore } from './store/conversation-store.ts';
import { startEmbeddedPostgres } from './store/embedded-postgres.ts';
import { databaseInstanceId } from './store/database-instance.ts';
import { chatsWithStalePending } from './store/inbound-store.ts';
import { applyMigrations } from './store/migrate.ts';
import { createPrismaClient, type PrismaClient } from './store/prisma.ts';
import { startPoolLiveness } from './store/pool-liveness.ts';
import { CONNECT_TIMEOUT_MS, createSqlPool, EMBEDDED_CONNECT_TIMEOUT_MS, type SqlPool } from './store/sql-pool.ts';
import { withTimeout } from './with-timeout.ts';

const SHUTDOWN_STEP_TIMEOUT_MS = 10_000;

/** The server process behind a pg connection (pg sets it from BackendKeyData; its types leave it out). */
const processIdOf = (client: object): number => (client as { processID?: number }).processID ?? -1;

/** A running bot: its address, its handles for tests and tools, and a clean stop. */
export interface RunningApp {
  url: string;
  prisma: PrismaClient;
  sql: SqlPool;
  queueBackend: QueueBackend;
  calendar: CalendarSource;
  policy: Policy;
  cases: CasePort;
  orchestrator: Orchestrator;
  /** Reads merchant messages (offline rules, plus the model for ambiguous ones when OPENAI_API_KEY is set). */
  understander: Understander;
  /** SLA timers, reminders and reports on BullMQ. */
  followups: Followups;
  mode: { database: 'embedded' | 'external'; queue: 'redis' | 'postgres' };
  stop(): Promise<void>;
}

/** The database the bot uses: DATABASE_URL, or the embedded PGlite in DATA_DIR. */
export async function openDatabase(config: Config, log: Logger): Promise<{ url: string; embedded: boolean; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, close: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir, { log });
  log.info({ dataDir: embedded.dataDir }, 'embedded PostgreSQL (PGlite) started');
  return { url: embedded.url, embedded: true, close: () => embedded.stop() };
}

/** Composition root: everything is created here and nowhere else. */
export async function startApp(config: Config, log: Logger, options: { orchestrator?: Orchestrator } = {}): Promise<RunningApp> {
  const cleanups: Array<() => Promise<void>> = [];
  // Each step has a deadline: a step stuck on a dead dependency must not keep the process from exiting.
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) {
      await withTimeout(cleanup(), SHUTDOWN_STEP_TIMEOUT_MS, 'shutdown step').catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    }
  };
  try {
    // Policy and calendar first: a bad operator file stops the start before anything else opens.
    const policy = await loadPolicy(config.policyFile);
    const calendar = await openCalendarSource({ file: config.calendarFile, timeZone: config.businessTimeZone, hours: config.businessHours, log });
    cleanups.push(async () => calendar.close());
    const estimateWarnings = startEstimateWarnings({ calendar: calendar.current, timeZone: config.businessTimeZone, log });
    cleanups.push(async () => estimateWarnings.stop());
    const database = await openDatabase(config, log);
    cleanups.push(() => database.close());
    const migrated = await applyMigrations(database.url);
    log.info({ applied: migrated.applied, database: database.embedded ? 'embedded' : describeUrl(database.url) }, 'database ready');

    // Roles (PROCESS_ROLE): `web` takes HTTP and webhooks and only stores and enqueues; `worker` runs the
    // queue workers, sweeps and schedules; `all` is both. Every role opens the same stores and queues.
    const serves = config.processRole !== 'worker';
    const works = config.processRole !== 'web';
    const poolSize = config.databasePoolSize;
    // Embedded, a connection may wait behind a client that holds PGlite's one session (see EMBEDDED_CONNECT_TIMEOUT_MS).
    const waits = { connectTimeoutMs: database.embedded ? EMBEDDED_CONNECT_TIMEOUT_MS : CONNECT_TIMEOUT_MS };
    const prisma = createPrismaClient(database.url, poolSize, waits);
    cleanups.push(() => prisma.$disconnect());
    const sql = createSqlPool(database.url, poolSize, waits);
    cleanups.push(() => sql.end());
    const liveness = startPoolLiveness({
      databaseUrl: database.url,
      probes: [
        { name: 'prisma pool', roundTrip: () => prisma.$queryRaw`SELECT 1` },
        { name: 'sql pool', roundTrip: () => sql.query('SELECT 1') },
      ],
    });
    cleanups.push(async () => liveness.stop());

    const queueBackend = config.redisUrl ? createRedisBackend(config.redisUrl, config.queuePrefix, log) : createPostgresQueueBackend(database.url, log);
    cleanups.push(() => queueBackend.close());
    const redisPolicy = config.redisUrl ? watchRedisPolicy(config.redisUrl, log) : undefined;

    const metrics = createAppMetrics();
    // One model client for every caller (understanding, consultation): one time budget, one circuit breaker.
    const llm = config.llm === undefined ? undefined : createLlmClient({ config: config.llm, log, metrics });
    const understander = await buildUnderstander({ llm, log, metrics });
    const events: PipelineEvents = new EventEmitter();
    events.setMaxListeners(0);
    events.on('processed', () => metrics.inboundProcessed.inc());
    const uploadDir = path.join(config.dataDir, 'uploads');
    // Case changes write their messages to the outbox; the messaging spine sets onOutbox to deliver them.
    const caseDeps: CaseServiceDeps = { prisma, calendar: calendar.current, policy, timeZone: config.businessTimeZone, log };
    const cases = createCaseService(caseDeps);
    const recompute = () =>
      cases.recomputeEstimatedDeadlines(new Date()).then(
        (changed) => changed > 0 && log.info({ changed }, 'deadlines recomputed from the calendar in force'),
        (error: unknown) => log.error({ err: error }, 'deadline recomputation failed'),
      );
    if (works) {
      calendar.onChange(() => void recompute());
      await recompute();
    }
    // Consultation answers (3.3): offline always, the model behind the rule checker when a key is set.
    const consult = await buildConsultService({ policy, llm, modelName: config.llm?.model, log, store: createConsultationAnswerStore(prisma), cases });
    const orchestrator =
      options.orchestrator ??
      buildOrchestrator({ cases, people: createPeoplePort(caseDeps), consult, calendar: calendar.current, policy, timeZone: config.businessTimeZone, draftTtlMs: config.draftTtlMs, log, understander });
    const databaseId = await databaseInstanceId(sql);
    const inbound = createInboundQueue(queueBackend, databaseId);
    // Storing a message never queues behind the worker's statements: ingest has its own connections.
    const ingestSql = createSqlPool(database.url, poolSize, waits);
    cleanups.push(() => ingestSql.end());
    // The pipeline's connections, by backend process id: their NOTIFYs come with replies handed over in-process.
    const pipelineBackends = new Set<number>();
    sql.on('connect', (client) => pipelineBackends.add(processIdOf(client)));
    sql.on('remove', (client) => pipelineBackends.delete(processIdOf(client)));
    const processedListener = startProcessedListener({ databaseUrl: database.url, log, ownBackend: (pid) => pipelineBackends.has(pid) });
    cleanups.push(() => processedListener.stop());
    const instanceId = randomUUID();
    const ingest = createIngest({ sql: ingestSql, enqueue: inbound.enqueue, wakeups: [events, processedListener.wakeups], listening: () => processedListener.connected(), instanceId, metrics, log, maxWaiting: config.consoleMaxWaiting });
    const messaging = await startMessaging({ config, log, sql, prisma, backend: queueBackend, databaseId, metrics, ingest, caseDeps, merchant: orchestrator, uploadDir, serves, works });
    cleanups.push(() => messaging.stop());
    // Follow-ups (SLA timers, reminders, reports): timers follow every deadline change at once, and a sweep.
    // A web process runs no follow-up worker, sweep or schedule; it keeps the queue for its depth in /metrics.
    const followups: Followups = works
      ? startFollowups({ backend: queueBackend, databaseId, cases: caseDeps, config: config.followups, metrics, log })
      : followupQueueOnly({ backend: queueBackend, databaseId });
    cleanups.push(() => followups.close());
    trackQueues(metrics, { inbound: inbound.queue, followups: followups.queue });
    if (works) {
      // Lease statements commit without waiting for the WAL flush (a database crash ends every holder's work anyway); not
      // in the embedded mode, where every connection shares one session and a SET would reach all of them.
      const leaseSql = database.embedded ? sql : createSqlPool(database.url, Math.min(5, poolSize), { asynchronousCommit: true });
      if (leaseSql !== sql) cleanups.push(() => leaseSql.end());
      const pipeline = createChatPipeline({ store: createConversationStore(sql, { leaseSql, instanceId }), orchestrator: messaging.orchestrator, log, events, onCompleted: messaging.onCompleted });
      caseDeps.onDeadlines = followups.kick;
      followups.kick();

      const worker = startInboundWorker(queueBackend, inbound.queue.name, pipeline, { concurrency: config.workerConcurrency, log, onFailed: () => metrics.jobsFailed.inc({ queue: 'inbound' }) });
      cleanups.push(() => queueBackend.release(worker));
      const sweepMs = config.inboundSweepMs;
      const sweeper = startInboundSweeper({ findStale: () => chatsWithStalePending(prisma, sweepMs), requeue: inbound.requeue, intervalMs: sweepMs, log });
      cleanups.push(async () => sweeper.stop());
      void sweeper.sweep();
      const uploadCleanup = startUploadCleanup({ sql, uploadDir, retentionMs: config.uploadRetentionMs, intervalMs: 3_600_000, log });
      cleanups.push(async () => uploadCleanup.stop());
    }

    const mode = { database: database.embedded ? 'embedded' : 'external', queue: queueBackend.kind } as const;
    const http = createHttpServer({
      log,
      metrics,
      access: { extraHosts: config.allowedHosts, token: config.consoleToken },
      timeouts: config.httpTimeouts,
      routes: [
        ...healthRoutes({
          metrics,
          log,
          wedged: () => liveness.wedged(),
          details: () => ({ mode, ...(redisPolicy ? { redisPolicy: redisPolicy.current() } : {}), calendar: { timeZone: config.businessTimeZone, estimatedYears: estimatedYearsAround(calendar.current(), new Date(), config.businessTimeZone) } }),
          checks: [
            { name: 'database', check: async () => void (await prisma.$queryRaw`SELECT 1`) },
            { name: 'queue', check: () => queueBackend.ping() },
          ],
        }),
        // A worker process answers only the probes and /metrics.
        ...(serves ? [...consoleUploadRoutes({ uploadDir, prisma, sql }), ...consoleRoutes({ prisma, sql, ingest, cases, replyTimeoutMs: config.consoleReplyTimeoutMs }), ...messaging.routes] : []),
      ],
    });
    const address = await http.listen(config.port, config.host);
    cleanups.push(() => http.close());
    log.info({ url: address.url, mode, role: config.processRole }, 'intake bot listening');

    let stopping: Promise<void> | undefined;
    return {
      url: address.url,
      prisma,
      sql,
      queueBackend,
      calendar,
      policy,
      cases,
      orchestrator,
      understander,
      followups,
      mode,
      stop: () => {
        // Order matters: stop taking requests, let in-flight jobs finish, then close queues and the database.
        http.stopAccepting();
        stopping ??= runCleanups();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
