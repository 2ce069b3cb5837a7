import type { ActionTokenStore, ChatAddress } from '../../contracts/channel.ts';
import { CodedError } from '../../errors.ts';

/** Telegram's limit on a button's `callback_data`, in bytes of UTF-8. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/**
 * Marks callback_data that carries a short token instead of the action id itself. Our action ids
 * are lowercase words joined by ':' (`menu:quality`, `case:view:RT-…`) and never start with '~';
 * an id that does is shortened too, so the two cannot be confused.
 */
export const CALLBACK_TOKEN_PREFIX = '~';

/** Byte length of a string in UTF-8. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The callback_data for a button: the action id itself when it fits 64 bytes, else
 * `~<token>` with the id stored through `tokens.shorten` (per chat, expiring server-side).
 * Throws `internal.unexpected` if the store returns a token too long to fit (a bug in the store).
 */
export async function encodeCallbackData(actionId: string, address: ChatAddress, tokens: ActionTokenStore): Promise<string> {
  if (utf8Bytes(actionId) <= CALLBACK_DATA_MAX_BYTES && !actionId.startsWith(CALLBACK_TOKEN_PREFIX)) return actionId;
  const data = `${CALLBACK_TOKEN_PREFIX}${await tokens.shorten(actionId, address)}`;
  if (utf8Bytes(data) > CALLBACK_DATA_MAX_BYTES) {
    throw new CodedError('internal.unexpected', `the action token store returned a token of ${utf8Bytes(data)} bytes; callback_data holds ${CALLBACK_DATA_MAX_BYTES}`);
  }
  return data;
}

/**
 * The action id a pressed button carried: the data itself, or the id behind a `~<token>`;
 * null for an unknown or expired token.
 */
export async function decodeCallbackData(data: string, tokens: ActionTokenStore): Promise<string | null> {
  if (!data.startsWith(CALLBACK_TOKEN_PREFIX)) return data;
  const token = data.slice(CALLBACK_TOKEN_PREFIX.length);
  return token.length === 0 ? null : tokens.expand(token);
}
