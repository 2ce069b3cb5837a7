import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/store/desk-store.ts';
import { QUEUE_STATES } from '../../src/http/metrics.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { startFakeTelegramApi, type FakeTelegramApi, type StoredMessage } from '../support/fake-telegram-api.ts';
import { png } from '../support/images.ts';
import { callbackQuery, groupReply, MANAGER_CHAT_ID, MERCHANT, photoWithCaption, privateText, STAFF_CHAT_ID, STAFF_MEMBER } from '../support/telegram-updates.ts';

const SECRET = 'flow_Secret-0123456789';
const MERCHANT_CHAT = String(MERCHANT.id);
const STAFF_CHAT = String(STAFF_CHAT_ID);
const MANAGER_CHAT = String(MANAGER_CHAT_ID);

interface Button {
  text: string;
  callback_data: string;
}

function buttonsOf(message: StoredMessage | undefined): Button[] {
  const markup = message?.replyMarkup as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

// The whole bot (console, queue, pipeline, outbox) with Telegram switched on against a fake Bot API
// (a real HTTP server). Merchant and staff talk only through Telegram updates posted to our webhook.
describe('Telegram: a return from the merchant chat to the staff group and back', () => {
  let fake: FakeTelegramApi;
  let t: TestApp;

  const post = async (update: unknown) =>
    fetch(`${t.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });

  async function waitForMessage(chatId: string, match: (m: StoredMessage) => boolean, what: string): Promise<StoredMessage> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = fake.messagesIn(chatId).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no message in ${chatId}: ${what}; saw ${JSON.stringify(fake.messagesIn(chatId).map((m) => m.text ?? m.caption))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const textHas = (needle: string) => (m: StoredMessage) => (m.text ?? '').includes(needle);

  async function say(text: string, expectReply: string): Promise<StoredMessage> {
    const before = fake.messagesIn(MERCHANT_CHAT).length;
    expect((await post(privateText(text))).status).toBe(200);
    return waitForMessage(MERCHANT_CHAT, (m) => fake.messagesIn(MERCHANT_CHAT).indexOf(m) >= before && (m.text ?? '').includes(expectReply), expectReply);
  }

  beforeAll(async () => {
    fake = await startFakeTelegramApi();
    t = await startTestApp({
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_STAFF_CHAT_ID: STAFF_CHAT,
        TELEGRAM_MANAGER_CHAT_ID: MANAGER_CHAT,
        TELEGRAM_API_ROOT: fake.apiRoot,
      },
    });
    await addStaff(t.app.prisma, { platform: 'telegram', workspace: fake.botId, externalUserId: String(STAFF_MEMBER.id), name: 'Li Na', role: 'staff', lang: 'zh-CN' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('takes the return, puts a card on the staff desk, and tells the merchant every staff step', async () => {
    await say('我要退货', '请提供订单号');
    await say('SO20261120-001', '是哪件商品');
    await say('运动鞋 42码', '涉及几件');
    await say('1双', '哪天收到货');
    await say('昨天', '退货原因');
    const summary = await say('尺码偏小', '请核对您的退货申请');
    const confirm = buttonsOf(summary).find((b) => b.callback_data.startsWith('flow:confirm:'));
    expect(confirm, 'the summary carries a confirm button').toBeDefined();
    // Telegram redelivers: the same press five times is one case and one reply.
    const press = callbackQuery(confirm!.callback_data, MERCHANT.id, summary.messageId);
    for (let i = 0; i < 5; i++) expect((await post(press)).status).toBe(200);
    const opened = await waitForMessage(MERCHANT_CHAT, textHas('退货申请编号为'), 'case opened');
    const number = /RT-\d{8}-\d{4}/.exec(opened.text ?? '')?.[0];
    expect(number).toBeDefined();
    expect(await t.app.prisma.case.count()).toBe(1);
    expect(fake.messagesIn(MERCHANT_CHAT).filter((m) => (m.text ?? '').includes('退货申请编号为'))).toHaveLength(1);

    // The staff group gets the case card with the steps the state table allows now (3.2.2).
    const card = await waitForMessage(STAFF_CHAT, (m) => (m.text ?? '').includes(number!), 'staff card');
    expect(card.text).toContain('SO20261120-001');
    expect(buttonsOf(card).map((b) => b.text)).toEqual(expect.arrayContaining(['认领', '审核通过', '驳回']));
    // Managers see no case card (their group may hold the daily summary, posted at start after 09:00).
    expect(fake.messagesIn(MANAGER_CHAT).filter((m) => (m.text ?? '').includes(number!))).toHaveLength(0);

    // Staff approve from the card: the merchant is told (3.2.2), the card is updated in place
    // (presses by people who are not staff: test/security/desk-access.test.ts).
    const approve = buttonsOf(card).find((b) => b.callback_data.includes('approve'))!;
    expect((await post(callbackQuery(approve.callback_data, STAFF_CHAT_ID, card.messageId))).status).toBe(200);
    await waitForMessage(MERCHANT_CHAT, textHas('已通过审核'), 'approval notice');
    const updated = await waitForMessage(STAFF_CHAT, (m) => m.messageId === card.messageId && buttonsOf(m).some((b) => b.callback_data.includes('giveReturnAddress')), 'card updated');

    // The return address is asked for in the group (Telegram has no modals) and reaches the merchant (3.2.3).
    const give = buttonsOf(updated).find((b) => b.callback_data.includes('giveReturnAddress'))!;
    await post(callbackQuery(give.callback_data, STAFF_CHAT_ID, card.messageId));
    const ask = await waitForMessage(STAFF_CHAT, textHas('退货地址'), 'address asked');
    await post(groupReply('上海市浦东新区张江路 88 号 售后仓 王师傅 021-5555', STAFF_CHAT_ID, ask.messageId));
    await waitForMessage(MERCHANT_CHAT, textHas('张江路 88 号'), 'address to merchant');

    // A staff reply under the case card reaches the merchant.
    await post(groupReply('您好，包装请保留好', STAFF_CHAT_ID, card.messageId, { messageId: 777 }));
    await waitForMessage(MERCHANT_CHAT, textHas('包装请保留好'), 'relayed staff message');

    // The merchant ships the goods and sends the waybill number: it goes on the case (3.2.3).
    await say('已经寄回了，顺丰 SF1234567890123', '已记下');

    // Goods received, then refunded (3.2.4): the merchant hears both.
    const received = await waitForMessage(STAFF_CHAT, (m) => m.messageId === card.messageId && buttonsOf(m).some((b) => b.callback_data.includes('markGoodsReceived')), 'receive button');
    await post(callbackQuery(buttonsOf(received).find((b) => b.callback_data.includes('markGoodsReceived'))!.callback_data, STAFF_CHAT_ID, card.messageId));
    await waitForMessage(MERCHANT_CHAT, textHas('已收到您寄回的商品'), 'goods received notice');
    const refundable = await waitForMessage(STAFF_CHAT, (m) => m.messageId === card.messageId && buttonsOf(m).some((b) => b.callback_data.includes('refund')), 'refund button');
    await post(callbackQuery(buttonsOf(refundable).find((b) => b.callback_data.includes('refund'))!.callback_data, STAFF_CHAT_ID, card.messageId));
    await waitForMessage(MERCHANT_CHAT, textHas('已完成退款'), 'refund notice');

    const stored = await t.app.prisma.case.findFirstOrThrow({ include: { events: { orderBy: { id: 'asc' } } } });
    expect(stored.status).toBe('refunded');
    expect(stored.returnAddress).toContain('张江路');
    expect(stored.trackingNumber).toBe('SF1234567890123');
    expect(stored.events.map((e) => e.kind)).toEqual(['open', 'approve', 'giveReturnAddress', 'staff_message', 'markShipped', 'markGoodsReceived', 'refund']);
    // Every message the flow wrote is delivered (the last card update may still be on its way).
    await expect.poll(() => t.app.prisma.outboundMessage.count({ where: { status: { not: 'delivered' } } }), { timeout: 30_000 }).toBe(0);
  });

  // A photo's caption counts like any message text: at the photo step it is a detail added to the description.
  it.each([
    ['zh', 70_000_011, '订单2026112012345 保温杯1个 杯口裂了', '请发送问题照片', '杯底也有一道裂缝，倒水会渗', '已收到 1 张照片', '已记下'],
    ['en', 70_000_012, 'order 88812345: 1 mug arrived cracked at the rim', 'Please send photos', 'the handle is loose too, it wobbles', 'Received 1 photo', 'Noted'],
  ])('%s: a photo with a caption at the photo step: the photo is kept and the caption joins the description', async (_lang, id, opening, photoQuestion, caption, received, noted) => {
    const from = { ...MERCHANT, id, username: `shop_${id}` };
    const chatId = String(id);
    expect((await post(privateText(opening, { from }))).status).toBe(200);
    await waitForMessage(chatId, textHas(photoQuestion), 'the photo question');
    const before = fake.messagesIn(chatId).length;
    expect((await post(photoWithCaption(caption, { from, fileId: fake.addFile(png()) }))).status).toBe(200);
    const answered = (needle: string) => (m: StoredMessage) => fake.messagesIn(chatId).indexOf(m) >= before && textHas(needle)(m);
    await waitForMessage(chatId, answered(received), 'the photo received');
    await waitForMessage(chatId, answered(noted), 'the caption noted');

    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    const draft = (chat.state as { draft?: { awaiting: string; fields: { description?: string; photos: unknown[] } } }).draft;
    expect(draft?.fields.description).toContain(caption);
    expect(draft?.fields.photos).toHaveLength(1);
    expect(draft?.awaiting).not.toBe('photos');
  });

  it('delivers every reply in order per chat while the Bot API answers 10% of calls 429 with retry_after', async () => {
    const merchants = [70_000_001, 70_000_002].map((id) => ({ ...MERCHANT, id, username: `shop_${id}` }));
    fake.rateLimit(0.1, 1, ['sendMessage']);
    try {
      const texts = ['帮助', '我的售后', '你好', 'English', 'help', '中文', '退货运费谁出？', 'status'];
      for (const text of texts) {
        for (const from of merchants) expect((await post(privateText(text, { from }))).status).toBe(200);
      }
      const chats = await t.app.prisma.chat.findMany({ where: { externalChatId: { in: merchants.map((m) => String(m.id)) } }, select: { id: true, externalChatId: true } });
      expect(chats).toHaveLength(2);
      await expect
        .poll(async () => t.app.prisma.outboundMessage.count({ where: { chatId: { in: chats.map((c) => c.id) }, status: { not: 'delivered' } } }), { timeout: 60_000, interval: 250 })
        .toBe(0);
      expect(fake.callsTo('sendMessage').some((c) => c.status === 429), 'the fake did rate-limit').toBe(true);
      for (const chat of chats) {
        const stored = await t.app.prisma.outboundMessage.findMany({ where: { chatId: chat.id }, orderBy: [{ createdAt: 'asc' }, { inboundId: 'asc' }, { seq: 'asc' }], select: { text: true } });
        const seen = fake.messagesIn(chat.externalChatId).map((m) => m.text);
        // Long texts may be split in several messages: compare by the start of each stored reply.
        const starts = stored.map((r) => r.text.slice(0, 40));
        const delivered = seen.filter((text) => starts.some((start) => (text ?? '').startsWith(start)));
        expect(delivered.map((text) => (text ?? '').slice(0, 40))).toEqual(starts);
      }
    } finally {
      fake.rateLimit(0, 0);
    }
  });

  it('reports the depth of its delivery queue beside the inbound one in /metrics', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    for (const state of QUEUE_STATES) expect(sampleValue(text, 'intake_queue_jobs', { queue: 'deliver-telegram', state }), state).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, 'intake_queue_jobs', { queue: 'deliver-telegram', state: 'completed' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'intake_queue_jobs', { queue: 'inbound', state: 'completed' })).toBeGreaterThan(0);
  });
});
