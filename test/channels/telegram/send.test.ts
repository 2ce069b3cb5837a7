import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseCard, OutboundEnvelope } from '../../../src/contracts/channel.ts';
import { DeliveryError } from '../../../src/errors.ts';
import { MERCHANT, STAFF_CHAT_ID } from '../../support/telegram-updates.ts';
import { telegramHarness, type TelegramHarness } from '../../support/telegram-harness.ts';

const merchantChat = String(MERCHANT.id);
const staffChat = String(STAFF_CHAT_ID);
let h: TelegramHarness;
let seq = 0;

function envelope(over: Partial<OutboundEnvelope> = {}): OutboundEnvelope {
  seq += 1;
  return { id: `out-${seq}`, address: { platform: 'telegram', workspace: h.channel.botId, externalChatId: merchantChat }, lang: 'zh-CN', text: '好的', ...over };
}

const card: CaseCard = {
  caseNumber: 'RT-20261124-0007',
  title: '退货申请 <加急> & 待审核',
  fields: [
    { label: '商家', value: '王小明 <wangxm_shop>' },
    { label: '订单号', value: 'DD20261120-8812' },
    { label: '原因', value: '杯子碎了 & 盒子压坏 <b>not bold</b>' },
  ],
  deadline: '审核截止 11月26日 18:00（剩 2 个工作日）',
  photos: [{ platformFileId: 'AgACAgUAAxkBAAIC3photo' }, { url: '/api/console/uploads/abc.jpg' }, { platformFileId: 'AgACAgUAAxkBAAIC4photo' }],
};

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

beforeEach(async () => {
  h = await telegramHarness();
});
afterEach(async () => {
  await h.close();
});

