import { randomUUID } from 'node:crypto';
import type { Channel, FormButton, OutboundEnvelope, OutboundPhoto, Platform } from '../contracts/channel.ts';
import type { Button } from '../contracts/conversation.ts';
import { isDependencyDown } from '../dependency-errors.ts';
import { DeliveryError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { DeliverableRow, OutboxStore } from '../store/outbox-store.ts';

/** After this many failed tries a message is dead-lettered: kept, counted in /metrics, shown to managers. */
export const MAX_DELIVERY_ATTEMPTS = 8;
const LEASE_MS = 30_000;

/** Backoff of transient failures: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts), 300_000);
}

/** How a drain ended: everything sent, or stopped early with when to look again. */
export type DrainOutcome =
  | { kind: 'drained'; delivered: number }
  | { kind: 'busy' }
  | { kind: 'waiting'; delivered: number; retryInMs: number }
  | { kind: 'rate_limited'; delivered: number; retryInMs: number };

function buttonsOf(row: DeliverableRow): FormButton[] | undefined {
  if (!Array.isArray(row.buttons) || row.buttons.length === 0) return undefined;
  return (row.buttons as Button[]).map((b) => {
    const form = row.payload.forms?.[b.id];
    return form ? { ...b, form } : { ...b };
  });
}

/** The row as the channel sees it. */
export function envelopeOf(row: DeliverableRow): OutboundEnvelope {
  const buttons = buttonsOf(row);
  return {
    id: row.id,
    address: { platform: row.platform, workspace: row.workspace, externalChatId: row.externalChatId },
    lang: row.lang,
    text: row.text,
    ...(buttons ? { buttons } : {}),
    ...(row.payload.card ? { card: row.payload.card } : {}),
    // A card row whose card was already posted is an update; a threaded row goes under the card.
    ...(row.payload.cardOf && row.cardMessageId ? { replaces: row.cardMessageId } : {}),
    ...(row.payload.threadOf && row.cardMessageId ? { threadOf: row.cardMessageId } : {}),
  };
}

/** Where delivery reads a stored photo's bytes, by its hash (null when it is gone). */
export interface PhotoSource {
  read(sha256: string): Promise<Buffer | null>;
}

/** What delivering a chat needs. */
export interface DeliverDeps {
  store: OutboxStore;
  channels: ReadonlyMap<Platform, Channel>;
  log: Logger;
  /** Stored photos, for rows that upload one; without it such rows go as their text. */
  photos?: PhotoSource;
}

/**
 * The row's photo with its bytes, read only now (a row names the upload, never holds it). A photo
 * that is gone (deleted by hand) is logged and the row goes as its text, so the thread keeps its order.
 */
async function photoOf(deps: DeliverDeps, row: DeliverableRow): Promise<OutboundPhoto | undefined> {
  const photo = row.payload.photo;
  if (!photo) return undefined;
  const bytes = (await deps.photos?.read(photo.sha256)) ?? null;
  if (bytes === null) {
    deps.log.warn({ outboundId: row.id, platform: row.platform }, 'a photo to deliver is no longer stored; sending its caption only');
    return undefined;
  }
  return { bytes, mimeType: photo.mimeType, fileName: photo.fileName ?? `${photo.sha256.slice(0, 12)}`, ...(photo.url ? { url: photo.url } : {}) };
}

/**
 * Records a send the platform accepted. Unrecorded, it would go out again (Telegram and Slack take no
 * idempotency key), so while the database is unreachable this keeps trying for as long as our lease
 * holds the chat (nobody else sends its messages meanwhile); past that it gives up and the message may
 * be sent twice, the one duplicate the outbox allows (README, Chaos tests).
 */
async function recordDelivered(store: OutboxStore, id: string, platformMessageId: string, leaseEndsAt: number): Promise<void> {
  for (let waitMs = 100; ; waitMs = Math.min(waitMs * 2, 2_000)) {
    try {
      await store.markDelivered(id, platformMessageId);
      return;
    } catch (error) {
      if (!isDependencyDown(error) || Date.now() + waitMs > leaseEndsAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * Delivers one chat's undelivered messages strictly in order, holding the chat's delivery lease.
 * A rate limit or a transient failure stops the drain (later messages wait, so order holds); a
 * refusal for good dead-letters that message and goes on.
 */
export async function deliverChat(deps: DeliverDeps, chatId: string): Promise<DrainOutcome> {
  const token = randomUUID();
  let delivered = 0;
  try {
    for (;;) {
      // Taken before the first message and renewed before each next one (the same call: the store
      // lets the holder's own token through), so a long drain never outlives its lease.
      const leaseEndsAt = Date.now() + LEASE_MS;
      if (!(await deps.store.acquireLease(chatId, token, LEASE_MS))) return { kind: 'busy' };
      const next = await deps.store.next(chatId);
      if (next === null) return { kind: 'drained', delivered };
      if ('waitMs' in next) return { kind: 'waiting', delivered, retryInMs: next.waitMs };
      const { row } = next;
      const channel = deps.channels.get(row.platform);
      if (!channel) {
        // The platform is switched off: keep the row for when it is on again.
        return { kind: 'waiting', delivered, retryInMs: 60_000 };
      }
      let sent: { platformMessageId: string };
      try {
        const photo = await photoOf(deps, row);
        sent = await channel.send(photo ? { ...envelopeOf(row), photo } : envelopeOf(row));
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('delivery.failed', 'unexpected send failure', undefined, { cause: error });
        if (failure.code === 'delivery.rate_limited') {
          const retryInMs = failure.retryAfterMs ?? 1_000;
          await deps.store.markFailed(row.id, failure.code, { dead: false, retryInMs, countAttempt: false });
          return { kind: 'rate_limited', delivered, retryInMs };
        }
        const dead = failure.code === 'delivery.rejected' || row.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
        deps.log.warn({ outboundId: row.id, platform: row.platform, code: failure.code, attempts: row.attempts + 1, dead }, 'delivery failed');
        if (dead) {
          await deps.store.markFailed(row.id, failure.code, { dead: true });
          continue;
        }
        const retryInMs = retryDelayMs(row.attempts);
        await deps.store.markFailed(row.id, failure.code, { dead: false, retryInMs, countAttempt: true });
        return { kind: 'waiting', delivered, retryInMs };
      }
      await recordDelivered(deps.store, row.id, sent.platformMessageId, leaseEndsAt);
      delivered += 1;
    }
  } finally {
    await deps.store.releaseLease(chatId, token);
  }
}
