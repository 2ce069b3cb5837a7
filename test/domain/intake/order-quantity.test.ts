import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseNumber, parseOrderNumber, parseQuantity } from '../../../src/domain/intake/index.ts';

describe('parseOrderNumber', () => {
  it.each([
    ['AB123456', 'AB123456'],
    ['ab123456', 'AB123456'],
    ['  SO-2026-1120  ', 'SO-2026-1120'],
    ['订单号：JD2026112008151', 'JD2026112008151'],
    ['订单号 JD2026112008151', 'JD2026112008151'],
    ['单号:123456', '123456'],
    ['Order #AB-99999', 'AB-99999'],
    ['order number: 20261120-88', '20261120-88'],
    ['ＡＢ１２３４５６', 'AB123456'],
    ['123456', '123456'],
    ['A'.repeat(31) + '1', 'A'.repeat(31) + '1'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseOrderNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['订单号：', 'empty'],
    ['AB12', 'length'],
    ['12345', 'length'],
    ['A'.repeat(32) + '1', 'length'],
    ['AB 123456', 'characters'],
    ['AB_123456', 'characters'],
    ['-AB123456', 'characters'],
    ['AB123456-', 'characters'],
    ['订单12345678号', 'characters'],
    ['🙂🙂🙂🙂🙂🙂', 'characters'],
    ['مرحبا123456', 'characters'],
    ['HELLO-WORLD', 'no_digit'],
    ['ABCDEFGH', 'no_digit'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseOrderNumber(input)).toEqual({ ok: false, problem });
  });

  it('is idempotent, never throws, and only returns the documented shape', () => {
    const candidates = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10_000 }), fc.stringMatching(/^[A-Za-z0-9-]{4,40}$/));
    fc.assert(
      fc.property(candidates, (text) => {
        const result = parseOrderNumber(text);
        if (!result.ok) return;
        expect(result.value).toMatch(/^[A-Z0-9][A-Z0-9-]{4,30}[A-Z0-9]$/);
        expect(result.value).toMatch(/\d/);
        expect(parseOrderNumber(result.value)).toEqual(result);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['3', 3],
    ['3件', 3],
    ['3 件', 3],
    ['x3', 3],
    ['×3', 3],
    ['数量：3', 3],
    ['3 pcs', 3],
    ['2 items', 2],
    ['３', 3],
    ['三件', 3],
    ['两个', 2],
    ['十二', 12],
    ['两百零五', 205],
    ['九千九百九十九', 9999],
    ['two', 2],
    ['a dozen'.slice(2), 12],
    ['9999', 9999],
    ['007', 7],
  ])('reads %j as %i', (input, expected) => {
    expect(parseQuantity(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['0', 'range'],
    ['-3', 'range'],
    ['10000', 'range'],
    ['99999999999999999999', 'format'],
    ['1.5', 'format'],
    ['1,000', 'format'],
    ['many', 'format'],
    ['', 'format'],
    ['🙂', 'format'],
    ['一万', 'format'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseQuantity(input)).toEqual({ ok: false, problem });
  });

  it('reads every quantity in range, with or without a unit, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('', '件', ' pcs', '个'), (n, unit) => {
        expect(parseQuantity(`${n}${unit}`)).toEqual({ ok: true, value: n });
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 10_000 }), (text) => {
        const result = parseQuantity(text);
        if (result.ok) expect(result.value).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('parses Chinese numerals', () => {
    expect(parseChineseNumber('十')).toBe(10);
    expect(parseChineseNumber('二十')).toBe(20);
    expect(parseChineseNumber('一百零一')).toBe(101);
    expect(parseChineseNumber('abc')).toBeUndefined();
  });
});
