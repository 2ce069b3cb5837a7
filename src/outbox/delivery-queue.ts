import type { Channel, Platform } from '../contracts/channel.ts';
import type { Logger } from '../log.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { BullQueue, BullWorker, QueueBackend } from '../queues/queue-backend.ts';
import { shortDatabaseId } from '../queues/queue-names.ts';
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

/**
 * A platform's delivery queue. Its name carries the database's short id, like the inbound and
 * follow-up queues', so two databases sharing one Redis and QUEUE_PREFIX never deliver each
 * other's messages. `label` is the name in /metrics, the same for every database.
 */
export function deliveryQueueNames(platform: Platform, databaseId: string): { queue: string; label: string; dedupId(chatId: string): string } {
  return { queue: `deliver-${platform}-${shortDatabaseId(databaseId)}`, label: `deliver-${platform}`, dedupId: (chatId) => `chat-${chatId}` };
}

/**
 * One BullMQ queue and worker per platform; each job drains one chat's outbox in order.
 *
 * A chat has at most one delivery job that has not started (BullMQ deduplication by chat): every
 * reply asks for a delivery, but while a job for the chat still waits, that job will read the new
 * row too, so no second job is added. Without this, each reply added a job, every job took a slot
 * of the platform's rate limit even when it found the outbox already drained, and above the rate
 * real sends queued behind empty jobs. A job gives its key up as it starts, before it reads the
 * outbox: a row written from then on gets a job of its own, so a reply never waits for the sweep.
 * A delayed job (a busy chat looked at again in 1 s, a failed or rate-limited message retried at its
 * time) also holds the key: a reply meanwhile rides on it, which costs it nothing, since the chat's
 * later messages wait for that earlier one anyway.
 */
export function startDelivery(deps: {
  backend: QueueBackend;
  /** This database's instance id (`databaseInstanceId`), for the queue names. */
  databaseId: string;
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
    const dedupId = deliveryQueueNames(platform, deps.databaseId).dedupId(chatId);
    await deps.backend.bounded('add', () => queue.add('deliver', { chatId }, { delay: delayMs, deduplication: { id: dedupId }, removeOnComplete: { age: 600, count: 1000 }, removeOnFail: { age: 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 1_000 } }));
  }

  for (const platform of deps.channels.keys()) {
    if (platform === 'console') continue;
    const names = deliveryQueueNames(platform, deps.databaseId);
    queues.set(platform, deps.backend.queue<DeliveryJob>(names.queue));
    if (!deps.workers) continue;
    const rate = PLATFORM_RATE[platform];
    const worker = deps.backend.worker<DeliveryJob>(
      names.queue,
      async (job) => {
        // From here on a new row needs a job of its own: this drain may already have looked.
        await job.removeDeduplicationKey();
        const outcome = await deliverChat({ store: deps.store, channels: deps.channels, log: deps.log, ...(deps.photos ? { photos: deps.photos } : {}) }, job.data.chatId);
        // Busy: another worker holds the chat and may have checked before our row landed; look again shortly.
        if (outcome.kind === 'busy') await enqueue(platform, job.data.chatId, 1_000);
        else if (outcome.kind !== 'drained') await enqueue(platform, job.data.chatId, outcome.retryInMs);
      },
      { concurrency: deps.concurrency, limiter: { max: rate.max, duration: rate.durationMs } },
    );
    worker.on('failed', (job, error) => {
      deps.onFailed?.(names.label);
      deps.log.warn({ jobId: job?.id, err: error }, 'delivery job failed');
    });
    workers.push(worker);
  }

  return {
    enqueue,
    /** The platform queues by their /metrics label (`deliver-telegram`, ...), for their depth. */
    queues: Object.fromEntries([...queues.entries()].map(([platform, queue]) => [deliveryQueueNames(platform, deps.databaseId).label, queue])),
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
