import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { problemsOf } from '../../support/config-problems.ts';

const token = '123456789:AAHfakeTokenForTests-0123456789abcdef';


describe('Telegram configuration', () => {
  it('is off without a token', () => {
    expect(loadConfig({}).telegram).toBeUndefined();
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('reads every variable, webhook mode by default', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123', TELEGRAM_STAFF_CHAT_ID: '-1001234567890',
      TELEGRAM_MANAGER_CHAT_ID: '-1009876543210', TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/', PUBLIC_URL: 'https://bot.example.com/',
    });
    expect(config.telegram).toEqual({ token, mode: 'webhook', webhookSecret: 'abc_DEF-123', staffChatId: '-1001234567890', managerChatId: '-1009876543210', apiRoot: 'http://127.0.0.1:8081' });
    expect(config.publicUrl).toBe('https://bot.example.com');
  });

  it('defaults the API root to Telegram\'s and needs no secret when polling', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' }).telegram).toMatchObject({ mode: 'polling', apiRoot: 'https://api.telegram.org', webhookSecret: undefined });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: token }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_MODE: 'polling' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_MODE: 'push' }, 'TELEGRAM_MODE'],
    [{ TELEGRAM_WEBHOOK_SECRET: 'has space' }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(257) }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ TELEGRAM_STAFF_CHAT_ID: '1001234567890' }, 'TELEGRAM_STAFF_CHAT_ID'],
    [{ TELEGRAM_MANAGER_CHAT_ID: '-12ab' }, 'TELEGRAM_MANAGER_CHAT_ID'],
    [{ TELEGRAM_STAFF_CHAT_ID: '-100123', TELEGRAM_MANAGER_CHAT_ID: '-100123' }, 'TELEGRAM_MANAGER_CHAT_ID'],
    [{ TELEGRAM_API_ROOT: 'ftp://x' }, 'TELEGRAM_API_ROOT'],
    [{ PUBLIC_URL: 'bot.example.com' }, 'PUBLIC_URL'],
  ])('refuses %o naming %s', (env, name) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });
});
