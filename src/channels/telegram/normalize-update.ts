import type { ActionTokenStore, ChannelEvent, ChannelUser, ChatAddress, PlatformFile, Surface } from '../../contracts/channel.ts';
import { decodeCallbackData } from './callback-data.ts';
import { telegramUpdateSchema, type TelegramMessage, type TelegramUser } from './update-schema.ts';

/** What normalizing needs besides the update: who we are, which groups are ours, and the clock. */
export interface NormalizeContext {
  /** The bot's user id (the number before ':' in its token): the `workspace` of every address. */
  botId: string;
  /** The bot's @username without '@', once known (getMe): commands addressed to other bots are ignored. */
  botUsername?: string;
  staffChatId?: string;
  managerChatId?: string;
  tokens: ActionTokenStore;
  /** Time of a button press (callback queries carry no date). */
  now: () => Date;
}

/** Why an update produced no event; stable words for logs and metrics, never user text. */
export type IgnoredReason =
  | 'schema_invalid'
  | 'edited_message'
  | 'unsupported_update'
  | 'other_chat'
  | 'from_bot'
  | 'no_content'
  | 'command_for_other_bot'
  | 'no_callback_data'
  | 'token_unknown';

/** The result of {@link normalizeUpdate}: an event, or null with the reason. */
export type NormalizedUpdate = {
  /** Set for a button press, so the caller can answer it (an ack) whether or not it became an event. */
  callbackQueryId?: string;
} & ({ event: ChannelEvent } | { event: null; reason: IgnoredReason; detail?: string });

// Control characters other than tab and newline carry no meaning in a chat, and PostgreSQL text cannot hold NUL.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const commandWithMention = /^\/([A-Za-z0-9_]{1,32})@([A-Za-z0-9_]{1,64})(?=\s|$)/;
const imageExtensions = /\.(jpe?g|png|webp|heic|heif)$/i;

function cleanText(text: string): string {
  return text.replace(controlCharacters, '').replace(/\r\n?/g, '\n');
}

function surfaceOf(chat: { id: number; type: string }, ctx: NormalizeContext): Surface | null {
  if (chat.type === 'private') return 'merchant';
  if (chat.type === 'channel') return null;
  const id = String(chat.id);
  if (ctx.staffChatId !== undefined && id === ctx.staffChatId) return 'staff';
  if (ctx.managerChatId !== undefined && id === ctx.managerChatId) return 'manager';
  return null;
}

function userOf(from: TelegramUser): ChannelUser {
  const name = [from.first_name, from.last_name].filter((part) => part !== undefined && part !== '').join(' ');
  return {
    externalUserId: String(from.id),
    ...(name || from.username ? { displayName: name || `@${from.username}` } : {}),
    ...(from.language_code ? { langTag: from.language_code } : {}),
  };
}

function filesOf(message: TelegramMessage): PlatformFile[] {
  const files: PlatformFile[] = [];
  if (message.photo && message.photo.length > 0) {
    // Telegram sends each photo in several sizes; take the largest (photos are always re-encoded as JPEG).
    const largest = message.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a));
    files.push({ fileId: largest.file_id, mimeType: 'image/jpeg', ...(largest.file_size !== undefined ? { sizeBytes: largest.file_size } : {}) });
  }
  const doc = message.document;
  // A photo sent "as a file" keeps its quality; anything else that is not an image is ignored here.
  if (doc && (doc.mime_type?.startsWith('image/') || (doc.file_name !== undefined && imageExtensions.test(doc.file_name)))) {
    files.push({
      fileId: doc.file_id,
      ...(doc.file_name !== undefined ? { fileName: doc.file_name } : {}),
      ...(doc.mime_type !== undefined ? { mimeType: doc.mime_type } : {}),
      ...(doc.file_size !== undefined ? { sizeBytes: doc.file_size } : {}),
    });
  }
  return files;
}

