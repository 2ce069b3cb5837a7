import type { WebhookRequest, WebhookResponse, WebhookRoute } from '../../contracts/channel.ts';
import { asAnswerableError } from '../../dependency-errors.ts';
import { httpStatusOf, type ErrorCode } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { UpdateOutcome } from './inbound.ts';
import { TELEGRAM_SECRET_HEADER, verifyTelegramSecret } from './verify-secret.ts';

/** Where Telegram posts updates: `PUBLIC_URL` + this path is what `setWebhook` registers. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** Telegram's updates are small; 1 MiB leaves room for the largest. */
export const TELEGRAM_WEBHOOK_BODY_LIMIT = 1024 * 1024;

function json(status: number, body: unknown): WebhookResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function errorResponse(code: ErrorCode, message: string): WebhookResponse {
  return json(httpStatusOf(code), { error: code, message });
}

function headerValue(headers: WebhookRequest['headers'], name: string): string | string[] | undefined {
  if (name in headers) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * The webhook route. Answers:
 * - 401 `webhook.secret_invalid` when the secret header is missing or wrong (checked first, in constant time);
 * - 400 `http.bad_json` when the body is not JSON;
 * - 200 once the update is stored by the sink, or when it is ignored (including updates that fail
 *   the schema: Telegram would otherwise redeliver garbage for a day);
 * - 503 when the sink throws a 503-coded error (`service.unavailable`…): Telegram redelivers later;
 * - 500 for anything else (logged at error), which Telegram also redelivers.
 */
export function createWebhookRoute(options: { secret: string; log: Logger; handle: (update: unknown) => Promise<UpdateOutcome> }): WebhookRoute {
  return {
    path: TELEGRAM_WEBHOOK_PATH,
    bodyLimit: TELEGRAM_WEBHOOK_BODY_LIMIT,
    async handle(request: WebhookRequest): Promise<WebhookResponse> {
      if (!verifyTelegramSecret(headerValue(request.headers, TELEGRAM_SECRET_HEADER), options.secret)) {
        options.log.warn('telegram: webhook call with a missing or wrong secret refused');
        return errorResponse('webhook.secret_invalid', 'the X-Telegram-Bot-Api-Secret-Token header is missing or wrong');
      }
      let update: unknown;
      try {
        update = JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        return errorResponse('http.bad_json', 'the body is not valid JSON');
      }
      try {
        await options.handle(update);
        return json(200, { ok: true });
      } catch (error) {
        const coded = asAnswerableError(error);
        if (httpStatusOf(coded.code) === 503) {
          options.log.warn({ code: coded.code }, 'telegram: update not stored now; Telegram will redeliver');
          return errorResponse(coded.code, 'try again later');
        }
        options.log.error({ err: coded }, 'telegram: update handling failed');
        return errorResponse('internal.unexpected', 'internal error');
      }
    },
  };
}
