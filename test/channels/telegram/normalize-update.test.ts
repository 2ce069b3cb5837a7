import { describe, expect, it } from 'vitest';
import { normalizeUpdate, type NormalizeContext } from '../../../src/channels/telegram/normalize-update.ts';
import { callbackQuery, DATE, groupReply, imageDocument, MANAGER_CHAT_ID, MERCHANT, myChatMember, photoWithCaption, privateText, STAFF_CHAT_ID, STAFF_MEMBER } from '../../support/telegram-updates.ts';
import { memoryActionTokens } from '../../support/telegram-doubles.ts';

const clock = new Date('2026-11-24T10:05:00Z');
const tokens = memoryActionTokens();
const ctx: NormalizeContext = {
  botId: '123456789',
  botUsername: 'after_sales_test_bot',
  staffChatId: String(STAFF_CHAT_ID),
  managerChatId: String(MANAGER_CHAT_ID),
  tokens,
  now: () => clock,
};
const merchantAddress = { platform: 'telegram', workspace: '123456789', externalChatId: String(MERCHANT.id) };

async function eventOf(update: unknown) {
  const result = await normalizeUpdate(update, ctx);
  if (result.event === null) throw new Error(`expected an event, got ${result.reason}`);
  return result.event;
}

async function reasonOf(update: unknown) {
  const result = await normalizeUpdate(update, ctx);
  return result.event === null ? result.reason : 'event';
}

describe('normalizeUpdate: messages merchants and staff send', () => {
  it('a merchant writing in Chinese with emoji', async () => {
    const update = privateText('你好👋 订单 DD20261120-8812 的杯子碎了😭，能退货吗？', { updateId: 900_100_001 });
    expect(await eventOf(update)).toEqual({
      deliveryId: '900100001',
      address: merchantAddress,
      surface: 'merchant',
      user: { externalUserId: String(MERCHANT.id), displayName: '王 小明', langTag: 'zh-hans' },
      kind: 'message',
      text: '你好👋 订单 DD20261120-8812 的杯子碎了😭，能退货吗？',
      receivedAt: new Date(DATE * 1000),
    });
  });

  it('a photo with a caption: the caption is the text, the largest size the file', async () => {
    const event = await eventOf(photoWithCaption('收到就是这样，盒子也压坏了'));
    expect(event.text).toBe('收到就是这样，盒子也压坏了');
    expect(event.files).toEqual([{ fileId: 'AgACAgUAAxkBAAIC3photo', mimeType: 'image/jpeg', sizeBytes: 121_907 }]);
  });

  it('a photo without a caption is still a message', async () => {
    const event = await eventOf(photoWithCaption(undefined));
    expect(event.text).toBeUndefined();
    expect(event.files).toHaveLength(1);
  });

  it.each([
    ['IMG_2041.HEIC', undefined],
    ['scan.png', 'image/png'],
    ['photo', 'image/webp'],
  ])('an image sent as a file (%s, %s) becomes a file', async (name, mime) => {
    const event = await eventOf(imageDocument(name, mime));
    expect(event.files?.[0]).toMatchObject({ fileId: 'BQACAgUAAxkBAAIDdoc', fileName: name, sizeBytes: 2_345_678 });
  });

  it('a PDF alone is ignored (no text, no image)', async () => {
    expect(await reasonOf(imageDocument('invoice.pdf', 'application/pdf'))).toBe('no_content');
  });

  it.each([
    ['/start', '/start'],
    ['/status@after_sales_test_bot', '/status'],
    ['/lang@After_Sales_Test_Bot en', '/lang en'],
    ['/cancel', '/cancel'],
  ])('command %s arrives as text %s', async (text, expected) => {
    expect((await eventOf(privateText(text))).text).toBe(expected);
  });

  it('a command addressed to another bot in a group is ignored', async () => {
    expect(await reasonOf(groupReply('/status@some_other_bot', STAFF_CHAT_ID, 42))).toBe('command_for_other_bot');
  });

  it('a staff reply under a case card: staff surface, inReplyTo the card', async () => {
    const event = await eventOf(groupReply('已联系商家，今天寄出换货', STAFF_CHAT_ID, 42));
    expect(event).toMatchObject({
      surface: 'staff',
      address: { platform: 'telegram', workspace: '123456789', externalChatId: String(STAFF_CHAT_ID) },
      user: { externalUserId: String(STAFF_MEMBER.id), displayName: 'Li Na', langTag: 'en' },
      inReplyTo: '42',
    });
  });

  it('the manager group is the manager surface', async () => {
    expect((await eventOf(groupReply('看一下这个投诉', MANAGER_CHAT_ID, 7))).surface).toBe('manager');
  });

  it('removes control characters and CRLF from text', async () => {
    expect((await eventOf(privateText('第一行\r\n第二行\u0000\u0007'))).text).toBe('第一行\n第二行');
  });
});

