import { Redis, type RedisOptions } from 'ioredis';
import { Queue, QueueEvents, Worker, createPostgresBackend, withBackend, type Processor, type WorkerOptions as BullWorkerOptions } from 'bullmq';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { bounded, rateLimitedErrorLog, settlesWithin } from './bounded.ts';

/** BullMQ's own queue class: remove, getJob, getJobCounts, job schedulers, clean... */
export type BullQueue<D> = Queue<D, void>;
/** BullMQ's own worker class. */
export type BullWorker<D> = Worker<D, void>;
/** Processes one job; the second argument is the worker's lock token (needed to move a job to delayed). */
export type JobProcessor<D> = Processor<D, void>;

/** Worker settings a caller chooses; the backend supplies connection, prefix and lock timing. */
export type WorkerOptions = Omit<BullWorkerOptions, 'connection' | 'prefix'>;

interface Closable {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Where BullMQ keeps its data: Redis (ioredis) in production, or BullMQ's PostgreSQL backend in the
 * embedded default. It hands out BullMQ's own Queue, Worker and QueueEvents, the same classes on both
 * backends, and owns their connections: `close()` closes everything it handed out.
 */
export interface QueueBackend {
  readonly kind: 'redis' | 'postgres';
  queue<D>(name: string): BullQueue<D>;
  worker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions): BullWorker<D>;
  queueEvents(name: string): QueueEvents;
  /**
   * Runs a queue call on a request path with a time bound: a queue that is down fails it with
   * `service.unavailable` at once (Redis not connected) or after the bound, instead of hanging the caller.
   */
  bounded<T>(what: string, operation: () => Promise<T>): Promise<T>;
  /** Cheap liveness probe of the datastore behind the queues. */
  ping(): Promise<void>;
  /**
   * Called when the datastore came back as a different server (Redis restarted, possibly without its
   * data): owners of delayed jobs re-arm them from the database. Never called on the PostgreSQL
   * backend, whose jobs live in the database itself.
   */
  onRestart(listener: () => void): void;
  /** Closes the given workers or queues: waits for jobs in flight while the datastore answers, forces them after a bound. */
  release(...items: Closable[]): Promise<void>;
  /** Closes every queue, worker and event stream handed out, forcing them after a bound so a dead datastore cannot block shutdown. */
  close(): Promise<void>;
}

/** How long closing may wait for jobs in flight: long while the datastore answers, short when it is down (nothing can finish then). */
const closeBound = (up: boolean) => (up ? 10_000 : 1_000);

async function closeAll(opened: Closable[], log: Logger, timeoutMs: number): Promise<void> {
  if (await settlesWithin(Promise.allSettled(opened.map((o) => o.close())), timeoutMs)) return;
  log.warn({ timeoutMs }, 'queues did not close in time; disconnecting');
  await settlesWithin(Promise.allSettled(opened.map((o) => o.disconnect())), 1_000);
}

/** What the two backends share: the registry of what was handed out, bounded calls and closing. */
function backendCore(log: Logger, limits: { timeoutMs: number; ready: () => boolean }) {
  const opened: Closable[] = [];
  const reportError = rateLimitedErrorLog(log);
  return {
    reportError,
    /** Records a queue, worker or event stream for `close()`, with an error listener logging through pino. */
    track<T extends Closable & { on(event: 'error', listener: (error: Error) => void): unknown }>(item: T, source: string): T {
      item.on('error', (error) => reportError(source, error));
      opened.push(item);
      return item;
    },
    bounded<T>(what: string, operation: () => Promise<T>): Promise<T> {
      if (!limits.ready()) return Promise.reject(new CodedError('service.unavailable', `the queue is not connected (${what})`));
      return bounded(what, limits.timeoutMs, operation);
    },
    release: (...items: Closable[]) => closeAll(items, log, closeBound(limits.ready())),
    closeOpened: () => closeAll(opened.splice(0).reverse(), log, closeBound(limits.ready())),
  };
}

const retryStrategy = (times: number) => Math.min(times * 200, 2_000);

/** Worker lock timing: a short lock makes a job of a killed process come back (stalled) in seconds, not minutes. */
const WORKER_LOCKS = { runRetryDelay: 1_000, lockDuration: 15_000, stalledInterval: 15_000 } as const;

