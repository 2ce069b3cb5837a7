import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPhotos, MAX_PHOTOS, MAX_PHOTO_BYTES, matchProblemCategory, matchRemedy, truncateText } from '../../../src/domain/intake/index.ts';

const MB = 1024 * 1024;

describe('checkPhotos', () => {
  it.each([
    ['image/jpeg', 2 * MB, 'kept'],
    ['image/png', MAX_PHOTO_BYTES, 'kept'],
    ['image/webp', 1, 'kept'],
    ['image/heic', 5 * MB, 'kept'],
    ['IMAGE/JPEG', 5 * MB, 'kept'],
    ['image/jpeg', MAX_PHOTO_BYTES + 1, 'size'],
    ['image/jpeg', 30 * MB, 'size'],
    ['image/gif', 1 * MB, 'type'],
    ['application/pdf', 1 * MB, 'type'],
    ['video/mp4', 1 * MB, 'type'],
  ])('%s of %i bytes → %s', (mimeType, sizeBytes, verdict) => {
    const { kept, refused } = checkPhotos([{ mimeType, sizeBytes }], 0);
    if (verdict === 'kept') expect(kept).toHaveLength(1);
    else expect(refused).toEqual([{ item: { mimeType, sizeBytes }, problem: verdict }]);
  });

  it('never keeps more than nine in all, nor anything too big or of the wrong type', () => {
    const photo = fc.record({ mimeType: fc.constantFrom('image/jpeg', 'image/png', 'image/gif', 'text/plain'), sizeBytes: fc.integer({ min: 0, max: 40 * MB }) });
    fc.assert(
      fc.property(fc.array(photo, { maxLength: 20 }), fc.integer({ min: 0, max: MAX_PHOTOS }), (photos, already) => {
        const { kept, refused } = checkPhotos(photos, already);
        expect(already + kept.length).toBeLessThanOrEqual(MAX_PHOTOS);
        expect(kept.length + refused.length).toBe(photos.length);
        for (const p of kept) expect(p.sizeBytes).toBeLessThanOrEqual(MAX_PHOTO_BYTES);
      }),
    );
  });
});

describe('truncateText', () => {
  it.each([
    ['abc', 3, 'abc', false],
    ['abcd', 3, 'abc', true],
    ['🙂🙂🙂', 5, '🙂🙂', true],
    ['👨‍👩‍👧🙂', 8, '👨‍👩‍👧', true],
    ['🇨🇳🇨🇳', 5, '🇨🇳', true],
    ['🇨🇳', 3, '', true],
    ['e\u0301e\u0301', 3, 'e\u0301', true],
  ])('cuts %j to %i units as %j', (input, max, expected, truncated) => {
    expect(truncateText(input, max)).toEqual({ text: expected, truncated });
  });

  it('never exceeds the limit, never splits a character, and keeps a prefix', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3_000 }), fc.integer({ min: 1, max: 2_500 }), (text, max) => {
        const { text: cut, truncated } = truncateText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(cut)).toBe(false);
        expect(truncated).toBe(text.length > max);
        expect(text.startsWith(cut)).toBe(true);
      }),
    );
  });
});

describe('choices', () => {
  it.each([
    ['屏幕碎了', 'damaged'],
    ['arrived with a crack', 'damaged'],
    ['开不了机', 'defect'],
    ["it doesn't work", 'defect'],
    ['发错货了', 'wrong_item'],
    ['缺少配件', 'missing_parts'],
    ['有划痕', 'appearance'],
    ['其他', 'other'],
    ['说不清', undefined],
  ])('category of %j is %s', (text, category) => {
    expect(matchProblemCategory(text)).toBe(category);
  });

  it.each([
    ['换新的', 'replace'],
    ['replace it', 'replace'],
    ['维修', 'repair'],
    ['please repair', 'repair'],
    ['退款', 'refund'],
    ['money back', 'refund'],
    ['其他', 'other'],
    ['随便', undefined],
  ])('remedy of %j is %s', (text, remedy) => {
    expect(matchRemedy(text)).toBe(remedy);
  });
});
