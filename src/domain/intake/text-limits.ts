/** The most characters of free text each slot keeps; longer answers are cut and the merchant is told. */
export const TEXT_LIMITS = {
  itemName: 200,
  description: 2000,
  reason: 1000,
  accusedName: 100,
} as const;

/**
 * Folds full-width letters, digits and punctuation to their ASCII forms (NFKC) and trims.
 * Why: Chinese input methods often type ＡＢ１２３ or ：, which must parse like AB123 and :.
 */
export function normalizeInput(text: string): string {
  return text.normalize('NFKC').trim();
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 units (what JavaScript, Telegram and Slack count) at a grapheme boundary,
 * so an emoji, a flag or a combining accent is kept whole or dropped whole, never split.
 */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = 0;
  // Only the head is segmented: a grapheme boundary depends on what precedes it and on the next code point, so
  // 32 units past `max` decide every boundary up to `max`. Segmenting all of a 100 KB message took seconds.
  for (const { segment } of graphemes.segment(text.slice(0, max + 32))) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return { text: text.slice(0, end), truncated: true };
}

/** Trims a free-text answer and cuts it to `max` characters; empty means the merchant gave nothing usable. */
export function cleanFreeText(raw: string, max: number): { text: string; truncated: boolean } {
  return truncateText(raw.trim(), max);
}
