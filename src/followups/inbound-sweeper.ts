import type { Logger } from '../log.ts';

/**
 * Safety net for "nothing accepted is lost": if an enqueue failed after the event was stored (a
 * queue outage), a worker died mid-chat, or a finished job still holds the event's job id, events
 * stay unprocessed in the database. This re-enqueues them periodically; `requeue` replaces a
 * finished job and leaves a live one alone.
 */
export function startInboundSweeper(deps: {
  findStale: () => Promise<Array<{ chatId: string; inboundId: bigint }>>;
  requeue: (chatId: string, inboundId: bigint) => Promise<boolean>;
  intervalMs: number;
  log: Logger;
}): { stop(): void; sweep(): Promise<number> } {
  let running = false;
  async function sweep(): Promise<number> {
    if (running) return 0;
    running = true;
    try {
      const stale = await deps.findStale();
      let added = 0;
      for (const item of stale) if (await deps.requeue(item.chatId, item.inboundId)) added += 1;
      if (added > 0) deps.log.warn({ chats: stale.length, added }, 're-enqueued chats with unprocessed messages');
      return added;
    } catch (error) {
      deps.log.warn({ err: error }, 'inbound sweep failed; will retry');
      return 0;
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void sweep(), deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
