import { describe, expect, it } from 'vitest';
import { truncateText } from '../../src/domain/intake/index.ts';

/*
 * Counterexamples the fuzzers in this directory found, kept as plain tests after the fix.
 */

/** The fastest of `runs` calls of `fn`, in milliseconds (the minimum is the least disturbed by other load). */
function fastest(fn: () => unknown, runs = 15): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('fuzz counterexamples', () => {
  // extractors.test.ts "truncateText … grapheme boundary": 100 KB of one CJK character cut to a slot's limit took
  // 2–3 s per call (the whole message was segmented into graphemes); only the head is segmented now.
  it('truncateText costs the same on 100 KB as on 4 KB when cutting to 2,000 characters', () => {
    for (const unit of ['退', '\ud800', '\u202e', 'ab\u0301', '가']) {
      const small = unit.repeat(Math.ceil(4_000 / unit.length));
      const large = unit.repeat(Math.ceil(100_000 / unit.length));
      const ratio = fastest(() => truncateText(large, 2_000)) / Math.max(fastest(() => truncateText(small, 2_000)), 0.05);
      expect(ratio, JSON.stringify(unit)).toBeLessThan(10);
    }
  });

  it('truncateText cuts a 100 KB message where segmenting the whole message would', () => {
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    for (const text of ['退'.repeat(100_000), '👨‍👩‍👧‍👦'.repeat(10_000), 'e\u0301'.repeat(50_000), '🇨🇳'.repeat(25_000), `${'a'.repeat(1_999)}👍🏿${'b'.repeat(98_000)}`]) {
      let end = 0;
      for (const { segment } of graphemes.segment(text.slice(0, 20_000))) {
        if (end + segment.length > 2_000) break;
        end += segment.length;
      }
      expect(truncateText(text, 2_000)).toEqual({ text: text.slice(0, end), truncated: true });
    }
  });
});
