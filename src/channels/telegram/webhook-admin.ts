import { Api } from 'grammy';
import type { WebhookInfo } from 'grammy/types';
import { ALLOWED_UPDATES } from './polling.ts';
import { toDeliveryError } from './delivery-errors.ts';
import { TELEGRAM_WEBHOOK_PATH } from './webhook-route.ts';

/** The webhook URL registered with Telegram for a public base URL. */
export function telegramWebhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`;
}

/** Registers `PUBLIC_URL/telegram/webhook` with the secret and the update kinds the bot reads. Returns the URL. */
export async function setTelegramWebhook(api: Api, options: { publicUrl: string; secret: string }): Promise<string> {
  const url = telegramWebhookUrl(options.publicUrl);
  await api.setWebhook(url, { secret_token: options.secret, allowed_updates: [...ALLOWED_UPDATES] });
  return url;
}

/** What Telegram reports about the webhook (url empty when none is set, i.e. polling). */
export function getTelegramWebhookInfo(api: Api): Promise<WebhookInfo> {
  return api.getWebhookInfo();
}

/** Removes the webhook; pending updates stay queued for getUpdates unless `dropPendingUpdates`. */
export async function deleteTelegramWebhook(api: Api, options: { dropPendingUpdates?: boolean } = {}): Promise<void> {
  await api.deleteWebhook(options.dropPendingUpdates ? { drop_pending_updates: true } : {});
}

/** What the `telegram-webhook` command needs (from config) and where it writes. */
export interface TelegramWebhookCommandContext {
  token: string;
  apiRoot: string;
  webhookSecret: string | undefined;
  publicUrl: string | undefined;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `cli telegram-webhook set|info|delete`: set registers PUBLIC_URL/telegram/webhook with
 * TELEGRAM_WEBHOOK_SECRET; info prints getWebhookInfo as one JSON line; delete removes it.
 * Returns the exit code (2 for usage or missing settings, 1 when Telegram refuses).
 */
export async function telegramWebhookCommand(sub: string | undefined, ctx: TelegramWebhookCommandContext): Promise<number> {
  const api = new Api(ctx.token, { apiRoot: ctx.apiRoot.replace(/\/+$/, '') });
  try {
    switch (sub) {
      case 'set': {
        if (!ctx.publicUrl || !ctx.webhookSecret) {
          ctx.err('telegram-webhook set needs PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET');
          return 2;
        }
        ctx.out(`webhook set: ${await setTelegramWebhook(api, { publicUrl: ctx.publicUrl, secret: ctx.webhookSecret })}`);
        return 0;
      }
      case 'info': {
        const info = await getTelegramWebhookInfo(api);
        ctx.out(JSON.stringify({
          url: info.url,
          pendingUpdateCount: info.pending_update_count,
          ...(info.last_error_date ? { lastErrorAt: new Date(info.last_error_date * 1000).toISOString(), lastError: info.last_error_message } : {}),
          ...(info.allowed_updates ? { allowedUpdates: info.allowed_updates } : {}),
        }));
        return 0;
      }
      case 'delete':
        await deleteTelegramWebhook(api);
        ctx.out('webhook deleted');
        return 0;
      default:
        ctx.err('usage: telegram-webhook set|info|delete');
        return 2;
    }
  } catch (error) {
    ctx.err(`telegram: ${toDeliveryError(error, ctx.token).message}`);
    return 1;
  }
}
