import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consoleActionSchema, consoleMessageSchema, MAX_TEXT_CHARS } from '../../src/channels/console/console-schemas.ts';

const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

describe('console message payload limits', () => {
  it('accepts any text, in any script, exactly when it has content and fits the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: MAX_TEXT_CHARS + 50 }), (text) => {
        const parsed = consoleMessageSchema.safeParse({ chatId: 'c-1', text });
        const cleaned = text.replace(new RegExp(controls, 'g'), '').replace(/\r\n?/g, '\n');
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
});
