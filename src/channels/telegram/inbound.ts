import type { InboundSink } from '../../contracts/channel.ts';
import type { Logger } from '../../log.ts';
import { normalizeUpdate, type NormalizeContext } from './normalize-update.ts';

/** What handling one update needs; shared by the webhook route and the polling loop. */
export interface InboundDeps {
  context: () => NormalizeContext;
  sink: InboundSink;
  log: Logger;
  /** Acknowledges a button press (answerCallbackQuery); must not throw. */
  answerCallback: (callbackQueryId: string) => void;
}

/** The outcome of one update: handed to the sink, or ignored (and why). */
export type UpdateOutcome = { status: 'accepted'; deliveryId: string; duplicate: boolean } | { status: 'ignored'; reason: string };

/**
 * Normalizes one update and hands the event to the sink. Ignored updates are logged (at warn
 * when they failed the schema, at debug otherwise) without any text. A button press is answered
 * once the sink has stored it, or at once when it is ignored, so the user's spinner stops;
 * if the sink throws, nothing is answered and the error propagates (Telegram will redeliver).
 */
export async function handleUpdate(deps: InboundDeps, update: unknown): Promise<UpdateOutcome> {
  const normalized = await normalizeUpdate(update, deps.context());
  const updateId = (update as { update_id?: unknown } | null)?.update_id;
  if (normalized.event === null) {
    const fields = { updateId: typeof updateId === 'number' ? updateId : undefined, reason: normalized.reason, detail: normalized.detail };
    if (normalized.reason === 'schema_invalid') deps.log.warn(fields, 'telegram: update failed validation; ignored');
    else deps.log.debug(fields, 'telegram: update ignored');
    if (normalized.callbackQueryId !== undefined) deps.answerCallback(normalized.callbackQueryId);
    return { status: 'ignored', reason: normalized.reason };
  }
  const { duplicate } = await deps.sink.accept(normalized.event);
  if (normalized.callbackQueryId !== undefined) deps.answerCallback(normalized.callbackQueryId);
  return { status: 'accepted', deliveryId: normalized.event.deliveryId, duplicate };
}
