import type { Logger } from '../log.ts';

/**
 * Safety net for "nothing accepted is lost": if an enqueue failed after the event was stored, or a
 * worker died mid-chat, events stay unprocessed in the database. This re-enqueues them periodically.
 */
export function startInboundSweeper(deps: {
  findStale: () => Promise<Array<{ chatId: string; inboundId: bigint }>>;
  enqueue: (chatId: string, inboundId: bigint) => Promise<void>;
  intervalMs: number;
  log: Logger;
}): { stop(): void; sweep(): Promise<number> } {
  let running = false;
  async function sweep(): Promise<number> {
    if (running) return 0;
    running = true;
    try {
      const stale = await deps.findStale();
      for (const item of stale) await deps.enqueue(item.chatId, item.inboundId);
      if (stale.length > 0) deps.log.warn({ chats: stale.length }, 're-enqueued chats with unprocessed messages');
      return stale.length;
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
