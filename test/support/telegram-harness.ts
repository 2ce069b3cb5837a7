import { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from '../../src/channels/telegram/index.ts';
import { startFakeTelegramApi, type FakeTelegramApi, type FakeTelegramApiOptions } from './fake-telegram-api.ts';
import { capturedLogger, memoryActionTokens, recordingSink } from './telegram-doubles.ts';
import { MANAGER_CHAT_ID, STAFF_CHAT_ID } from './telegram-updates.ts';

export const WEBHOOK_SECRET = 'wh_S3cret-For-Tests_0123456789';
export const CLOCK = new Date('2026-11-24T10:05:00Z');

/** A Telegram channel wired to a fresh fake Bot API, a recording sink and in-memory tokens. */
export async function telegramHarness(options: { fake?: FakeTelegramApiOptions; channel?: Partial<TelegramChannelOptions> } = {}) {
  const fake: FakeTelegramApi = await startFakeTelegramApi(options.fake);
  const sink = recordingSink();
  const tokens = memoryActionTokens();
  const logs = capturedLogger();
  const channel: TelegramChannel = createTelegramChannel({
    token: fake.token,
    mode: 'webhook',
    webhookSecret: WEBHOOK_SECRET,
    staffChatId: String(STAFF_CHAT_ID),
    managerChatId: String(MANAGER_CHAT_ID),
    apiRoot: fake.apiRoot,
    publicUrl: 'https://bot.example.com',
    sink,
    tokens,
    log: logs.log,
    now: () => CLOCK,
    ...options.channel,
  });
  return {
    fake,
    sink,
    tokens,
    logs,
    channel,
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

export type TelegramHarness = Awaited<ReturnType<typeof telegramHarness>>;
