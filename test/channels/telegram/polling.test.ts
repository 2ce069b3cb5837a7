import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodedError } from '../../../src/errors.ts';
import { callbackQuery, MERCHANT, privateText } from '../../support/telegram-updates.ts';
import { telegramHarness, type TelegramHarness } from '../../support/telegram-harness.ts';

let h: TelegramHarness;

async function pollingHarness(maxPollWaitMs = 100) {
  h = await telegramHarness({ fake: { maxPollWaitMs }, channel: { mode: 'polling', webhookSecret: undefined, polling: { timeoutSeconds: 30, initialBackoffMs: 5, maxBackoffMs: 20 } } });
  return h;
}

afterEach(async () => {
  await h.close();
});

describe('Telegram polling', () => {
  it('registers commands in zh (default) and en, removes any webhook, and has no webhook route', async () => {
    await pollingHarness();
    expect(h.channel.webhooks).toEqual([]);
    await h.channel.start();
    expect(h.fake.calls.slice(0, 4).map((c) => c.method)).toEqual(['getMe', 'setMyCommands', 'setMyCommands', 'deleteWebhook']);
    const [zh, en] = h.fake.callsTo('setMyCommands');
    expect(zh?.params.language_code).toBeUndefined();
    expect((zh?.params.commands as Array<{ command: string }>).map((c) => c.command)).toEqual(['start', 'help', 'status', 'cancel', 'lang']);
    expect(en?.params.language_code).toBe('en');
  });

  it('delivers updates in order, advances the offset past each, and asks only for messages and button presses', async () => {
    await pollingHarness();
    await h.channel.start();
    h.fake.pushUpdates(
      privateText('第一条', { updateId: 800_001 }),
      callbackQuery('menu:return', MERCHANT.id, 12, { updateId: 800_002 }),
      privateText('/status@after_sales_test_bot', { updateId: 800_003 }),
    );
    await vi.waitFor(() => expect(h.sink.events).toHaveLength(3));
    expect(h.sink.events.map((e) => [e.deliveryId, e.kind, e.text ?? e.actionId])).toEqual([
      ['800001', 'message', '第一条'],
      ['800002', 'action', 'menu:return'],
      ['800003', 'message', '/status'],
    ]);
    await vi.waitFor(() => expect(h.fake.callsTo('getUpdates').at(-1)?.params.offset).toBe(800_004));
    expect(h.channel.pollingOffset).toBe(800_004);
    const polls = h.fake.callsTo('getUpdates');
    expect(polls[0]?.params).toMatchObject({ offset: 0, timeout: 30, allowed_updates: ['message', 'callback_query'] });
    const offsets = polls.map((c) => Number(c.params.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    await h.channel.settled();
    expect(h.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
  });

  it('skips ignored updates but moves past them', async () => {
    await pollingHarness();
    await h.channel.start();
    h.fake.pushUpdates({ update_id: 800_010, my_chat_member: {} }, privateText('之后', { updateId: 800_011 }));
    await vi.waitFor(() => expect(h.sink.events.map((e) => e.deliveryId)).toEqual(['800011']));
    await vi.waitFor(() => expect(h.channel.pollingOffset).toBe(800_012));
  });

  it('fetches an update again until the sink takes it, without skipping it', async () => {
    await pollingHarness();
    h.sink.failWith = new CodedError('service.unavailable', 'database down');
    await h.channel.start();
    h.fake.pushUpdates(privateText('先失败后成功', { updateId: 800_020 }), privateText('第二条', { updateId: 800_021 }));
    await vi.waitFor(() => expect(h.fake.callsTo('getUpdates').filter((c) => c.params.offset === 0).length).toBeGreaterThanOrEqual(3));
    expect(h.sink.events).toHaveLength(0);
    h.sink.failWith = null;
    await vi.waitFor(() => expect(h.sink.events.map((e) => e.deliveryId)).toEqual(['800020', '800021']));
  });

  it('backs off and keeps going when getUpdates fails (a webhook still set answers 409)', async () => {
    await pollingHarness();
    h.fake.failNext('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
    h.fake.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
    await h.channel.start();
    h.fake.pushUpdates(privateText('恢复后', { updateId: 800_030 }));
    await vi.waitFor(() => expect(h.sink.events).toHaveLength(1));
    expect(h.fake.callsTo('getUpdates').slice(0, 2).map((c) => c.status)).toEqual([409, 502]);
    expect(h.logs.lines()).toContain('getUpdates failed');
  });

  it('stop() ends a pending long poll at once', async () => {
    await pollingHarness(60_000);
    await h.channel.start();
    await vi.waitFor(() => expect(h.fake.callsTo('getUpdates')).toHaveLength(1));
    // The fake would hold this poll for a minute; stop() must abort it (the test times out otherwise).
    await h.channel.stop();
    const polls = h.fake.callsTo('getUpdates').length;
    h.fake.pushUpdates(privateText('停止之后', { updateId: 800_040 }));
    await h.channel.settled();
    expect(h.fake.callsTo('getUpdates')).toHaveLength(polls);
    expect(h.sink.events).toHaveLength(0);
  }, 20_000);
});
