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
      let failed = 0;
      let firstError: unknown;
      // One chat's failure (a job locked at that moment) does not keep the others waiting.
      for (const item of stale) {
        try {
          if (await deps.requeue(item.chatId, item.inboundId)) added += 1;
        } catch (error) {
          failed += 1;
          firstError ??= error;
        }
      }
      if (added > 0) deps.log.warn({ chats: stale.length, added }, 're-enqueued chats with unprocessed messages');
      if (failed > 0) deps.log.warn({ err: firstError, chats: stale.length, failed }, 'inbound sweep could not re-enqueue some chats; will retry');
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
