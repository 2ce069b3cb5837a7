import { timingSafeEqual } from 'node:crypto';

/** The header Telegram sends with every webhook call once `setWebhook` was given a `secret_token`. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * True when the `X-Telegram-Bot-Api-Secret-Token` header equals the configured secret.
 * Pure and constant-time in the secret's content: equal-length byte strings are compared with
 * `crypto.timingSafeEqual`; a missing header, several header values or a different length are
 * false without throwing (only the length can leak, and Telegram secrets are of a fixed length anyway).
 *
 * @example verifyTelegramSecret(request.headers['x-telegram-bot-api-secret-token'], config.webhookSecret)
 */
export function verifyTelegramSecret(headerValue: string | string[] | undefined, secret: string): boolean {
  if (typeof headerValue !== 'string' || secret.length === 0) return false;
  const given = Buffer.from(headerValue, 'utf8');
  const expected = Buffer.from(secret, 'utf8');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
