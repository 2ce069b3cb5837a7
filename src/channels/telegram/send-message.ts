import { GrammyError, InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, InputMediaPhoto, ReplyParameters } from 'grammy/types';
import type { ActionTokenStore, CaseCard, OutboundEnvelope, OutboundPhoto, SendResult } from '../../contracts/channel.ts';
import { DeliveryError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { isNotModified, toDeliveryError } from './delivery-errors.ts';
import { inlineKeyboard, renderCardHtml } from './render.ts';
import { splitMessageText, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, truncateText } from './split-text.ts';

/** What sending needs: the Bot API client and the things it cannot know by itself. */
export interface SendDeps {
  api: Api;
  token: string;
  tokens: ActionTokenStore;
  log: Logger;
  /** Base for card photos given by a path on our server (`/api/…`); Telegram fetches them from there. */
  publicUrl?: string;
  /** What earlier attempts of an envelope already delivered, by envelope id (see {@link SendProgress}). */
  progress?: SendProgress;
}

/**
 * Parts of a split message (and a card's photos) already delivered by an attempt that then
 * failed, by envelope id, so the outbox's retry resumes where it stopped instead of posting the
 * first parts twice. In memory and bounded: after a restart a retry starts over.
 */
export class SendProgress {
  private readonly entries = new Map<string, { photosSent: boolean; partsSent: number; lastId: number }>();

  constructor(private readonly capacity = 1000) {}

  get(id: string) {
    return this.entries.get(id) ?? { photosSent: false, partsSent: 0, lastId: 0 };
  }

  set(id: string, value: { photosSent: boolean; partsSent: number; lastId: number }): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  done(id: string): void {
    this.entries.delete(id);
  }
}

const MEDIA_GROUP_MAX = 10;

function messageIdOf(raw: string, what: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new DeliveryError('delivery.rejected', `${what} is not a Telegram message id: ${JSON.stringify(raw.slice(0, 40))}`);
  return Number(raw);
}

/** A photo as Telegram takes it: a file id it already has, or an absolute URL it can fetch. */
function photoRef(photo: CaseCard['photos'][number], publicUrl: string | undefined): string | null {
  if (photo.platformFileId) return photo.platformFileId;
  if (!photo.url) return null;
  if (/^https?:\/\//i.test(photo.url)) return photo.url;
  if (photo.url.startsWith('/') && publicUrl) return `${publicUrl}${photo.url}`;
  return null;
}

/**
 * Sends a card's photos before its text: one photo with sendPhoto, more as albums of up to ten
 * (sendMediaGroup); the first carries the case number as caption. A photo Telegram refuses (a
 * 400: an id from another bot, a URL it cannot fetch) is logged and skipped so the card still
 * arrives; rate limits and outages are thrown so the whole envelope is retried.
 */
async function sendCardPhotos(deps: SendDeps, chatId: string, card: CaseCard, reply: ReplyParameters | undefined): Promise<void> {
  const photos = cardPhotos(card);
  const refs = photos.map((p) => photoRef(p, deps.publicUrl)).filter((r): r is string => r !== null);
  if (refs.length < photos.length) deps.log.warn({ caseNumber: card.caseNumber, skipped: photos.length - refs.length }, 'telegram: card photos without a file id or reachable URL skipped');
  for (let start = 0; start < refs.length; start += MEDIA_GROUP_MAX) {
    const chunk = refs.slice(start, start + MEDIA_GROUP_MAX);
    const caption = start === 0 ? truncateText(card.caseNumber, 1024) : undefined;
    const replyTo = start === 0 && reply ? { reply_parameters: reply } : {};
    try {
      if (chunk.length === 1) {
        await deps.api.sendPhoto(chatId, chunk[0] as string, { ...(caption ? { caption } : {}), ...replyTo });
      } else {
        const media: InputMediaPhoto[] = chunk.map((media, i) => ({ type: 'photo', media, ...(i === 0 && caption ? { caption } : {}) }));
        await deps.api.sendMediaGroup(chatId, media, replyTo);
      }
    } catch (error) {
      const coded = toDeliveryError(error, deps.token);
      if (coded.code !== 'delivery.rejected') throw coded;
      deps.log.warn({ caseNumber: card.caseNumber, code: coded.code, reason: coded.message }, 'telegram: card photos refused; sending the card without them');
    }
  }
}

/** The card's photos that are not uploaded into its thread anyway (those come as files of their own). */
function cardPhotos(card: CaseCard): CaseCard['photos'] {
  return card.photos.filter((photo) => !photo.inThread);
}

/** Bot API limits on files uploaded with multipart/form-data: a photo up to 10 MB, any other file up to 50 MB. */
export const TELEGRAM_PHOTO_MAX_BYTES = 10_000_000;
export const TELEGRAM_DOCUMENT_MAX_BYTES = 50_000_000;
/** What sendPhoto takes; WebP and HEIC photos go as documents (kept as they are, shown with a preview). */
const SEND_PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png']);

/**
 * Uploads a stored photo (multipart, grammY's InputFile) with the text as its caption, as a reply
 * to `threadOf` (the case card). sendPhoto for JPEG and PNG up to 10 MB; past that, another type,
 * or a photo Telegram refuses as one (400, e.g. its dimensions), sendDocument up to 50 MB; beyond
 * that, the caption with our link. Returns the id of the message sent.
 */
async function sendUploadedPhoto(deps: SendDeps, message: OutboundEnvelope, photo: OutboundPhoto, reply: ReplyParameters | undefined): Promise<SendResult> {
  const chatId = message.address.externalChatId;
  const text = message.text.trim();
  const options = { ...(text ? { caption: truncateText(text, TELEGRAM_CAPTION_LIMIT) } : {}), ...(reply ? { reply_parameters: reply } : {}) };
  const size = photo.bytes.length;
  if (size <= TELEGRAM_PHOTO_MAX_BYTES && SEND_PHOTO_TYPES.has(photo.mimeType)) {
    try {
      const sent = await deps.api.sendPhoto(chatId, new InputFile(photo.bytes, photo.fileName), options);
      return { platformMessageId: String(sent.message_id) };
    } catch (error) {
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      deps.log.warn({ outboundId: message.id, reason: toDeliveryError(error, deps.token).message }, 'telegram: photo refused as a photo; sending it as a file');
    }
  }
  if (size <= TELEGRAM_DOCUMENT_MAX_BYTES) {
    const sent = await deps.api.sendDocument(chatId, new InputFile(photo.bytes, photo.fileName), options);
    return { platformMessageId: String(sent.message_id) };
  }
  const link = photo.url && deps.publicUrl ? `\n${new URL(photo.url, `${deps.publicUrl}/`).href}` : '';
  const sent = await deps.api.sendMessage(chatId, truncateText(`${text}${link}`.trim() || photo.fileName, TELEGRAM_TEXT_LIMIT), reply ? { reply_parameters: reply } : {});
  return { platformMessageId: String(sent.message_id) };
}

/** The message bodies for an envelope: HTML parts for a card, plain parts otherwise. */
function bodiesOf(message: OutboundEnvelope): { parts: string[]; html: boolean } {
  if (message.card) return { parts: renderCardHtml(message.card, message.text), html: true };
  return { parts: splitMessageText(message.text), html: false };
}

async function editInPlace(deps: SendDeps, message: OutboundEnvelope, replaces: string, keyboard: InlineKeyboardMarkup | undefined): Promise<SendResult> {
  const { parts, html } = bodiesOf(message);
  const first = parts[0];
  if (first === undefined) throw new DeliveryError('delivery.rejected', 'nothing to send: the text is empty');
  // An edit is one message: a text needing more is shortened (a card's first part holds its facts).
  const body = !html && parts.length > 1 ? truncateText(message.text.trim(), TELEGRAM_TEXT_LIMIT) : first;
  try {
    await deps.api.editMessageText(message.address.externalChatId, messageIdOf(replaces, 'replaces'), body, {
      ...(html ? { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } } : {}),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  } catch (error) {
    if (!isNotModified(error)) throw toDeliveryError(error, deps.token);
  }
  return { platformMessageId: replaces };
}

/**
 * Delivers one envelope. Merchant replies go without parse_mode (their text needs no escaping);
 * cards go as HTML with every string escaped, after their photos. Text past 4096 characters is
 * split; buttons ride on the last part; `threadOf` becomes a reply to that message on the first
 * part (sent anyway if that message is gone); `replaces` edits the earlier message instead
 * ("message is not modified" counts as done). A retry of an envelope that failed midway resumes
 * after the parts already delivered (`deps.progress`). Returns the id of the last message sent.
 */
export async function sendEnvelope(deps: SendDeps, message: OutboundEnvelope): Promise<SendResult> {
  if (message.address.platform !== 'telegram') throw new DeliveryError('delivery.rejected', `not a Telegram address: ${message.address.platform}`);
  const chatId = message.address.externalChatId;
  try {
    const keyboard = message.buttons && message.buttons.length > 0 ? await inlineKeyboard(message.buttons, message.address, deps.tokens) : undefined;
    if (message.replaces !== undefined) return await editInPlace(deps, message, message.replaces, keyboard);

    const reply: ReplyParameters | undefined = message.threadOf === undefined
      ? undefined
      : { message_id: messageIdOf(message.threadOf, 'threadOf'), allow_sending_without_reply: true };
    if (message.photo) return await sendUploadedPhoto(deps, message, message.photo, reply);
    const { parts, html } = bodiesOf(message);
    if (parts.length === 0) throw new DeliveryError('delivery.rejected', 'nothing to send: the text is empty');
    const progress = deps.progress?.get(message.id) ?? { photosSent: false, partsSent: 0, lastId: 0 };
    if (message.card && cardPhotos(message.card).length > 0 && !progress.photosSent) {
      await sendCardPhotos(deps, chatId, message.card, reply);
      progress.photosSent = true;
      deps.progress?.set(message.id, progress);
    }
    for (const [i, part] of parts.entries()) {
      if (i < progress.partsSent) continue;
      const sent = await deps.api.sendMessage(chatId, part, {
        ...(html ? { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } } : {}),
        ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
        ...(i === 0 && reply ? { reply_parameters: reply } : {}),
      });
      progress.partsSent = i + 1;
      progress.lastId = sent.message_id;
      if (i < parts.length - 1) deps.progress?.set(message.id, progress);
    }
    deps.progress?.done(message.id);
    deps.log.debug({ outboundId: message.id, chatId, parts: parts.length }, 'telegram: message sent');
    return { platformMessageId: String(progress.lastId) };
  } catch (error) {
    throw toDeliveryError(error, deps.token);
  }
}
