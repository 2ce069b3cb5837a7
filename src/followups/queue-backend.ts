import { Redis, type RedisOptions } from 'ioredis';
import { Queue, Worker, createPostgresBackend, withBackend, type Job, type JobsOptions } from 'bullmq';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { bounded, rateLimitedErrorLog, settlesWithin } from './bounded.ts';

/** A job found by id: enough to tell whether it still runs and to clear a finished one. */
export interface JobHandle {
  state(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * What our code needs from a queue, the same on Redis and on PostgreSQL. Every call is bounded in
 * time: a queue that is down fails it with `service.unavailable` instead of hanging the caller.
 */
export interface JobQueue<D> {
  readonly name: string;
  add(jobName: string, data: D, options?: JobsOptions): Promise<unknown>;
  /** The job with this id, or null when there is none. */
  find(jobId: string): Promise<JobHandle | null>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A running worker; `close()` waits for the jobs in flight, up to a bound, then disconnects. */
export interface JobWorker {
  close(): Promise<void>;
  onFailed(listener: (job: Job | undefined, error: Error) => void): void;
}

/** Processes one job; `token` is the worker's lock token (needed to move the job to delayed). */
export type JobProcessor<D> = (job: Job<D>, token: string | undefined) => Promise<void>;

/** How a worker runs: jobs at once, and optionally a rate limit across all workers of the queue. */
export interface WorkerOptions {
  concurrency: number;
  limiter?: { max: number; duration: number };
}

/** Where BullMQ keeps its data: Redis (ioredis) in production, or BullMQ's PostgreSQL backend in the embedded default. */
export interface QueueBackend {
  readonly kind: 'redis' | 'postgres';
  createQueue<D>(name: string): JobQueue<D>;
  createWorker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions): JobWorker;
  /** Cheap liveness probe of the datastore behind the queues. */
  ping(): Promise<void>;
  /** Closes queues and workers, forcing them after a bound so a dead datastore cannot block shutdown. */
  close(): Promise<void>;
}

const countedStates = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

interface BullQueueLike<D> {
  name: string;
  add(name: string, data: D, opts?: JobsOptions): Promise<unknown>;
  getJob(id: string): Promise<{ getState(): Promise<string>; remove(): Promise<void> } | undefined | null>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  close(): Promise<void>;
  disconnect(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface Closable {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

function wrapQueue<D>(queue: BullQueueLike<D>, limits: { timeoutMs: number; ready: () => boolean }): JobQueue<D> {
  const run = <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    if (!limits.ready()) return Promise.reject(new CodedError('service.unavailable', `the queue is not connected (${what})`));
    return bounded(what, limits.timeoutMs, operation);
  };
  return {
    name: queue.name,
    add: (jobName, data, options) => run('add', () => queue.add(jobName, data, options)),
    async find(jobId) {
      const job = await run('getJob', () => queue.getJob(jobId));
      if (!job) return null;
      return { state: () => run('getState', () => job.getState()), remove: () => run('remove', () => job.remove()) };
    },
    counts: () => run('counts', () => queue.getJobCounts(...countedStates)),
    close: () => queue.close(),
  };
}

interface BullWorkerLike extends Closable {
  on(event: 'failed', listener: (job: Job | undefined, error: Error) => void): unknown;
}

/** How long closing may wait for jobs in flight: long while the datastore answers, short when it is down (nothing can finish then). */
const closeBound = (up: boolean) => (up ? 10_000 : 1_000);

function wrapWorker(worker: BullWorkerLike, log: Logger, up: () => boolean): JobWorker {
  return {
    close: () => closeAll([worker], log, closeBound(up())),
    onFailed: (listener) => void worker.on('failed', listener),
  };
}

async function closeAll(opened: Closable[], log: Logger, timeoutMs: number): Promise<void> {
  if (await settlesWithin(Promise.allSettled(opened.map((o) => o.close())), timeoutMs)) return;
  log.warn({ timeoutMs }, 'queues did not close in time; disconnecting');
  await settlesWithin(Promise.allSettled(opened.map((o) => o.disconnect())), 1_000);
}

const retryStrategy = (times: number) => Math.min(times * 200, 2_000);

/**
 * BullMQ on Redis, with two connections: the queue's (requests enqueue through it) fails at once
 * while Redis is unreachable (no offline queue), so a request answers 503 instead of waiting; the
 * worker's keeps BullMQ's required `maxRetriesPerRequest: null` for its blocking commands and
 * simply reconnects. Every connection, queue and worker has an error listener logging through pino.
 */
export function createRedisBackend(redisUrl: string, prefix: string, log: Logger): QueueBackend {
  const reportError = rateLimitedErrorLog(log);
  const connect = (role: string, options: RedisOptions) => {
    const connection = new Redis(redisUrl, { connectTimeout: 2_000, retryStrategy, ...options });
    connection.on('error', (error) => reportError(`redis:${role}`, error));
    return connection;
  };
  const queueConnection = connect('queue', { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const workerConnection = connect('worker', { maxRetriesPerRequest: null });
  const opened: Closable[] = [];
  const limits = { timeoutMs: 2_000, ready: () => queueConnection.status === 'ready' };
  return {
    kind: 'redis',
    createQueue<D>(name: string) {
      const queue = new Queue<D>(name, { connection: queueConnection, prefix });
      queue.on('error', (error) => reportError(`queue:${name}`, error));
      opened.push(queue);
      return wrapQueue<D>(queue as never, limits);
    },
    createWorker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) {
      // A short lock makes a job of a killed process come back (stalled) in seconds, not minutes.
      const worker = new Worker<D>(name, processor, {
        connection: workerConnection,
        prefix,
        ...options,
        runRetryDelay: 1_000,
        lockDuration: 15_000,
        stalledInterval: 15_000,
      });
      worker.on('error', (error) => reportError(`worker:${name}`, error));
      opened.push(worker);
      return wrapWorker(worker as never, log, limits.ready);
    },
    async ping() {
      await bounded('ping', 2_000, () => queueConnection.ping());
    },
    async close() {
      await closeAll(opened, log, closeBound(limits.ready()));
      for (const connection of [queueConnection, workerConnection]) {
        if (!(await settlesWithin(connection.quit(), 1_000))) connection.disconnect();
      }
    },
  };
}

/**
 * BullMQ's PostgreSQL backend, in its own schema of the given database (the embedded one by default).
 * Idle workers are woken by LISTEN/NOTIFY (relayed by our wire server in the embedded mode).
 */
export function createPostgresQueueBackend(databaseUrl: string, log: Logger, schema = 'bullmq'): QueueBackend {
  const pg = withBackend(createPostgresBackend);
  const reportError = rateLimitedErrorLog(log);
  // BullMQ creates its own schema on first use (`migrate: true`), inside our database, beside Prisma's tables.
  const connection = { connectionString: databaseUrl, schema, max: 5, migrate: true };
  const opened: Closable[] = [];
  // The queue lives in our own database: when it is slow, so is everything; the bound is only a backstop.
  const limits = { timeoutMs: 10_000, ready: () => true };
  let probe: JobQueue<unknown> | undefined;
  return {
    kind: 'postgres',
    createQueue<D>(name: string) {
      const queue = new pg.Queue<D>(name, { connection });
      queue.on('error', (error) => reportError(`queue:${name}`, error));
      opened.push(queue);
      return wrapQueue<D>(queue as never, limits);
    },
    createWorker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) {
      const worker = new pg.Worker<D>(name, processor as never, { connection, ...options });
      worker.on('error', (error) => reportError(`worker:${name}`, error));
      opened.push(worker);
      return wrapWorker(worker as never, log, limits.ready);
    },
    async ping() {
      probe ??= this.createQueue<unknown>('health');
      await probe.counts();
    },
    async close() {
      await closeAll(opened, log, closeBound(true));
    },
  };
}