/**
 * BullMQ on Redis, with two connections: the queue's (requests enqueue through it) fails at once
 * while Redis is unreachable (no offline queue), so a request answers 503 instead of waiting; the
 * workers' keeps BullMQ's required `maxRetriesPerRequest: null` for blocking commands and simply
 * reconnects. Event streams block too, so each gets a connection of its own.
 */
export function createRedisBackend(redisUrl: string, prefix: string, log: Logger): QueueBackend {
  const connections: Redis[] = [];
  const connect = (role: string, options: RedisOptions) => {
    const connection = new Redis(redisUrl, { connectTimeout: 2_000, retryStrategy, ...options });
    connection.on('error', (error) => core.reportError(`redis:${role}`, error));
    connections.push(connection);
    return connection;
  };
  const limits = { timeoutMs: 2_000, ready: () => queueConnection.status === 'ready' };
  const core = backendCore(log, limits);
  const queueConnection = connect('queue', { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const workerConnection = connect('worker', { maxRetriesPerRequest: null });
  // Redis names each server start with a run id: a new one after a reconnect means a restart.
  const restartListeners: Array<() => void> = [];
  let runId: string | undefined;
  queueConnection.on('ready', () => {
    queueConnection.info('server').then(
      (info) => {
        const current = /^run_id:(\w+)/m.exec(info)?.[1];
        if (runId !== undefined && current !== undefined && current !== runId) {
          log.warn('Redis restarted (new run id): delayed jobs are re-armed from the database');
          for (const listener of restartListeners) listener();
        }
        runId = current ?? runId;
      },
      (error: unknown) => core.reportError('redis:queue', error),
    );
  });
  return {
    kind: 'redis',
    onRestart: (listener) => void restartListeners.push(listener),
    queue: <D>(name: string) => core.track(new Queue<D, void>(name, { connection: queueConnection, prefix }), `queue:${name}`),
    worker: <D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) =>
      core.track(new Worker<D, void>(name, processor, { ...WORKER_LOCKS, ...options, connection: workerConnection, prefix }), `worker:${name}`),
    queueEvents: (name: string) => core.track(new QueueEvents(name, { connection: connect('events', { maxRetriesPerRequest: null }), prefix }), `events:${name}`),
    bounded: core.bounded,
    release: core.release,
    async ping() {
      await core.bounded('ping', () => queueConnection.ping());
    },
    async close() {
      await core.closeOpened();
      for (const connection of connections) {
        if (!(await settlesWithin(connection.quit(), 1_000))) connection.disconnect();
      }
    },
  };
}

/**
 * BullMQ's PostgreSQL backend, in its own schema of the given database (the embedded one by default).
 * Idle workers are woken by LISTEN/NOTIFY (relayed by our wire server in the embedded mode). The
 * classes are BullMQ's own, bound to that backend; only their backend type parameter differs from
 * the Redis ones, so they are handed out under the same types.
 */
export function createPostgresQueueBackend(databaseUrl: string, log: Logger, schema = 'bullmq'): QueueBackend {
  const pg = withBackend(createPostgresBackend);
  // BullMQ creates its own schema on first use (`migrate: true`), inside our database, beside Prisma's tables.
  const connection = { connectionString: databaseUrl, schema, max: 5, migrate: true };
  // The queue lives in our own database: when it is slow, so is everything; the bound is only a backstop.
  const core = backendCore(log, { timeoutMs: 10_000, ready: () => true });
  let probe: BullQueue<unknown> | undefined;
  const backend: QueueBackend = {
    kind: 'postgres',
    queue: <D>(name: string) => core.track(new pg.Queue<D, void>(name, { connection }), `queue:${name}`) as unknown as BullQueue<D>,
    worker: <D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) =>
      core.track(new pg.Worker<D, void>(name, processor as never, { ...options, connection }), `worker:${name}`) as unknown as BullWorker<D>,
    queueEvents: (name: string) => core.track(new pg.QueueEvents(name, { connection }), `events:${name}`) as unknown as QueueEvents,
    bounded: core.bounded,
    release: core.release,
    onRestart: () => undefined,
    async ping() {
      probe ??= backend.queue<unknown>('health');
      const queue = probe;
      await core.bounded('ping', () => queue.getJobCounts('waiting'));
    },
    close: () => core.closeOpened(),
  };
  return backend;
}
