import { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { DeliveryError } from '../../errors.ts';

/**
 * Slack platform error codes (`data.error`) that will not change on a retry: the conversation is
 * gone or closed to us, the token is dead, or the message itself is refused.
 */
export const rejectedSlackErrors: ReadonlySet<string> = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'account_inactive',
  'token_revoked', 'token_expired', 'not_authed', 'missing_scope', 'no_permission', 'user_not_found', 'cannot_dm_bot',
  'message_not_found', 'cant_update_message', 'edit_window_closed', 'invalid_blocks', 'msg_too_long', 'restricted_action',
  'file_not_found', 'file_deleted',
]);

/**
 * Maps what the Web API client threw to a {@link DeliveryError}, deciding on the error's class and
 * Slack's `data.error` code, never on message text: rate limited (with Slack's Retry-After in ms),
 * rejected for good, or failed (network, 5xx, Slack's own transient errors), which the outbox retries.
 */
export function toDeliveryError(error: unknown, what: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError('delivery.rate_limited', `${what}: rate limited by Slack`, error.retryAfter * 1000, { cause: error });
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return new DeliveryError('delivery.rate_limited', `${what}: ratelimited`, 1000, { cause: error });
    const kind = rejectedSlackErrors.has(code) ? 'delivery.rejected' : 'delivery.failed';
    return new DeliveryError(kind, `${what}: Slack answered ${code}`, undefined, { cause: error });
  }
  return new DeliveryError('delivery.failed', `${what}: Slack could not be reached`, undefined, { cause: error });
}
