import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, layoutRows, renderCardHtml } from '../../../src/channels/telegram/render.ts';

const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('escapeHtml', () => {
  it('leaves no raw < > or stray & and round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const html = escapeHtml(text);
        expect(/[<>]/.test(html)).toBe(false);
        expect(/&(?!(amp|lt|gt);)/.test(html)).toBe(false);
        expect(unescape(html)).toBe(text);
      }),
    );
  });
});

describe('renderCardHtml', () => {
  it('keeps every part within the limit and every tag on its line, whatever the fields hold', () => {
    const field = fc.record({ label: fc.string({ maxLength: 30 }), value: fc.string({ unit: 'grapheme', maxLength: 900 }) });
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), fc.string({ maxLength: 3000 }), (fields, text) => {
        const parts = renderCardHtml({ caseNumber: 'QA-20261124-0001', title: '质量问题 <>&', fields, photos: [] }, text);
        expect(parts.length).toBeGreaterThan(0);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(4096);
          for (const line of part.split('\n')) {
            expect((line.match(/<b>/g) ?? []).length).toBe((line.match(/<\/b>/g) ?? []).length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('layoutRows', () => {
  it('keeps the order, at most three a row, and gives long labels a row of their own', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 20 }), (labels) => {
        const rows = layoutRows(labels, (l) => l);
        expect(rows.flat()).toEqual(labels);
        for (const row of rows) {
          expect(row.length).toBeGreaterThan(0);
          expect(row.length).toBeLessThanOrEqual(3);
        }
      }),
    );
    expect(layoutRows(['退货', '换货', '质量问题', '我要投诉客服人员的服务态度'], (l) => l)).toEqual([['退货', '换货', '质量问题'], ['我要投诉客服人员的服务态度']]);
  });
});
