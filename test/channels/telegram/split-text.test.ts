import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitMessageText, TELEGRAM_TEXT_LIMIT, truncateText } from '../../../src/channels/telegram/split-text.ts';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const ws = /\s/;

/** What breaks the rules, or null: parts within the limit, not empty, not whitespace-bordered, no split surrogate pair, and
 * the whitespace rule (the input is the parts in order with only whitespace around and between them). */
function splitProblem(text: string, parts: string[], limit: number): string | null {
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (part.length === 0 || part.length > limit) return `part ${i} has length ${part.length}`;
    if (ws.test(part.charAt(0)) || ws.test(part.charAt(part.length - 1))) return `part ${i} starts or ends with whitespace`;
    if (isLow(part.charCodeAt(0)) && isHigh(text.charCodeAt(text.indexOf(part, at) - 1))) return `part ${i} starts inside a surrogate pair`;
    if (isHigh(part.charCodeAt(part.length - 1)) && isLow(text.charCodeAt(text.indexOf(part, at) + part.length))) return `part ${i} ends inside a surrogate pair`;
    const next = text.indexOf(part, at);
    if (next < at) return `part ${i} is not in the input after part ${i - 1}`;
    if (text.slice(at, next).trim() !== '') return `non-whitespace dropped before part ${i}`;
    at = next + part.length;
  }
  if (text.slice(at).trim() !== '') return 'non-whitespace dropped at the end';
  if (parts.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) return 'the text changed';
  return null;
}

function assertSplit(text: string, parts: string[], limit: number): void {
  expect(splitProblem(text, parts, limit)).toBeNull();
}

// Chinese, emoji (surrogate pairs, ZWJ sequences, flags), Arabic and Hebrew (RTL), Latin, and the separators the splitter looks for.
const pieces = fc.constantFrom(
  '退货', '质量问题。', '请问？', '好的！', '👍', '👨‍👩‍👧', '🇨🇳', '😭😭', 'مرحبا بك', '؟', 'שלום', 'order DD-8812.', 'Hello! ', 'é', 'e\u0301',
  ' ', '\n', '\n\n', '\t', '  ', '。', '…', 'x', '𠀀', '\u3000',
);
const chatText = fc.array(pieces, { maxLength: 400 }).map((xs) => xs.join(''));

describe('splitMessageText', () => {
  it('keeps every part within the limit, drops only whitespace at cuts, never splits a surrogate pair', () => {
    fc.assert(
      fc.property(chatText, fc.integer({ min: 2, max: 120 }), (text, limit) => {
        assertSplit(text, splitMessageText(text, limit), limit);
      }),
      { numRuns: 500 },
    );
  });

  it('holds for arbitrary UTF-16 strings, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 2, max: 50 }), (text, limit) => {
        assertSplit(text, splitMessageText(text, limit), limit);
      }),
      { numRuns: 150 },
    );
  });

  it('at Telegram\'s limit: a text that fits is one part, trimmed', () => {
    fc.assert(
      fc.property(chatText, (text) => {
        const parts = splitMessageText(text);
        if (text.trim().length <= TELEGRAM_TEXT_LIMIT) expect(parts).toEqual(text.trim() === '' ? [] : [text.trim()]);
        else assertSplit(text, parts, TELEGRAM_TEXT_LIMIT);
      }),
    );
  });

  it('prefers a paragraph break, then a line, then a sentence end, then a space', () => {
    const para = `${'甲'.repeat(60)}\n\n${'乙'.repeat(30)}\n${'丙'.repeat(30)}`;
    expect(splitMessageText(para, 100)).toEqual(['甲'.repeat(60), `${'乙'.repeat(30)}\n${'丙'.repeat(30)}`]);
    const lines = `${'甲'.repeat(60)}\n${'乙'.repeat(30)}。${'丙'.repeat(30)}`;
    expect(splitMessageText(lines, 100)[0]).toBe('甲'.repeat(60));
    const sentences = `${'甲'.repeat(60)}。${'乙'.repeat(30)} ${'丙'.repeat(30)}`;
    expect(splitMessageText(sentences, 100)[0]).toBe(`${'甲'.repeat(60)}。`);
    const words = `${'word '.repeat(15)}${'x'.repeat(60)}`;
    expect(splitMessageText(words, 80)[0]).toBe('word '.repeat(15).trim());
  });

  it('does not cut after a decimal point ("3.14" is not a sentence end)', () => {
    const text = `${'a'.repeat(10)} 3.14 ${'b'.repeat(10)}`;
    expect(splitMessageText(text, 18)).toEqual(['a'.repeat(10) + ' 3.14', 'b'.repeat(10)]);
  });

  it('hard-splits a run without spaces on a grapheme boundary', () => {
    const family = '👨‍👩‍👧';
    const parts = splitMessageText(family.repeat(10), 20);
    for (const part of parts) expect(part.length % family.length).toBe(0);
    expect(parts.join('')).toBe(family.repeat(10));
  });

  it('a long Chinese reply splits at line ends', () => {
    const text = Array.from({ length: 200 }, (_, i) => `第${i}条：商品存在质量问题，请在三个工作日内联系客服。`).join('\n');
    const parts = splitMessageText(text);
    expect(parts.length).toBeGreaterThan(1);
    assertSplit(text, parts, TELEGRAM_TEXT_LIMIT);
    for (const part of parts.slice(0, -1)) expect(text.charAt(text.indexOf(part) + part.length)).toBe('\n');
  });
});

describe('truncateText', () => {
  it('fits the limit, ends with … when cut, keeps surrogate pairs whole', () => {
    fc.assert(
      fc.property(chatText, fc.integer({ min: 2, max: 50 }), (text, limit) => {
        const out = truncateText(text, limit);
        expect(out.length).toBeLessThanOrEqual(limit);
        if (text.length <= limit) expect(out).toBe(text);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(isHigh(out.charCodeAt(out.length - 2))).toBe(false);
        }
      }),
    );
  });
});
