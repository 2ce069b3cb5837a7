import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, type Api } from 'grammy';
import type { Logger } from '../../log.ts';
import { toDeliveryError } from './delivery-errors.ts';
import type { UpdateOutcome } from './inbound.ts';

// grammY's Node build types signals with the abort-controller polyfill; a native AbortSignal works the same at run time.
const grammySignal = (signal: AbortSignal) => signal as unknown as Parameters<Api['getUpdates']>[1];

/** The update kinds the bot reads; everything else Telegram does not even send. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Options of {@link UpdatePoller}. */
export interface PollerOptions {
  api: Api;
  token: string;
  log: Logger;
  handle: (update: unknown) => Promise<UpdateOutcome>;
  /** Long-poll timeout of each getUpdates call. @defaultValue 25 */
  timeoutSeconds?: number;
  /** First pause after a failure, doubled each time up to `maxBackoffMs`. @defaultValue 1000 */
  initialBackoffMs?: number;
  /** @defaultValue 30000 */
  maxBackoffMs?: number;
}

/**
 * A getUpdates long-poll loop (for running without a public URL). Updates are handled one at a
 * time, in order; the offset moves past an update only once it was handled (stored or ignored),
 * so an update the sink could not take is fetched again after a pause. Failures back off
 * exponentially (honouring a 429's retry_after); `stop()` aborts the pending long poll at once.
 */
export class UpdatePoller {
  private offset = 0;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: PollerOptions) {}

  /** The next update id to ask for (last handled update_id + 1). */
  get nextOffset(): number {
    return this.offset;
  }

  /** Starts the loop in the background; a second call does nothing. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal);
  }

  /** Ends the loop: aborts the pending getUpdates and waits for the update in hand to finish. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = null;
    this.controller = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { api, log } = this.options;
    const initial = this.options.initialBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 30_000;
    let backoff = initial;
    const pause = async (ms: number) => {
      await sleep(ms, undefined, { signal }).catch(() => undefined);
      backoff = Math.min(max, backoff * 2);
    };
    while (!signal.aborted) {
      let updates: unknown[];
      try {
        updates = await api.getUpdates({ offset: this.offset, timeout: this.options.timeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] }, grammySignal(signal));
      } catch (error) {
        if (signal.aborted) break;
        const coded = toDeliveryError(error, this.options.token);
        const retryAfter = error instanceof GrammyError && error.error_code === 429 ? (error.parameters.retry_after ?? 1) * 1000 : 0;
        // 409: a webhook is set or another process polls with this token.
        log.warn({ code: coded.code, reason: coded.message, backoffMs: Math.max(backoff, retryAfter) }, 'telegram: getUpdates failed; retrying');
        await pause(Math.max(backoff, retryAfter));
        continue;
      }
      let failed = false;
      for (const update of updates) {
        if (signal.aborted) break;
        const updateId = (update as { update_id?: unknown }).update_id;
        try {
          await this.options.handle(update);
        } catch (error) {
          log.warn({ updateId, err: error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : undefined }, 'telegram: update not stored; fetching it again');
          await pause(backoff);
          failed = true;
          break;
        }
        if (typeof updateId === 'number' && updateId >= this.offset) this.offset = updateId + 1;
      }
      if (!failed) backoff = initial;
    }
  }
}
