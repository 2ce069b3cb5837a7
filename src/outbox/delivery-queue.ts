import type { Channel, Platform } from '../contracts/channel.ts';
import type { Logger } from '../log.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { BullQueue, BullWorker, QueueBackend } from '../queues/queue-backend.ts';
import { deliverChat, type PhotoSource } from './deliver-chat.ts';

/** Job payload: a chat id only, never message text. */
export interface DeliveryJob {
  chatId: string;
}

/**
 * Platform-wide send rates, below each platform's published limits: Telegram allows about 30
 * messages a second per bot, Slack about one a second per channel with bursts. A 429 pauses the
 * whole platform queue for the platform's retry_after on top of this.
 */
export const PLATFORM_RATE: Record<Exclude<Platform, 'console'>, { max: number; durationMs: number }> = {
  telegram: { max: 25, durationMs: 1_000 },
  slack: { max: 20, durationMs: 1_000 },
};

const queueName = (platform: Platform) => `deliver-${platform}`;

/** One BullMQ queue and worker per platform; each job drains one chat's outbox in order. */
export function startDelivery(deps: {
  backend: QueueBackend;
  store: OutboxStore;
  channels: ReadonlyMap<Platform, Channel>;
  concurrency: number;
  /** Whether this process delivers (runs the platform workers) or only enqueues (PROCESS_ROLE=web). */
  workers: boolean;
  log: Logger;
  photos?: PhotoSource;
  /** Counts a failed attempt of a platform's delivery job (the `intake_jobs_failed_total` metric). */
  onFailed?: (queue: string) => void;
}) {
  const queues = new Map<Platform, BullQueue<DeliveryJob>>();
  const workers: Array<BullWorker<DeliveryJob>> = [];

  async function enqueue(platform: Platform, chatId: string, delayMs = 0): Promise<void> {
    const queue = queues.get(platform);
    if (!queue) return;
    await deps.backend.bounded('add', () => queue.add('deliver', { chatId }, { delay: delayMs, removeOnComplete: { age: 600, count: 1000 }, removeOnFail: { age: 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 1_000 } }));
  }

  for (const platform of deps.channels.keys()) {
    if (platform === 'console') continue;
    queues.set(platform, deps.backend.queue<DeliveryJob>(queueName(platform)));
    if (!deps.workers) continue;
    const rate = PLATFORM_RATE[platform];
    const worker = deps.backend.worker<DeliveryJob>(
      queueName(platform),
      async (job) => {
        const outcome = await deliverChat({ store: deps.store, channels: deps.channels, log: deps.log, ...(deps.photos ? { photos: deps.photos } : {}) }, job.data.chatId);
        // Busy: another worker holds the chat and may have checked before our row landed; look again shortly.
        if (outcome.kind === 'busy') await enqueue(platform, job.data.chatId, 1_000);
        else if (outcome.kind !== 'drained') await enqueue(platform, job.data.chatId, outcome.retryInMs);
      },
      { concurrency: deps.concurrency, limiter: { max: rate.max, duration: rate.durationMs } },
    );
    worker.on('failed', (job, error) => {
      deps.onFailed?.(queueName(platform));
      deps.log.warn({ jobId: job?.id, err: error }, 'delivery job failed');
    });
    workers.push(worker);
  }

  return {
    enqueue,
    /** The platform queues by name (`deliver-telegram`, ...), for their depth in /metrics. */
    queues: Object.fromEntries([...queues.values()].map((queue) => [queue.name, queue])),
    /** Re-enqueues chats whose messages wait too long (a crash between writing and enqueueing, an outage). */
    async sweep(olderThanMs: number): Promise<number> {
      const stale = await deps.store.chatsWithStaleOutbound([...queues.keys()], olderThanMs);
      for (const { chatId, platform } of stale) await enqueue(platform, chatId);
      return stale.length;
    },
    async close(): Promise<void> {
      await deps.backend.release(...workers);
      await deps.backend.release(...queues.values());
    },
  };
}

export type Delivery = ReturnType<typeof startDelivery>;
