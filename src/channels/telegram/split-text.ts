/** Telegram's limit on a message's text (and an edited message's), in UTF-16 code units after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Telegram's limit on a photo caption. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

const whitespace = /\s/;
// Sentence ends that need no space after them (CJK and Arabic punctuation) and those that do (Latin).
const closedSentenceEnds = new Set(['。', '！', '？', '；', '…', '؟', '۔']);
const spacedSentenceEnds = new Set(['.', '!', '?', ';']);
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The last index in [min, max] where `at(i)` holds, or -1. */
function lastWhere(min: number, max: number, at: (i: number) => boolean): number {
  for (let i = max; i >= min; i--) if (at(i)) return i;
  return -1;
}

/** A hard cut at or below `limit` that ends a grapheme (so neither a surrogate pair nor an emoji sequence is split). */
function hardCut(s: string, limit: number): number {
  let best = 0;
  // 32 code units past the limit are enough context to see whether the grapheme at the limit ends there.
  for (const { index, segment } of graphemes.segment(s.slice(0, limit + 32))) {
    const end = index + segment.length;
    if (end > limit) break;
    best = end;
  }
  if (best > 0) return best;
  // A single grapheme longer than the limit (pathological combining marks): keep surrogate pairs whole.
  return isHighSurrogate(s.charCodeAt(limit - 1)) && isLowSurrogate(s.charCodeAt(limit)) ? limit - 1 : limit;
}

/**
 * Where to end the first part of `s` (longer than `limit`): the end index of the part. Prefers,
 * in order and within the second half of the window, a paragraph break, a line break, a
 * sentence end, any whitespace; else a hard cut on a grapheme boundary.
 */
function cutIndex(s: string, limit: number): number {
  const min = Math.max(1, Math.floor(limit / 2));
  const paragraph = s.lastIndexOf('\n\n', limit);
  if (paragraph >= min) return paragraph;
  const line = s.lastIndexOf('\n', limit);
  if (line >= min) return line;
  const sentence = lastWhere(min - 1, limit - 1, (i) => {
    const c = s.charAt(i);
    return closedSentenceEnds.has(c) || (spacedSentenceEnds.has(c) && whitespace.test(s.charAt(i + 1)));
  });
  if (sentence >= 0) return sentence + 1;
  const space = lastWhere(min, limit, (i) => whitespace.test(s.charAt(i)));
  if (space >= 0) return space;
  return hardCut(s, limit);
}

/**
 * Splits a message into parts Telegram accepts (each ≤ `limit` UTF-16 code units).
 *
 * The whitespace rule: parts never start or end with whitespace. Whitespace at a cut (the
 * paragraph or line break, the space after a sentence) and at either end of the whole text is
 * dropped, as Telegram would strip it anyway; nothing else changes, so the input is exactly the
 * parts in order with only whitespace between them. A cut never falls inside a surrogate pair
 * (nor, except in a grapheme longer than the limit, inside an emoji or combining sequence).
 * Whitespace-only text gives no parts.
 *
 * @example splitMessageText('第一段\n\n第二段', 5) // ['第一段', '第二段']
 */
export function splitMessageText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError('limit must be an integer of at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutIndex(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Shortens text to `limit` code units, ending with "…" when cut, never inside a surrogate pair. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}
