/** What the fake Bot API checks the way Telegram does: errors, HTML parse mode, inline keyboards. */

export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class ApiFailure extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.description);
  }
}

export const badRequest = (description: string) => new ApiFailure({ error_code: 400, description: `Bad Request: ${description}` });

/** Visible length of Telegram HTML: tags removed, entities counted as one character; throws like Telegram on bad markup. */
export function parseHtml(text: string): string {
  const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'tg-spoiler', 'blockquote']);
  const open: string[] = [];
  let visible = '';
  const token = /<\/?([a-z-]+)(\s[^<>]*)?>|&(lt|gt|amp|quot|#\d+);|[<>&]|[^<>&]+/g;
  for (const m of text.matchAll(token)) {
    const [whole, tag, , entity] = m;
    if (tag !== undefined) {
      if (!allowed.has(tag)) throw badRequest(`can't parse entities: unsupported start tag "${tag}"`);
      if (whole.startsWith('</')) {
        if (open.pop() !== tag) throw badRequest(`can't parse entities: unexpected end tag "${tag}"`);
      } else open.push(tag);
    } else if (entity !== undefined) visible += 'x';
    else if (whole === '<' || whole === '>' || whole === '&') throw badRequest(`can't parse entities: unescaped "${whole}"`);
    else visible += whole;
  }
  if (open.length > 0) throw badRequest(`can't parse entities: unclosed tag "${open.at(-1)}"`);
  return visible;
}

/** Checks an inline keyboard as Telegram does: text on every button, callback_data of 1-64 bytes. */
export function checkMarkup(markup: unknown): void {
  if (markup === undefined) return;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  for (const row of rows as unknown[][]) {
    for (const button of row as Array<{ text?: unknown; callback_data?: unknown }>) {
      if (typeof button.text !== 'string' || button.text === '') throw badRequest('text buttons are unallowed in the inline keyboard');
      if (typeof button.callback_data !== 'string' || Buffer.byteLength(button.callback_data) > 64 || button.callback_data === '') throw badRequest('BUTTON_DATA_INVALID');
    }
  }
}