/**
 * Turns a Telegram update (already parsed JSON, not yet trusted) into a {@link ChannelEvent}, or
 * null with the reason it is ignored: edited messages (the merchant's edit does not re-run a
 * step), membership changes, channels and groups other than the staff and manager groups,
 * messages from bots, messages with neither text nor an image, commands addressed to another
 * bot, buttons whose short token expired, and anything failing the schema.
 *
 * - `deliveryId` is `String(update_id)`: unique per bot, and the address's workspace is the bot id.
 * - Text or caption becomes `text`; a leading `/cmd@ourbot` becomes `/cmd`.
 * - The largest photo size and documents that are images become `files` (hints only; the caller checks the bytes).
 * - A reply's `reply_to_message.message_id` becomes `inReplyTo`; for a button press, the id of the message the button was on.
 * - Button presses: `actionId` is `callback_data`, expanded when it is a `~token`; `receivedAt` is `now()`.
 */
export async function normalizeUpdate(update: unknown, ctx: NormalizeContext): Promise<NormalizedUpdate> {
  const parsed = telegramUpdateSchema.safeParse(update);
  const rawQueryId = (update as { callback_query?: { id?: unknown } } | null)?.callback_query?.id;
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`).join('; ');
    return { event: null, reason: 'schema_invalid', detail, ...(typeof rawQueryId === 'string' ? { callbackQueryId: rawQueryId } : {}) };
  }
  const u = parsed.data;
  const deliveryId = String(u.update_id);
  const addressOf = (chatId: number): ChatAddress => ({ platform: 'telegram', workspace: ctx.botId, externalChatId: String(chatId) });

  if (u.callback_query) {
    const query = u.callback_query;
    const callbackQueryId = query.id;
    if (!query.message) return { event: null, reason: 'unsupported_update', callbackQueryId };
    const surface = surfaceOf(query.message.chat, ctx);
    if (!surface) return { event: null, reason: 'other_chat', callbackQueryId };
    if (query.data === undefined || query.data === '') return { event: null, reason: 'no_callback_data', callbackQueryId };
    const actionId = await decodeCallbackData(query.data, ctx.tokens);
    if (actionId === null) return { event: null, reason: 'token_unknown', callbackQueryId };
    return {
      callbackQueryId,
      event: {
        deliveryId,
        address: addressOf(query.message.chat.id),
        surface,
        user: userOf(query.from),
        kind: 'action',
        actionId,
        inReplyTo: String(query.message.message_id),
        receivedAt: ctx.now(),
      },
    };
  }

  if (u.edited_message) return { event: null, reason: 'edited_message' };
  const message = u.message;
  if (!message) return { event: null, reason: 'unsupported_update' };
  const surface = surfaceOf(message.chat, ctx);
  if (!surface) return { event: null, reason: 'other_chat' };
  if (!message.from || message.from.is_bot) return { event: null, reason: 'from_bot' };

  let text = cleanText(message.text ?? message.caption ?? '');
  const mention = commandWithMention.exec(text);
  if (mention) {
    const [whole, command, botName] = mention;
    if (ctx.botUsername !== undefined && botName?.toLowerCase() !== ctx.botUsername.toLowerCase()) {
      return { event: null, reason: 'command_for_other_bot' };
    }
    text = `/${command}${text.slice(whole.length)}`;
  }
  const files = filesOf(message);
  if (text.trim() === '' && files.length === 0) return { event: null, reason: 'no_content' };

  return {
    event: {
      deliveryId,
      address: addressOf(message.chat.id),
      surface,
      user: userOf(message.from),
      kind: 'message',
      ...(text.trim() !== '' ? { text } : {}),
      ...(files.length > 0 ? { files } : {}),
      ...(message.reply_to_message ? { inReplyTo: String(message.reply_to_message.message_id) } : {}),
      receivedAt: new Date(message.date * 1000),
    },
  };
}

/** The bot's user id: the number before ':' in its token (Telegram's documented token shape). */
export function botIdFromToken(token: string): string {
  const id = /^(\d+):/.exec(token)?.[1];
  if (id === undefined) throw new TypeError('a Telegram bot token starts with the bot id and a colon');
  return id;
}
