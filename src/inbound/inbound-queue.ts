import { DelayedError } from 'bullmq';
import { z } from 'zod';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { LEASE_MS, type ChatPipeline } from '../conversation/chat-pipeline.ts';
import type { BullQueue, BullWorker, QueueBackend } from '../queues/queue-backend.ts';
import { shortDatabaseId } from '../queues/queue-names.ts';

/** Job payload: ids only, never message text. */
export interface InboundJob {
  chatId: string;
  inboundId: string;
}

const inboundJobSchema = z.object({ chatId: z.string().min(1), inboundId: z.string().regex(/^\d{1,19}$/) });

/**
 * The queue's name and job ids carry the database's instance id: two databases sharing one Redis
 * and QUEUE_PREFIX (or two deployments with the default prefix) never see each other's jobs, and
 * inbound id 42 of one database is never mistaken for inbound id 42 of another.
 */
export function inboundQueueNames(databaseId: string): { queue: string; jobId(inboundId: bigint): string } {
  const short = shortDatabaseId(databaseId);
  return { queue: `inbound-${short}`, jobId: (inboundId) => `in-${short}-${inboundId}` };
}

// 'unknown': the job's record is incomplete (e.g. removed meanwhile); replacing it is safe, a live job never reads so.
const finishedStates = new Set(['completed', 'failed', 'unknown']);

/** The queue between "accepted" and "processed": one job per inbound event, handled per chat in order. */
export function createInboundQueue(backend: QueueBackend, databaseId: string) {
  const names = inboundQueueNames(databaseId);
  const queue: BullQueue<InboundJob> = backend.queue<InboundJob>(names.queue);
  const add = (chatId: string, inboundId: bigint) =>
    backend.bounded('add', () => queue.add('process-chat', { chatId, inboundId: String(inboundId) }, {
      jobId: names.jobId(inboundId),
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    }));
  return {
    queue,
    /** Idempotent: the job id is the event's, so a replay never adds a second job while one exists. */
    async enqueue(chatId: string, inboundId: bigint): Promise<void> {
      await add(chatId, inboundId);
    },
    /**
     * For the sweeper: the event is still unprocessed, so a finished job with its id (completed or
     * failed, kept for hours or days) must not block it. Such a job is removed and added anew;
     * a job still waiting, delayed or active is left alone. Returns whether a job was added.
     */
    async requeue(chatId: string, inboundId: bigint): Promise<boolean> {
      const jobId = names.jobId(inboundId);
      const existing = await backend.bounded('getJob', () => queue.getJob(jobId));
      if (existing) {
        if (!finishedStates.has(await backend.bounded('getState', () => existing.getState()))) return false;
        await backend.bounded('remove', () => queue.remove(jobId));
      }
      await add(chatId, inboundId);
      return true;
    },
  };
}

export type InboundQueue = ReturnType<typeof createInboundQueue>;

/**
 * Starts the worker that runs the conversation pipeline for each job's chat. A job never
 * completes silently while its chat has pending events held by another worker's lease (a killed
 * process leaves one): it is delayed until the lease ends and runs again then.
 */
export function startInboundWorker(
  backend: QueueBackend,
  queueName: string,
  pipeline: ChatPipeline,
  options: { concurrency: number; log: Logger; onFailed?: () => void },
): BullWorker<InboundJob> {
  const { log } = options;
  const worker = backend.worker<InboundJob>(queueName, async (job, token) => {
    const data = inboundJobSchema.safeParse(job.data);
    const result = data.success ? await pipeline.processChat(data.data.chatId, LEASE_MS, BigInt(data.data.inboundId)) : null;
    if (!result || result.unknownEvent) {
      log.warn({ jobId: job.id, queue: queueName }, 'inbound job names no event of this database; completed without processing');
      return;
    }
    if (result.busyUntil) {
      // Without a lock token the job cannot move itself; failing it retries it with backoff instead.
      if (!token) throw new CodedError('inbound.chat_busy', 'the chat is leased by another worker');
      await job.moveToDelayed(result.busyUntil.getTime() + 100, token);
      throw new DelayedError();
    }
  }, { concurrency: options.concurrency });
  worker.on('failed', (job, error) => {
    options.onFailed?.();
    log.warn({ jobId: job?.id, err: error }, 'inbound job failed');
  });
  return worker;
}
