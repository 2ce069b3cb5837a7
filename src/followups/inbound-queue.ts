import type { Logger } from '../log.ts';
import type { ChatPipeline } from '../conversation/chat-pipeline.ts';
import type { JobQueue, JobWorker, QueueBackend } from './queue-backend.ts';

/** Job payload: ids only, never message text. */
export interface InboundJob {
  chatId: string;
  inboundId: string;
}

export const INBOUND_QUEUE = 'inbound';

/** The queue between "accepted" and "processed": one job per inbound event, handled per chat in order. */
export function createInboundQueue(backend: QueueBackend) {
  const queue: JobQueue<InboundJob> = backend.createQueue<InboundJob>(INBOUND_QUEUE);
  return {
    queue,
    /** Idempotent: the job id is the event's id, so replays and the sweeper never add a second job while one exists. */
    async enqueue(chatId: string, inboundId: bigint): Promise<void> {
      await queue.add('process-chat', { chatId, inboundId: String(inboundId) }, {
        jobId: `in-${inboundId}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 5000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    },
  };
}

export type InboundQueue = ReturnType<typeof createInboundQueue>;

/** Starts the worker that runs the conversation pipeline for each job's chat. */
export function startInboundWorker(backend: QueueBackend, pipeline: ChatPipeline, options: { concurrency: number; log: Logger }): JobWorker {
  const worker = backend.createWorker<InboundJob>(INBOUND_QUEUE, async (job) => {
    await pipeline.processChat(job.data.chatId);
  }, { concurrency: options.concurrency });
  worker.on('failed', (job, error) => options.log.warn({ jobId: job?.id, err: error }, 'inbound job failed'));
  worker.on('error', (error) => options.log.error({ err: error }, 'inbound worker error'));
  return worker;
}
