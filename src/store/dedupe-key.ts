import { createHash } from 'node:crypto';

/**
 * The one way to build an inbound dedupe key, for every channel: a JSON array of structured parts.
 * JSON escapes every separator, so `["console","victim:7","message","m1"]` and
 * `["console","victim","message","7:m1"]` can never be equal, nor a message id equal an action id.
 */
export function dedupeKey(parts: { platform: string; scope: string; kind: 'message' | 'action'; id: string }): string {
  return JSON.stringify([parts.platform, parts.scope, parts.kind, parts.id]);
}

/** What identifies an event's content; a retry must carry the same. */
export interface InboundBody {
  kind: 'message' | 'action';
  text?: string | undefined;
  actionId?: string | undefined;
  attachmentRefs?: readonly string[] | undefined;
}

/** sha256 of the normalized body: a reused id whose body hashes differently is not a retry. */
export function bodyHash(body: InboundBody): string {
  const normalized = JSON.stringify([body.kind, body.text ?? null, body.actionId ?? null, body.attachmentRefs ?? []]);
  return createHash('sha256').update(normalized).digest('hex');
}
