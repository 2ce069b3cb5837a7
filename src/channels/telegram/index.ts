/** The Telegram channel adapter: one folder behind the Channel port (src/contracts/channel.ts). */
export { createTelegramChannel, DEFAULT_TELEGRAM_API_ROOT, TelegramChannel, type TelegramChannelOptions } from './telegram-channel.ts';
export { verifyTelegramSecret, TELEGRAM_SECRET_HEADER } from './verify-secret.ts';
export { normalizeUpdate, botIdFromToken, type NormalizeContext, type NormalizedUpdate, type IgnoredReason } from './normalize-update.ts';
export { splitMessageText, truncateText, TELEGRAM_TEXT_LIMIT, TELEGRAM_CAPTION_LIMIT } from './split-text.ts';
export { encodeCallbackData, decodeCallbackData, CALLBACK_DATA_MAX_BYTES, CALLBACK_TOKEN_PREFIX } from './callback-data.ts';
export { escapeHtml, renderCardHtml, inlineKeyboard, layoutRows } from './render.ts';
export { toDeliveryError } from './delivery-errors.ts';
export { TELEGRAM_WEBHOOK_PATH, TELEGRAM_WEBHOOK_BODY_LIMIT, createWebhookRoute } from './webhook-route.ts';
export { UpdatePoller, ALLOWED_UPDATES, type PollerOptions } from './polling.ts';
export { telegramWebhookCommand, setTelegramWebhook, getTelegramWebhookInfo, deleteTelegramWebhook, telegramWebhookUrl, type TelegramWebhookCommandContext } from './webhook-admin.ts';
export { botCommandSets, BOT_COMMAND_NAMES } from './bot-commands.ts';
