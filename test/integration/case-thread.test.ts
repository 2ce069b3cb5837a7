import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/store/desk-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeSlackApi, type FakeSlackCall, type FakeSlackUpload } from '../support/fake-slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi, type StoredMessage } from '../support/fake-telegram-api.ts';
import { png } from '../support/images.ts';
import { signedHeaders } from '../support/slack-signer.ts';
import { MERCHANT, privateText, STAFF_CHAT_ID } from '../support/telegram-updates.ts';
import { blockActions, BOT_TOKEN, dmMessage, eventCallback, SIGNING_SECRET, STAFF, TEAM } from '../channels/slack/slack-fixtures.ts';

// The case thread between a merchant and the staff of their case, across platforms: the merchant
// writes on one platform, staff work on another. Which desk shows a case card is decided by
// configuration alone: every chat of kind `staff` gets it (app-messaging registers the staff chat
// each channel names: SLACK_STAFF_CHANNEL, TELEGRAM_STAFF_CHAT_ID, and always the console desk),
// so each block below turns on the staff chat of one platform only.

const SECRET = 'thread_Secret-0123456789';
const MERCHANT_CHAT = String(MERCHANT.id);
const STAFF_GROUP = String(STAFF_CHAT_ID);

async function until<T>(find: () => T | undefined | Promise<T | undefined>, what: string, seen: () => unknown = () => undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A merchant's Telegram photo whose file the fake Bot API serves. */
function telegramPhoto(fileId: string, updateId: number, caption?: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId % 100_000,
      from: MERCHANT,
      chat: { id: MERCHANT.id, type: 'private', first_name: MERCHANT.first_name },
      date: Math.floor(Date.now() / 1000),
      photo: [{ file_id: fileId, file_unique_id: `u${updateId}`, file_size: 200, width: 1, height: 1 }],
      ...(caption ? { caption } : {}),
    },
  };
}

