import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTrackingNumber } from '../../../src/domain/intake/index.ts';

describe('findTrackingNumber (3.2.3)', () => {
  it.each([
    ['已经寄回了，顺丰 SF1234567890123', 'SF1234567890123'],
    ['单号：773012345678901', '773012345678901'],
    ['快递单号是 YT2345678901234 麻烦查收', 'YT2345678901234'],
    ['sent it back, tracking number 1Z999AA10123456784', '1Z999AA10123456784'],
    ['寄出了 jt0012345678901', 'JT0012345678901'],
    ['tracking: sf1234567890', 'SF1234567890'],
  ])('%s → %s', (text, expected) => {
    expect(findTrackingNumber(text)).toBe(expected);
  });

  it.each(['订单 2026112012345 收到的保温杯漏水', '我的订单号是 SO20261120-001', 'RT-20261126-0001 什么时候退款', '你好', '单号还没拿到'])('%s → nothing', (text) => {
    expect(findTrackingNumber(text)).toBeUndefined();
  });

  it('never throws, and what it finds is in the message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const found = findTrackingNumber(text);
        return found === undefined || text.toUpperCase().includes(found) || text.normalize('NFKC').toUpperCase().includes(found);
      }),
    );
  });
});
