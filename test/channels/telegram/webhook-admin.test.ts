import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramWebhookCommand, type TelegramWebhookCommandContext } from '../../../src/channels/telegram/webhook-admin.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';

let fake: FakeTelegramApi;
let out: string[];
let err: string[];

function ctx(over: Partial<TelegramWebhookCommandContext> = {}): TelegramWebhookCommandContext {
  return { token: fake.token, apiRoot: fake.apiRoot, webhookSecret: 'wh_secret_1', publicUrl: 'https://bot.example.com/', out: (l) => out.push(l), err: (l) => err.push(l), ...over };
}

beforeEach(async () => {
  fake = await startFakeTelegramApi();
  out = [];
  err = [];
});
afterEach(async () => {
  await fake.close();
});

describe('cli telegram-webhook', () => {
  it('set registers PUBLIC_URL/telegram/webhook with the secret and the update kinds; info shows it; delete removes it', async () => {
    expect(await telegramWebhookCommand('set', ctx())).toBe(0);
    expect(fake.webhook).toEqual({ url: 'https://bot.example.com/telegram/webhook', secretToken: 'wh_secret_1', allowedUpdates: ['message', 'callback_query'] });
    expect(await telegramWebhookCommand('info', ctx())).toBe(0);
    expect(JSON.parse(out[1] ?? '{}')).toMatchObject({ url: 'https://bot.example.com/telegram/webhook', pendingUpdateCount: 0 });
    expect(await telegramWebhookCommand('delete', ctx())).toBe(0);
    expect(fake.webhook).toBeNull();
    expect(out[2]).toBe('webhook deleted');
  });

  it('set without PUBLIC_URL or secret is a usage error; an unknown sub-command prints usage', async () => {
    expect(await telegramWebhookCommand('set', ctx({ publicUrl: undefined }))).toBe(2);
    expect(await telegramWebhookCommand('set', ctx({ webhookSecret: undefined }))).toBe(2);
    expect(await telegramWebhookCommand('list', ctx())).toBe(2);
    expect(fake.calls).toHaveLength(0);
  });

  it('a wrong token exits 1 without printing the token', async () => {
    const wrong = '987654321:AAHwrongTokenForTests-0123456789abcdef';
    expect(await telegramWebhookCommand('info', ctx({ token: wrong }))).toBe(1);
    expect(err.join('\n')).toContain('401');
    expect(err.join('\n')).not.toContain(wrong);
  });
});
