import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ActionTokenStore, CaseCard, ChatAddress, FormButton } from '../../contracts/channel.ts';
import { encodeCallbackData } from './callback-data.ts';
import { splitMessageText, TELEGRAM_TEXT_LIMIT, truncateText } from './split-text.ts';

/** Escapes text for Telegram's HTML parse mode: the three characters it requires (&, <, >). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Longest user-supplied value on a card before escaping: escaped (≤ 5× for '&') it still fits one message.
const CARD_VALUE_LIMIT = 600;
const CARD_TEXT_BLOCK = 700;

/** A label's width on screen: CJK and emoji take two columns. */
function displayWidth(label: string): number {
  let width = 0;
  for (const char of label) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

const ROW_MAX_BUTTONS = 3;
const ROW_MAX_WIDTH = 30;

/**
 * Lays buttons out in rows of up to three, as long as the row's labels fit about 30 columns
 * (a CJK character counts two), so labels stay readable on a phone. Order is kept.
 */
export function layoutRows<T>(buttons: readonly T[], labelOf: (button: T) => string): T[][] {
  const rows: T[][] = [];
  let row: T[] = [];
  let width = 0;
  for (const button of buttons) {
    const w = displayWidth(labelOf(button));
    if (row.length > 0 && (row.length >= ROW_MAX_BUTTONS || width + w > ROW_MAX_WIDTH)) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(button);
    width += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * The inline keyboard for buttons; every callback_data fits 64 bytes (long ids go through the
 * token store). A FormButton is just a button here: the staff desk asks for the reply text.
 */
export async function inlineKeyboard(buttons: readonly FormButton[], address: ChatAddress, tokens: ActionTokenStore): Promise<InlineKeyboardMarkup> {
  const encoded: InlineKeyboardButton[] = [];
  for (const button of buttons) {
    encoded.push({ text: truncateText(button.label, 64), callback_data: await encodeCallbackData(button.id, address, tokens) });
  }
  return { inline_keyboard: layoutRows(encoded, (b) => b.text) };
}

/** Packs self-contained HTML lines into messages of at most `limit` characters (tags never span lines). */
function packLines(lines: string[], limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= limit) current = candidate;
    else {
      if (current.trim() !== '') parts.push(current.trim());
      current = line;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/**
 * A case card as Telegram HTML, split into messages of ≤ 4096 characters: the title in bold,
 * the case number, one line per field, the deadline, then the envelope's text. Every string
 * from a case or a person is escaped; long values are shortened with "…".
 */
export function renderCardHtml(card: CaseCard, text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const value = (raw: string) => escapeHtml(truncateText(raw, CARD_VALUE_LIMIT));
  const lines = [`<b>${value(card.title)}</b>`, `<code>${value(card.caseNumber)}</code>`, ''];
  for (const field of card.fields) lines.push(`<b>${value(field.label)}</b>: ${value(field.value)}`);
  if (card.deadline) lines.push('', `⏰ ${value(card.deadline)}`);
  const extra = text.trim();
  if (extra !== '' && extra !== card.title.trim()) {
    lines.push('', ...splitMessageText(extra, CARD_TEXT_BLOCK).map(escapeHtml));
  }
  return packLines(lines, limit);
}
