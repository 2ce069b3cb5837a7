import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/slack-channel.ts';
import type { OutboundEnvelope } from '../../../src/contracts/channel.ts';
import { CodedError, DeliveryError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/log.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { BOT_TOKEN, MemoryTokens, rejection, MERCHANT_DM, RecordingSink, SIGNING_SECRET, STAFF, TEAM } from './slack-fixtures.ts';

let api: FakeSlackApi;
let channel: SlackChannel;
let tokens: MemoryTokens;

beforeEach(async () => {
  api = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
  tokens = new MemoryTokens();
  channel = createSlackChannel({
    botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, staffChannel: STAFF, apiUrl: api.apiUrl,
    sink: new RecordingSink(), tokens, log: createLogger('silent'),
  });
});
afterEach(() => api.close());

const dm = { platform: 'slack', workspace: TEAM, externalChatId: MERCHANT_DM } as const;
const staff = { platform: 'slack', workspace: TEAM, externalChatId: STAFF } as const;
const envelope = (over: Partial<OutboundEnvelope>): OutboundEnvelope => ({ id: 'out-1', address: dm, lang: 'zh-CN', text: '', ...over });

describe('SlackChannel.send against a fake Web API', () => {
  it('start() learns the workspace id with auth.test; staffChat carries it', async () => {
    await channel.start();
    expect(channel.staffChat).toEqual(staff);
    expect(channel.managerChat).toBeNull();
    expect(api.callsOf('auth.test')[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('a reply with buttons: one chat.postMessage to the IM channel, blocks with the buttons, fallback text, ts returned', async () => {
    const result = await channel.send(envelope({ text: '请确认：退货 1 件 <杯子>', buttons: [{ id: 'flow:confirm:1', label: '确认' }, { id: 'flow:edit', label: '修改' }] }));
    const [call] = api.callsOf('chat.postMessage');
    expect(result.platformMessageId).toBe('1764000000.000001');
    expect(call?.args).toMatchObject({ channel: MERCHANT_DM, text: '请确认：退货 1 件 &lt;杯子&gt;' });
    expect(call?.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '请确认：退货 1 件 &lt;杯子&gt;' } },
      { type: 'actions', elements: [
        { type: 'button', action_id: 'flow:confirm:1', text: { type: 'plain_text', text: '确认', emoji: true }, style: 'primary' },
        { type: 'button', action_id: 'flow:edit', text: { type: 'plain_text', text: '修改', emoji: true } },
      ] },
    ]);
  });

  it('a very long reply is split over several messages, in order, the first ts returned', async () => {
    const text = '关于退货政策的详细说明，请仔细阅读。\n'.repeat(9000);
    const result = await channel.send(envelope({ text, buttons: [{ id: 'menu:help', label: '帮助' }] }));
    const calls = api.callsOf('chat.postMessage');
    expect(calls.length).toBe(2);
    expect((calls[0]?.args.blocks as unknown[]).length).toBe(50);
    expect(result.platformMessageId).toBe('1764000000.000001');
    const lastBlocks = calls[1]?.args.blocks as Array<{ type: string }>;
    expect(lastBlocks.at(-1)?.type).toBe('actions');
  });

  it('a card to the staff channel: header, fields, deadline, Slack photo, buttons with a form spec', async () => {
    await channel.send(envelope({
      address: staff, text: '新的退货申请',
      card: { caseNumber: 'R-20251125-0001', title: '退货 · 小林杂货', deadline: '审核截止 11月30日 18:00', fields: [{ label: '订单号', value: '2025112012345' }], photos: [{ platformFileId: 'F0PHOTO01', fileName: 'IMG_2041.HEIC' }] },
      buttons: [{ id: 'staff:approve:R-20251125-0001', label: '通过' }, { id: 'staff:reject:R-20251125-0001', label: '拒绝', form: { title: '拒绝原因', fields: [{ name: 'reason', label: '原因', multiline: true }] } }],
    }));
    const blocks = api.callsOf('chat.postMessage')[0]?.args.blocks as Array<Record<string, unknown>>;
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'image', 'section', 'actions']);
    const buttons = blocks[5]?.elements as Array<Record<string, unknown>>;
    expect(buttons[0]).toMatchObject({ action_id: 'staff:approve:R-20251125-0001', style: 'primary' });
    expect(String(buttons[1]?.value)).toMatch(/^form1:/);
  });

  it('a threaded reply posts with thread_ts; a replaced card goes through chat.update', async () => {
    await channel.send(envelope({ address: staff, text: '商户已补充照片', threadOf: '1764000000.000200' }));
    const replaced = await channel.send(envelope({ id: 'out-2', address: staff, text: '已通过', replaces: '1764000000.000200' }));
    expect(api.callsOf('chat.postMessage')[0]?.args).toMatchObject({ channel: STAFF, thread_ts: '1764000000.000200' });
    expect(api.callsOf('chat.update')[0]?.args).toMatchObject({ channel: STAFF, ts: '1764000000.000200', text: '已通过' });
    expect(replaced.platformMessageId).toBe('1764000000.000200');
  });

  it('a button id longer than Slack allows is sent as a short token from the token store', async () => {
    const long = `staff:note:${'x'.repeat(300)}`;
    await channel.send(envelope({ text: 'x', buttons: [{ id: long, label: '备注' }] }));
    const blocks = api.callsOf('chat.postMessage')[0]?.args.blocks as Array<{ elements?: Array<{ action_id: string }> }>;
    const actionId = blocks[1]?.elements?.[0]?.action_id ?? '';
    expect(actionId).toMatch(/^tok:/);
    expect(await tokens.expand(actionId.slice(4))).toBe(long);
  });

  it('HTTP 429 with Retry-After becomes delivery.rate_limited with retryAfterMs; the client does not retry by itself', async () => {
    api.rateLimitFraction(1, 7);
    const error = await rejection(channel.send(envelope({ text: '你好' })));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'delivery.rate_limited', retryAfterMs: 7000 });
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('with half the calls rate limited, retrying each envelope as the outbox would delivers every part exactly once', async () => {
    api.rateLimitFraction(0.5, 1);
    const message = envelope({ text: Array.from({ length: 20_000 }, (_, i) => `第${i}条说明。`).join('\n') });
    let attempts = 0;
    while (attempts < 10) {
      attempts += 1;
      try {
        await channel.send(message);
        break;
      } catch (error) {
        expect(error).toMatchObject({ code: 'delivery.rate_limited' });
      }
    }
    const delivered = api.callsOf('chat.postMessage').filter((c) => c.status === 200);
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(10);
    expect(api.callsOf('chat.postMessage').some((c) => c.status === 429)).toBe(true);
    expect(delivered).toHaveLength(2);
    expect(delivered[0]?.args.text).not.toEqual(delivered[1]?.args.text);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive'])('platform error %s becomes delivery.rejected', async (code) => {
    api.refusedChannels.set(MERCHANT_DM, code);
    expect(await rejection(channel.send(envelope({ text: '你好' })))).toMatchObject({ code: 'delivery.rejected' });
  });

  it('a wrong token (invalid_auth) is rejected; Slack being unreachable is delivery.failed', async () => {
    const wrong = createSlackChannel({ botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl, sink: new RecordingSink(), tokens, log: createLogger('silent') });
    expect(await rejection(wrong.send(envelope({ text: 'x' })))).toMatchObject({ code: 'delivery.rejected' });
    expect(await rejection(wrong.start())).toMatchObject({ code: 'delivery.rejected' });
    await api.close();
    expect(await rejection(channel.send(envelope({ text: 'x' })))).toMatchObject({ code: 'delivery.failed' });
    api = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  });
});