describe('merchant on Telegram, staff on Slack (TELEGRAM_STAFF_CHAT_ID unset, SLACK_STAFF_CHANNEL set)', () => {
  let telegram: FakeTelegramApi;
  let slack: FakeSlackApi;
  let t: TestApp;
  let updateId = 800_000_000;

  const postTelegram = (update: unknown) =>
    fetch(`${t.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  async function merchantSays(update: unknown, expectReply: string): Promise<StoredMessage> {
    const before = telegram.messagesIn(MERCHANT_CHAT).length;
    expect((await postTelegram(update)).status).toBe(200);
    return until(
      () => telegram.messagesIn(MERCHANT_CHAT).slice(before).find((m) => (m.text ?? '').includes(expectReply)),
      `merchant reply "${expectReply}"`,
      () => telegram.messagesIn(MERCHANT_CHAT).slice(before).map((m) => m.text),
    );
  }
  const say = (text: string, expectReply: string) => merchantSays(privateText(text, { updateId: ++updateId }), expectReply);
  const shared = (threadTs: string) => [...slack.uploads.values()].filter((u) => u.shared?.channel === STAFF && u.shared.threadTs === threadTs);

  beforeAll(async () => {
    telegram = await startFakeTelegramApi();
    slack = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
    t = await startTestApp({
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_STAFF_CHANNEL: STAFF,
        SLACK_API_URL: slack.apiUrl,
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
    await slack?.close();
  });

  it('uploads the photo of a quality report into the card thread on Slack, then relays later words and photos', async () => {
    const first = png('first photo');
    const firstId = telegram.addFile(first);
    await say('质量问题', '请提供订单号');
    await say('JD2026112008151', '是哪件商品');
    await say('保温杯', '涉及几件');
    await say('1', '问题属于哪一类');
    await say('破损', '请描述具体问题');
    await say('杯身有裂纹，倒水会漏', '请发送问题照片');
    // A photo closes the photo step as it arrives: the next question follows at once.
    await merchantSays(telegramPhoto(firstId, ++updateId), '您希望如何处理');
    await say('退款', '请核对您的质量问题报告');
    const opened = await say('确认', '质量问题报告编号为');
    const number = /QP-\d{8}-\d{4}/.exec(opened.text ?? '')![0];

    // The card is posted in the staff channel; the photo is uploaded into its thread, bytes intact.
    const cardRow = await until(
      async () => (await t.app.prisma.outboundMessage.findFirst({ where: { case: { number }, chat: { externalChatId: STAFF }, status: 'delivered', payload: { path: ['card', 'caseNumber'], equals: number } } })) ?? undefined,
      'card delivered to Slack',
    );
    const cardTs = cardRow.platformMessageId!;
    const upload: FakeSlackUpload = await until(() => shared(cardTs)[0], 'photo shared in the card thread');
    expect(upload.bytes?.equals(first)).toBe(true);
    expect(upload.uploadAuthorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(upload.shared?.initialComment).toContain(number);
    // No staff group on Telegram: nothing but the merchant's own replies went out there.
    expect(telegram.callsTo('sendPhoto')).toHaveLength(0);

    // Later words about the case reach the thread; the merchant is told where they went.
    await say('外包装我还留着', `已转给处理 ${number} 的工作人员`);
    const relayed: FakeSlackCall = await until(
      () => slack.callsOf('chat.postMessage').find((c) => c.args.channel === STAFF && c.args.thread_ts === cardTs && String(c.args.text).includes('外包装我还留着')),
      'merchant words in the card thread',
    );
    expect(String(relayed.args.text)).toContain(number);

    // A photo with no report open goes to the case too (it used to be refused).
    const second = png('second photo');
    await merchantSays(telegramPhoto(telegram.addFile(second), ++updateId), `已将 1 张照片转给处理 ${number}`);
    const later = await until(() => shared(cardTs).find((u) => u.bytes?.equals(second)), 'second photo shared in the card thread');
    expect(later.filename).toMatch(/\.(jpg|png)$/);

    const stored = await t.app.prisma.case.findFirstOrThrow({ where: { number }, include: { attachments: true, events: { orderBy: { id: 'asc' } } } });
    expect(stored.attachments).toHaveLength(2);
    expect(stored.events.map((e) => e.kind)).toEqual(['open', 'merchant_message', 'merchant_message']);
    // The event records that the merchant wrote, not what.
    expect(JSON.stringify(stored.events.map((e) => e.data))).not.toContain('外包装');
  });
});

describe('merchant on Slack, staff on Telegram (SLACK_STAFF_CHANNEL unset, TELEGRAM_STAFF_CHAT_ID set)', () => {
  let telegram: FakeTelegramApi;
  let slack: FakeSlackApi;
  let t: TestApp;
  let seq = 0;
  const now = () => Math.floor(Date.now() / 1000);

  const postSigned = (body: string, contentType?: string) => fetch(`${t.url}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, now(), body, contentType), body });
  const posted = (channel: string) => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.status === 200);
  const textOf = (call: FakeSlackCall) => `${String(call.args.text ?? '')}\n${JSON.stringify(call.args.blocks ?? [])}`;
  async function merchantSays(text: string, expectReply: string, o: { dm?: string; user?: string; files?: unknown[] } = {}): Promise<FakeSlackCall> {
    const dm = o.dm ?? 'D0MERCH01';
    const before = posted(dm).length;
    seq += 1;
    const event = dmMessage(text, { channel: dm, user: o.user ?? 'U0MERCH01', ts: `1764100${100 + seq}.000100`, client_msg_id: `c-${seq}`, ...(o.files ? { subtype: 'file_share', files: o.files } : {}) });
    expect((await postSigned(JSON.stringify(eventCallback(event, `EvT${seq}`)))).status).toBe(200);
    return until(
      () => posted(dm).slice(before).find((c) => textOf(c).includes(expectReply)),
      `merchant reply "${expectReply}"`,
      () => posted(dm).slice(before).map((c) => c.args.text),
    );
  }
  const groupMessages = () => telegram.messagesIn(STAFF_GROUP);

  beforeAll(async () => {
    telegram = await startFakeTelegramApi();
    slack = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
    t = await startTestApp({
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_STAFF_CHAT_ID: STAFF_GROUP,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
    });
    await addStaff(t.app.prisma, { platform: 'telegram', workspace: telegram.botId, externalUserId: '5550001', name: 'Li Na', role: 'staff', lang: 'en' });
  });
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
    await slack?.close();
  });

  async function reportQuality(photo: Buffer): Promise<string> {
    slack.files.set('F0PHOTO01', { name: 'crack.png', mimetype: 'image/png', bytes: photo });
    // The first message already gives the item, the problem and its description (issue #15).
    await merchantSays('The kettle I bought arrived broken', 'Noted: kettle');
    await merchantSays('AB-2026-1120-77', 'How many');
    await merchantSays('1', 'send photos');
    await merchantSays('', 'How would you like it resolved', { files: [{ id: 'F0PHOTO01', name: 'crack.png', mimetype: 'image/png', size: photo.length }] });
    await merchantSays('refund', 'check your quality report');
    const opened = await merchantSays('confirm', 'Your quality report number is');
    return /QP-\d{8}-\d{4}/.exec(textOf(opened))![0];
  }

  async function openReturn(): Promise<string> {
    await merchantSays('I want to return something', 'order number');
    await merchantSays('AB-778812', 'Which item');
    await merchantSays('ceramic mug', 'How many');
    await merchantSays('2', 'When did you receive');
    await merchantSays('yesterday', 'Why would you like');
    await merchantSays('changed my mind', 'check your return request');
    const opened = await merchantSays('confirm', 'Your return request number is');
    return /RT-\d{8}-\d{4}/.exec(textOf(opened))![0];
  }

  it('sends the photo of a Slack merchant to the Telegram staff group with sendPhoto, under the card', async () => {
    const photo = png('slack merchant photo');
    const number = await reportQuality(photo);
    const card = await until(() => groupMessages().find((m) => (m.text ?? '').includes(number)), 'card in the staff group');
    const sent = await until(() => groupMessages().find((m) => m.upload?.kind === 'photo'), 'photo uploaded to the staff group');
    expect(sent.upload?.bytes.equals(photo)).toBe(true);
    expect(sent.replyTo).toBe(card.messageId);
    expect(sent.caption).toContain(number);
    // The card does not send the same photo again by link.
    expect(telegram.callsTo('sendPhoto').filter((c) => typeof c.params.photo === 'string')).toHaveLength(0);
  });

  it('with two open cases asks which one; the pick posts the message under that card only', async () => {
    const quality = (await t.app.prisma.case.findFirstOrThrow({ where: { type: 'quality' } })).number;
    const ret = await openReturn();
    const returnCard = await until(() => groupMessages().find((m) => (m.text ?? '').includes(ret)), 'return card in the staff group');
    const before = groupMessages().length;

    const ask = await merchantSays('the box is still sealed', 'Which one is this about');
    const ids = (JSON.parse(JSON.stringify(ask.args.blocks ?? [])) as Array<{ type: string; elements?: Array<{ action_id: string }> }>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.action_id);
    expect(ids.sort()).toEqual([`case:post:${quality}`, `case:post:${ret}`].sort());
    // Nothing was guessed: no post in the group yet.
    expect(groupMessages().slice(before).some((m) => (m.text ?? '').includes('box is still sealed'))).toBe(false);

    const press = blockActions(`case:post:${ret}`, { channel: 'D0MERCH01', messageTs: '1764100999.000100', actionTs: '1764101000.000001' });
    const body = new URLSearchParams({ payload: JSON.stringify({ ...press, user: { id: 'U0MERCH01', username: 'shop', team_id: TEAM } }) }).toString();
    expect((await postSigned(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    const relayed = await until(() => groupMessages().find((m) => (m.text ?? '').includes('box is still sealed')), 'message in the return card thread');
    expect(relayed.replyTo).toBe(returnCard.messageId);
    expect(relayed.text).toContain(ret);
    await until(() => posted('D0MERCH01').find((c) => textOf(c).includes(`Passed to the staff handling ${ret}`)), 'merchant told');
    const events = await t.app.prisma.caseEvent.findMany({ where: { kind: 'merchant_message' }, include: { case: { select: { number: true } } } });
    expect(events.map((e) => e.case.number)).toEqual([ret]);
  });

  it("refuses another merchant's case number, and posts nothing", async () => {
    const quality = (await t.app.prisma.case.findFirstOrThrow({ where: { type: 'quality' } })).number;
    const before = groupMessages().length;
    await merchantSays(`${quality} I want to add something`, `No request numbered ${quality}`, { dm: 'D0OTHER01', user: 'U0OTHER01' });
    await new Promise((r) => setTimeout(r, 300));
    expect(groupMessages().slice(before).some((m) => (m.text ?? '').includes('add something'))).toBe(false);
    expect(await t.app.prisma.caseEvent.count({ where: { kind: 'merchant_message', case: { number: quality } } })).toBe(0);
  });
});
