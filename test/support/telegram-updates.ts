/**
 * Realistic Telegram updates as the Bot API delivers them (field names and shapes from
 * https://core.telegram.org/bots/api#update), for normalize, webhook and polling tests.
 */

export const MERCHANT = { id: 7_012_345_678, is_bot: false, first_name: '王', last_name: '小明', username: 'wangxm_shop', language_code: 'zh-hans' };
export const STAFF_MEMBER = { id: 5_550_001, is_bot: false, first_name: 'Li', last_name: 'Na', language_code: 'en' };
export const STAFF_CHAT_ID = -1_001_234_567_890;
export const MANAGER_CHAT_ID = -1_009_876_543_210;
/** 2026-11-24T10:00:00Z */
export const DATE = 1_795_514_400;

let nextUpdateId = 900_000_000;
const nextId = () => ++nextUpdateId;

type From = typeof MERCHANT | typeof STAFF_MEMBER;

interface Common {
  updateId?: number;
  from?: From;
  messageId?: number;
  date?: number;
}

function chatOf(chatId: number, from: From) {
  return chatId > 0
    ? { id: chatId, type: 'private', first_name: from.first_name, ...('username' in from ? { username: from.username } : {}) }
    : { id: chatId, type: 'supergroup', title: chatId === STAFF_CHAT_ID ? '售后客服组' : '售后主管组' };
}

/** A merchant's private text message. */
export function privateText(text: string, o: Common = {}) {
  const from = o.from ?? MERCHANT;
  return { update_id: o.updateId ?? nextId(), message: { message_id: o.messageId ?? 101, from, chat: chatOf(from.id, from), date: o.date ?? DATE, text } };
}

/**
 * A private photo with a caption: Telegram sends four sizes, smallest first. With `fileId` (a file the fake Bot API
 * serves) that is the largest size's, the one the bot fetches.
 */
export function photoWithCaption(caption: string | undefined, o: Common & { fileId?: string } = {}) {
  const from = o.from ?? MERCHANT;
  const sizes = [[90, 67, 1_204], [320, 240, 15_806], [800, 600, 60_114], [1280, 960, 121_907]] as const;
  return {
    update_id: o.updateId ?? nextId(),
    message: {
      message_id: o.messageId ?? 102,
      from,
      chat: chatOf(from.id, from),
      date: o.date ?? DATE,
      photo: sizes.map(([width, height, file_size], i) => ({ file_id: i === sizes.length - 1 && o.fileId ? o.fileId : `AgACAgUAAxkBAAIC${i}photo`, file_unique_id: `AQADx${i}`, file_size, width, height })),
      ...(caption !== undefined ? { caption } : {}),
    },
  };
}

/** A photo sent "as a file" (a document with an image type). */
export function imageDocument(fileName: string, mimeType: string | undefined, o: Common = {}) {
  const from = o.from ?? MERCHANT;
  return {
    update_id: o.updateId ?? nextId(),
    message: {
      message_id: o.messageId ?? 103,
      from,
      chat: chatOf(from.id, from),
      date: o.date ?? DATE,
      document: { file_id: 'BQACAgUAAxkBAAIDdoc', file_unique_id: 'AgADdoc', file_name: fileName, ...(mimeType ? { mime_type: mimeType } : {}), file_size: 2_345_678 },
    },
  };
}

/** A reply in a group (staff answering under a case card). */
export function groupReply(text: string, chatId: number, replyToMessageId: number, o: Common = {}) {
  const from = o.from ?? STAFF_MEMBER;
  return {
    update_id: o.updateId ?? nextId(),
    message: {
      message_id: o.messageId ?? 501,
      from,
      chat: chatOf(chatId, from),
      date: o.date ?? DATE,
      text,
      reply_to_message: { message_id: replyToMessageId, from: { id: 123_456_789, is_bot: true, first_name: 'Bot' }, chat: chatOf(chatId, from), date: DATE - 60, text: '【退货】RT-20261124-0007' },
    },
  };
}

/** A button press under a message the bot sent. */
export function callbackQuery(data: string | undefined, chatId: number, messageId: number, o: Common = {}) {
  const from = o.from ?? (chatId > 0 ? MERCHANT : STAFF_MEMBER);
  return {
    update_id: o.updateId ?? nextId(),
    callback_query: {
      id: `4382bfdwdsb323b2d9${messageId}`,
      from,
      message: { message_id: messageId, from: { id: 123_456_789, is_bot: true, first_name: 'Bot' }, chat: chatOf(chatId, from), date: DATE - 30, text: '请选择服务' },
      chat_instance: '-7428378213456',
      ...(data !== undefined ? { data } : {}),
    },
  };
}

/** The bot was added to a group. */
export function myChatMember(chatId: number) {
  return {
    update_id: nextId(),
    my_chat_member: {
      chat: chatOf(chatId, STAFF_MEMBER),
      from: STAFF_MEMBER,
      date: DATE,
      old_chat_member: { user: { id: 123_456_789, is_bot: true, first_name: 'Bot' }, status: 'left' },
      new_chat_member: { user: { id: 123_456_789, is_bot: true, first_name: 'Bot' }, status: 'member' },
    },
  };
}