describe('SlackChannel.fetchFile', () => {
  it('downloads through files.info with the bot token', async () => {
    const bytes = Buffer.from('\xff\xd8\xff\xe0 fake jpeg', 'latin1');
    api.files.set('F0PHOTO01', { name: '破损.jpg', mimetype: 'image/jpeg', bytes });
    const file = await channel.fetchFile({ fileId: 'F0PHOTO01' }, 1024);
    expect(file).toEqual({ bytes, mimeType: 'image/jpeg' });
    expect(api.downloads).toEqual([{ fileId: 'F0PHOTO01', authorization: `Bearer ${BOT_TOKEN}` }]);
  });

  it('refuses past maxBytes: by the announced size without downloading, and by the bytes received when the size lied', async () => {
    api.files.set('F0BIG', { name: 'big.png', mimetype: 'image/png', bytes: Buffer.alloc(5000) });
    const announced = await rejection(channel.fetchFile({ fileId: 'F0BIG', sizeBytes: 5000 }, 4096));
    expect(announced).toBeInstanceOf(CodedError);
    expect(announced).toMatchObject({ code: 'file.too_large' });
    expect(await rejection(channel.fetchFile({ fileId: 'F0BIG' }, 4096))).toMatchObject({ code: 'file.too_large' });
    api.files.set('F0LIAR', { name: 'liar.png', mimetype: 'image/png', bytes: Buffer.alloc(5000), size: 10 });
    expect(await rejection(channel.fetchFile({ fileId: 'F0LIAR' }, 4096))).toMatchObject({ code: 'file.too_large' });
    expect(api.downloads.map((d) => d.fileId)).toEqual(['F0LIAR']);
  });

  it('a deleted file is rejected', async () => {
    expect(await rejection(channel.fetchFile({ fileId: 'F0GONE' }, 4096))).toMatchObject({ code: 'delivery.rejected' });
  });
});