describe('TelegramChannel.send', () => {
  it('sends a merchant reply as plain text (no parse mode, no escaping) with an inline keyboard', async () => {
    const longId = `case:cancel-yes:RT-20261124-0007:${'confirm'.repeat(6)}`;
    const result = await h.channel.send(envelope({
      text: '请选择服务 <订单 #12> & 其他',
      buttons: [
        { id: 'menu:quality', label: '质量问题' }, { id: 'menu:return', label: '退货' }, { id: 'menu:exchange', label: '换货' },
        { id: 'menu:status', label: '我的申请' }, { id: longId, label: '确认取消' },
      ],
    }));
    const [call] = h.fake.callsTo('sendMessage');
    expect(call?.params).toMatchObject({ chat_id: merchantChat, text: '请选择服务 <订单 #12> & 其他' });
    expect(call?.params.parse_mode).toBeUndefined();
    const rows = (call?.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    expect(rows.map((row) => row.map((b) => b.text))).toEqual([['质量问题', '退货', '换货'], ['我的申请', '确认取消']]);
    expect(rows[1]?.[1]?.callback_data).toBe('~k1');
    expect(h.tokens.stored.get('k1')?.actionId).toBe(longId);
    expect(result).toEqual({ platformMessageId: '1' });
  });

  it('splits a long reply, with the buttons only on the last part, and returns the last message id', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `${i + 1}. 退货商品需保持完好，包装齐全，请在 7 个工作日内寄回。`).join('\n');
    const result = await h.channel.send(envelope({ text, buttons: [{ id: 'menu:help', label: '帮助' }] }));
    const sends = h.fake.callsTo('sendMessage');
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.map((c) => c.params.reply_markup === undefined)).toEqual([...sends.slice(1).map(() => true), false]);
    expect(sends.map((c) => String(c.params.text)).join('\n')).toBe(text);
    expect(result.platformMessageId).toBe(String(sends.length));
  });

  it('sends a card: photos first as an album (URLs on our server made absolute), then escaped HTML', async () => {
    const result = await h.channel.send(envelope({ address: { platform: 'telegram', workspace: h.channel.botId, externalChatId: staffChat }, text: '新的退货申请', card, buttons: [{ id: 'staff:approve:RT-20261124-0007', label: '通过' }] }));
    expect(h.fake.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMessage']);
    const media = h.fake.callsTo('sendMediaGroup')[0]?.params.media as Array<{ media: string; caption?: string }>;
    expect(media.map((m) => m.media)).toEqual(['AgACAgUAAxkBAAIC3photo', 'https://bot.example.com/api/console/uploads/abc.jpg', 'AgACAgUAAxkBAAIC4photo']);
    expect(media[0]?.caption).toBe('RT-20261124-0007');
    const html = h.fake.callsTo('sendMessage')[0]?.params;
    expect(html?.parse_mode).toBe('HTML');
    expect(html?.text).toBe([
      '<b>退货申请 &lt;加急&gt; &amp; 待审核</b>',
      '<code>RT-20261124-0007</code>',
      '',
      '<b>商家</b>: 王小明 &lt;wangxm_shop&gt;',
      '<b>订单号</b>: DD20261120-8812',
      '<b>原因</b>: 杯子碎了 &amp; 盒子压坏 &lt;b&gt;not bold&lt;/b&gt;',
      '',
      '⏰ 审核截止 11月26日 18:00（剩 2 个工作日）',
      '',
      '新的退货申请',
    ].join('\n'));
    // Three album photos took ids 1-3; the card is message 4.
    expect(result.platformMessageId).toBe('4');
  });

  it('sends a single card photo with sendPhoto, and still sends the card when Telegram refuses the photo', async () => {
    await h.channel.send(envelope({ text: '', card: { ...card, photos: [{ platformFileId: 'AgAC-one' }] } }));
    expect(h.fake.calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    h.fake.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    await h.channel.send(envelope({ text: '', card: { ...card, photos: [{ platformFileId: 'AgAC-bad' }] } }));
    expect(h.fake.calls.map((c) => c.method).slice(2)).toEqual(['sendPhoto', 'sendMessage']);
    expect(h.logs.lines()).toContain('card photos refused');
  });

  it('threads a reply under an earlier message (first part only; sent even if that message is gone)', async () => {
    const first = await h.channel.send(envelope({ text: '案件卡片' }));
    await h.channel.send(envelope({ text: `${'回复'.repeat(2100)}\n\n结尾`, threadOf: first.platformMessageId }));
    const [, a, b] = h.fake.callsTo('sendMessage');
    expect(a?.params.reply_parameters).toEqual({ message_id: 1, allow_sending_without_reply: true });
    expect(b?.params.reply_parameters).toBeUndefined();
    expect(h.fake.message(merchantChat, 2)?.replyTo).toBe(1);
    await h.channel.send(envelope({ text: '原消息已删除', threadOf: '999' }));
    expect(h.fake.callsTo('sendMessage').at(-1)?.status).toBe(200);
  });

  it('replaces an earlier message by editing it; an unchanged edit counts as done', async () => {
    const sent = await h.channel.send(envelope({ text: '审核中', buttons: [{ id: 'staff:approve:X', label: '通过' }] }));
    const edited = await h.channel.send(envelope({ text: '已通过 ✅', replaces: sent.platformMessageId }));
    expect(edited).toEqual({ platformMessageId: sent.platformMessageId });
    expect(h.fake.message(merchantChat, 1)?.text).toBe('已通过 ✅');
    expect(h.fake.message(merchantChat, 1)?.replyMarkup).toBeUndefined();
    const again = await h.channel.send(envelope({ text: '已通过 ✅', replaces: sent.platformMessageId }));
    expect(h.fake.callsTo('editMessageText').map((c) => c.status)).toEqual([200, 400]);
    expect(again).toEqual({ platformMessageId: sent.platformMessageId });
    expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
  });

  it('maps 429 to delivery.rate_limited with retry_after in milliseconds', async () => {
    h.fake.rateLimit(1, 7);
    const error = await rejection(h.channel.send(envelope()));
    expect(error).toMatchObject({ code: 'delivery.rate_limited', retryAfterMs: 7000 });
  });

  it('delivers everything when half the calls are rate limited and the caller retries after retry_after', async () => {
    h.fake.rateLimit(0.5, 3);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      for (;;) {
        try {
          await h.channel.send(envelope({ text: `第 ${i} 条` }));
          break;
        } catch (error) {
          if (!(error instanceof DeliveryError) || error.code !== 'delivery.rate_limited') throw error;
          waits.push(error.retryAfterMs ?? 0);
        }
      }
    }
    // Every second call is refused: the first send goes through, each later one on its retry.
    expect(waits).toEqual([3000, 3000, 3000, 3000, 3000]);
    expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([200, 429, 200, 429, 200, 429, 200, 429, 200, 429, 200]);
    expect(h.fake.messagesIn(merchantChat).map((m) => m.text)).toEqual(['第 0 条', '第 1 条', '第 2 条', '第 3 条', '第 4 条', '第 5 条']);
  });

  it('a retry after a failure midway resumes after the parts already delivered (no duplicates)', async () => {
    const text = Array.from({ length: 3 }, (_, i) => `第${i + 1}部分：${'说明'.repeat(1500)}`).join('\n\n');
    const msg = envelope({ text, buttons: [{ id: 'menu:help', label: '帮助' }] });
    h.fake.rateLimit(0.5, 1, ['sendMessage']);
    let attempts = 0;
    let result;
    while (attempts < 10) {
      attempts += 1;
      try {
        result = await h.channel.send(msg);
        break;
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.code !== 'delivery.rate_limited') throw error;
      }
    }
    expect(attempts).toBe(3);
    const shown = h.fake.messagesIn(merchantChat);
    expect(shown.map((m) => m.text?.slice(0, 4))).toEqual(['第1部分', '第2部分', '第3部分']);
    expect(shown.map((m) => m.replyMarkup !== undefined)).toEqual([false, false, true]);
    expect(result).toEqual({ platformMessageId: '3' });
  });

  it('splits a long card into several messages of valid HTML (tags and entities never cut)', async () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `备注 ${i} <内部>`, value: `A&B <x> ${'细节&'.repeat(200)}` }));
    const result = await h.channel.send(envelope({ text: '详情', card: { ...card, photos: [], fields }, buttons: [{ id: 'staff:approve:X', label: '通过' }] }));
    const sends = h.fake.callsTo('sendMessage');
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.every((c) => c.status === 200 && c.params.parse_mode === 'HTML')).toBe(true);
    expect(sends.map((c) => c.params.reply_markup !== undefined)).toEqual([...sends.slice(1).map(() => false), true]);
    expect(result.platformMessageId).toBe(String(sends.length));
  });

  it('replaces a card by editing it as HTML, keeping its buttons', async () => {
    const staff = { platform: 'telegram' as const, workspace: h.channel.botId, externalChatId: staffChat };
    const sent = await h.channel.send(envelope({ address: staff, text: '', card: { ...card, photos: [] }, buttons: [{ id: 'staff:approve:X', label: '通过' }] }));
    await h.channel.send(envelope({ address: staff, text: '', card: { ...card, photos: [], title: '退货申请 已通过' }, buttons: [{ id: 'staff:close:X', label: '结案' }], replaces: sent.platformMessageId }));
    const edit = h.fake.callsTo('editMessageText')[0];
    expect(edit?.status).toBe(200);
    expect(edit?.params).toMatchObject({ chat_id: staffChat, message_id: Number(sent.platformMessageId), parse_mode: 'HTML' });
    expect(h.fake.message(staffChat, Number(sent.platformMessageId))?.text?.startsWith('<b>退货申请 已通过</b>')).toBe(true);
  });

  it('maps a blocked bot (403) and a missing chat (400) to delivery.rejected', async () => {
    h.fake.block(merchantChat);
    expect(await rejection(h.channel.send(envelope()))).toMatchObject({ code: 'delivery.rejected' });
    h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect(await rejection(h.channel.send(envelope({ address: { platform: 'telegram', workspace: h.channel.botId, externalChatId: '42' } })))).toMatchObject({ code: 'delivery.rejected' });
  });

  it('maps 5xx and an unreachable API to delivery.failed, never quoting the token', async () => {
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await rejection(h.channel.send(envelope()))).toMatchObject({ code: 'delivery.failed' });
    await h.fake.close();
    const error = await rejection(h.channel.send(envelope()));
    expect(error.code).toBe('delivery.failed');
    expect(`${error.message} ${String(error.cause)}`).not.toContain(h.fake.token);
    expect(h.logs.lines()).not.toContain(h.fake.token);
  });

  it('refuses an empty text and a non-Telegram address without calling Telegram', async () => {
    expect(await rejection(h.channel.send(envelope({ text: ' \n ' })))).toMatchObject({ code: 'delivery.rejected' });
    expect(await rejection(h.channel.send(envelope({ address: { platform: 'slack', workspace: 'T1', externalChatId: 'C1' } })))).toMatchObject({ code: 'delivery.rejected' });
    expect(h.fake.calls).toHaveLength(0);
  });
});
