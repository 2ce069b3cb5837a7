import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../log.ts';

/** The channel completeInbound notifies on, with the event id as payload. */
export const PROCESSED_CHANNEL = 'inbound_processed';

/** Emits `processed` with an inbound id when any process stored that event's replies. */
export type ProcessedWakeups = EventEmitter<{ processed: [inboundId: bigint] }>;

/**
 * Listens for "replies stored" notifications from every process on one dedicated connection, so a
 * request waiting here for an event another process handles is woken at once instead of polling.
 * The connection is re-opened with backoff after a restart of the database; while it is down the
 * waiters' slow poll still finds the replies.
 */
export function startProcessedListener(deps: {
  databaseUrl: string;
  log: Logger;
  /**
   * Whether a notifying backend is one of this process's own connections: those notifications
   * are skipped, because this process's pipeline hands its replies to its waiting requests itself.
   */
  ownBackend?: (processId: number) => boolean;
}): { wakeups: ProcessedWakeups; connected(): boolean; stop(): Promise<void> } {
  const wakeups: ProcessedWakeups = new EventEmitter();
  wakeups.setMaxListeners(0);
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoffMs = 500;

  const scheduleReconnect = () => {
    if (stopped) return;
    retryTimer = setTimeout(() => void connect(), backoffMs);
    retryTimer.unref();
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: deps.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
    next.on('notification', (message) => {
      if (message.channel !== PROCESSED_CHANNEL || !message.payload || !/^\d+$/.test(message.payload)) return;
      if (deps.ownBackend?.(message.processId)) return;
      wakeups.emit('processed', BigInt(message.payload));
    });
    next.on('error', (error) => {
      deps.log.warn({ err: error }, 'processed-listener connection lost; reconnecting');
      if (client === next) client = null;
      next.end().catch(() => undefined);
      scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${PROCESSED_CHANNEL}`);
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      backoffMs = 500;
    } catch (error) {
      deps.log.warn({ err: error }, 'processed-listener could not connect; retrying');
      next.end().catch(() => undefined);
      scheduleReconnect();
    }
  }

  void connect();
  return {
    wakeups,
    connected: () => client !== null,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
