import { Redis } from 'ioredis';
import { Queue, Worker, createPostgresBackend, withBackend, type Job, type JobsOptions } from 'bullmq';

/** What our code needs from a queue, the same on Redis and on PostgreSQL. */
export interface JobQueue<D> {
  readonly name: string;
  add(jobName: string, data: D, options?: JobsOptions): Promise<unknown>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A running worker; `close()` waits for the jobs in flight. */
export interface JobWorker {
  close(): Promise<void>;
  on(event: 'failed', listener: (job: Job | undefined, error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type JobProcessor<D> = (job: Job<D>) => Promise<void>;

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
  close(): Promise<void>;
}

const countedStates = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

function wrapQueue<D>(queue: {
  name: string;
  add(name: string, data: D, opts?: JobsOptions): Promise<unknown>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  close(): Promise<void>;
}): JobQueue<D> {
  return {
    name: queue.name,
    add: (jobName, data, options) => queue.add(jobName, data, options),
    counts: () => queue.getJobCounts(...countedStates),
    close: () => queue.close(),
  };
}

/** BullMQ on Redis. `maxRetriesPerRequest: null` is required by BullMQ's blocking commands. */
export function createRedisBackend(redisUrl: string, prefix: string): QueueBackend {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const opened: Array<{ close(): Promise<void> }> = [];
  return {
    kind: 'redis',
    createQueue<D>(name: string) {
      const queue = new Queue<D>(name, { connection, prefix });
      opened.push(queue);
      return wrapQueue<D>(queue as never);
    },
    createWorker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) {
      const worker = new Worker<D>(name, processor, { connection, prefix, ...options });
      opened.push(worker);
      return worker;
    },
    async ping() {
      await connection.ping();
    },
    async close() {
      await Promise.allSettled(opened.map((o) => o.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/**
 * BullMQ's PostgreSQL backend, in its own schema of the given database (the embedded one by default).
 * Idle workers are woken by LISTEN/NOTIFY (relayed by our wire server in the embedded mode).
 */
export function createPostgresQueueBackend(databaseUrl: string, schema = 'bullmq'): QueueBackend {
  const pg = withBackend(createPostgresBackend);
  // BullMQ creates its own schema on first use (`migrate: true`), inside our database, beside Prisma's tables.
  const connection = { connectionString: databaseUrl, schema, max: 5, migrate: true };
  const opened: Array<{ close(): Promise<void> }> = [];
  let probe: JobQueue<unknown> | undefined;
  return {
    kind: 'postgres',
    createQueue<D>(name: string) {
      const queue = new pg.Queue<D>(name, { connection });
      opened.push(queue);
      return wrapQueue<D>(queue as never);
    },
    createWorker<D>(name: string, processor: JobProcessor<D>, options: WorkerOptions) {
      const worker = new pg.Worker<D>(name, processor as never, { connection, ...options });
      opened.push(worker);
      return worker as unknown as JobWorker;
    },
    async ping() {
      probe ??= this.createQueue<unknown>('health');
      await probe.counts();
    },
    async close() {
      await Promise.allSettled(opened.map((o) => o.close()));
    },
  };
}
