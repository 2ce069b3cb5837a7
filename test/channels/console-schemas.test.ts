import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consoleActionSchema, consoleMessageSchema, MAX_TEXT_CHARS } from '../../src/channels/console/console-schemas.ts';
import { replaceLoneSurrogates } from '../../src/http/safe-string.ts';

const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

describe('console message payload limits', () => {
  it('accepts any text, in any script, exactly when it has content and fits the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: MAX_TEXT_CHARS + 50 }), (text) => {
        const parsed = consoleMessageSchema.safeParse({ chatId: 'c-1', text });
        const cleaned = replaceLoneSurrogates(text.replace(new RegExp(controls, 'g'), '').replace(/\r\n?/g, '\n'));
        const acceptable = cleaned.trim().length > 0 && cleaned.length <= MAX_TEXT_CHARS;
        expect(parsed.success).toBe(acceptable);
        if (parsed.success) {
          expect(parsed.data.text).toBe(cleaned);
          expect(controls.test(parsed.data.text)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts 10,000-character messages of CJK, emoji and RTL text', () => {
    for (const unit of ['退', '📦', 'م', 'é']) {
      const text = unit.repeat(Math.floor(10_000 / unit.length));
      expect(consoleMessageSchema.safeParse({ chatId: 'c', text }).success).toBe(true);
    }
  });

  it('never throws on arbitrary JSON values, and refuses everything that is not a message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = consoleMessageSchema.safeParse(value);
        if (parsed.success) expect(typeof parsed.data.text).toBe('string');
        const action = consoleActionSchema.safeParse(value);
        if (action.success) expect(action.data.actionId.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('limits attachments by count and shape, not by size (the conversation explains size limits)', () => {
    const photo = { ref: 'upload:1', mimeType: 'image/jpeg', sizeBytes: 30 * 1024 * 1024 };
    expect(consoleMessageSchema.safeParse({ chatId: 'c', text: 'photo', attachments: [photo] }).success).toBe(true);
    expect(consoleMessageSchema.safeParse({ chatId: 'c', text: 'photo', attachments: Array(21).fill(photo) }).success).toBe(false);
    expect(consoleMessageSchema.safeParse({ chatId: 'c', text: 'photo', attachments: [{ ...photo, sizeBytes: -1 }] }).success).toBe(false);
  });

  // PostgreSQL refuses NUL in text, and a lone surrogate has no UTF-8 form: both were 500s.
  const unstorable = ['a\u0000b', 'a\uD800b', 'a\uDC00', '\uDBFF'];
  const message = { chatId: 'c', text: 'hi' };
  const photo = { ref: 'upload:1', mimeType: 'image/png', sizeBytes: 1, fileName: 'p.png' };
  it.each(unstorable)('refuses %j in every string field other than text', (bad) => {
    const variants = [
      consoleMessageSchema.safeParse({ ...message, userName: bad }),
      consoleMessageSchema.safeParse({ ...message, clientMessageId: bad }),
      consoleMessageSchema.safeParse({ ...message, lang: bad }),
      consoleMessageSchema.safeParse({ ...message, attachments: [{ ...photo, ref: bad }] }),
      consoleMessageSchema.safeParse({ ...message, attachments: [{ ...photo, fileName: bad }] }),
      consoleMessageSchema.safeParse({ ...message, attachments: [{ ...photo, mimeType: bad }] }),
      consoleActionSchema.safeParse({ chatId: 'c', actionId: bad }),
      consoleActionSchema.safeParse({ chatId: 'c', actionId: 'menu:help', clientActionId: bad }),
    ];
    expect(variants.map((v) => v.success)).toEqual(variants.map(() => false));
  });

  it('keeps text: NUL removed, a lone surrogate replaced by U+FFFD, pairs (emoji) untouched', () => {
    const parsed = consoleMessageSchema.parse({ ...message, text: 'a\u0000b\uD800c📦\uDC00' });
    expect(parsed.text).toBe('ab\uFFFDc📦\uFFFD');
  });
});
