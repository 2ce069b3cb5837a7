import { GrammyError, HttpError } from 'grammy';
import { CodedError, DeliveryError } from '../../errors.ts';

/**
 * Telegram's 400 when an edit would change nothing. Telegram gives no code for it, only this
 * description, so this is the one place the adapter reads a description (a protocol fact).
 */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}

/** Telegram's 400 for files past the Bot API's 20 MB download limit (again only a description). */
export function isFileTooBig(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /file is too big/i.test(error.description);
}

/** Removes the bot token from text that may quote a URL (fetch errors name the request URL). */
export function redactToken(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('<token>');
}

/**
 * Maps what a Bot API call threw to a {@link DeliveryError}:
 * - 429 → `delivery.rate_limited` with `retryAfterMs` = `parameters.retry_after` × 1000;
 * - 400, 403, 404 and other 4xx (chat not found, bot blocked or kicked, message to edit gone) → `delivery.rejected`;
 * - 401 (wrong token), 409, 5xx, network failures (`HttpError`), anything else → `delivery.failed`
 *   (retried: a fixed token or a recovered Telegram delivers what waited).
 * CodedErrors pass through. The message never contains the token; the network cause is not kept
 * because its message quotes the request URL, which contains the token.
 */
export function toDeliveryError(error: unknown, token: string): CodedError {
  if (error instanceof CodedError) return error;
  if (error instanceof GrammyError) {
    const what = `Telegram ${error.method}: ${error.error_code} ${redactToken(error.description, token)}`;
    if (error.error_code === 429) return new DeliveryError('delivery.rate_limited', what, Math.max(1, error.parameters.retry_after ?? 1) * 1000);
    if (error.error_code === 401 || error.error_code === 409) return new DeliveryError('delivery.failed', what);
    if (error.error_code >= 400 && error.error_code < 500) return new DeliveryError('delivery.rejected', what);
    return new DeliveryError('delivery.failed', what);
  }
  if (error instanceof HttpError) {
    const code = (error.error as { code?: unknown } | null)?.code;
    return new DeliveryError('delivery.failed', `${redactToken(error.message, token)}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError('delivery.failed', redactToken(message, token));
}