describe('normalizeUpdate: button presses', () => {
  it('a plain action id, with the clock as receivedAt and the card as inReplyTo', async () => {
    const event = await eventOf(callbackQuery('menu:return', MERCHANT.id, 55, { updateId: 900_100_002 }));
    expect(event).toMatchObject({ deliveryId: '900100002', kind: 'action', actionId: 'menu:return', surface: 'merchant', inReplyTo: '55', receivedAt: clock });
  });

  it('a short token expands to the full action id', async () => {
    const long = `staff:approve:RT-20261124-0007:${'x'.repeat(60)}`;
    const token = await tokens.shorten(long, merchantAddress as never);
    const result = await normalizeUpdate(callbackQuery(`~${token}`, STAFF_CHAT_ID, 9), ctx);
    expect(result.event?.actionId).toBe(long);
    expect(result.callbackQueryId).toBe('4382bfdwdsb323b2d99');
  });

  it('an unknown or expired token is ignored, but the query can still be answered', async () => {
    const result = await normalizeUpdate(callbackQuery('~nope', MERCHANT.id, 9), ctx);
    expect(result).toMatchObject({ event: null, reason: 'token_unknown', callbackQueryId: '4382bfdwdsb323b2d99' });
  });

  it('a press without data is ignored', async () => {
    expect(await reasonOf(callbackQuery(undefined, MERCHANT.id, 9))).toBe('no_callback_data');
  });
});

describe('normalizeUpdate: what is ignored', () => {
  it('a group that is neither staff nor managers', async () => {
    expect(await reasonOf(groupReply('大家好', -1_000_000_000_001, 1))).toBe('other_chat');
    expect(await reasonOf(callbackQuery('menu:help', -1_000_000_000_001, 1))).toBe('other_chat');
  });

  it('membership changes and edited messages', async () => {
    expect(await reasonOf(myChatMember(STAFF_CHAT_ID))).toBe('unsupported_update');
    const edited = privateText('改一下');
    expect(await reasonOf({ update_id: edited.update_id, edited_message: edited.message })).toBe('edited_message');
  });

  it('messages from bots and stickers (no text, no image)', async () => {
    expect(await reasonOf(privateText('hi', { from: { ...STAFF_MEMBER, is_bot: true } as never }))).toBe('from_bot');
    const sticker = privateText('x');
    const { text: _text, ...noText } = sticker.message;
    expect(await reasonOf({ update_id: 1, message: { ...noText, sticker: { file_id: 's' } } })).toBe('no_content');
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['no update_id', { message: privateText('x').message }],
    ['update_id as string', { ...privateText('x'), update_id: '12' }],
    ['chat id as string', { update_id: 3, message: { ...privateText('x').message, chat: { id: '7012345678', type: 'private' } } }],
    ['text as a number', { update_id: 4, message: { ...privateText('x').message, text: 42 } }],
    ['text past 4096', privateText('长'.repeat(4097))],
    ['unknown chat type', { update_id: 5, message: { ...privateText('x').message, chat: { id: 1, type: 'secret' } } }],
    ['callback without from', { update_id: 6, callback_query: { id: 'q', message: { message_id: 1, chat: { id: 1, type: 'private' } }, data: 'menu:help' } }],
  ])('malformed: %s → schema_invalid', async (_name, update) => {
    const result = await normalizeUpdate(update, ctx);
    expect(result.event).toBeNull();
    expect(result.event === null && result.reason).toBe('schema_invalid');
  });

  it('the schema detail names the field, not its value', async () => {
    const result = await normalizeUpdate({ update_id: 4, message: { ...privateText('x').message, text: 42 } }, ctx);
    expect(result.event === null && result.detail).toBe('message.text: invalid_type');
  });
});
