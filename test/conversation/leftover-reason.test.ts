import { describe, expect, it } from 'vitest';
import { leftoverReason } from '../../src/conversation/understood.ts';
import { understandMessage } from '../../src/domain/intake/understand-message.ts';

// The reason of a return or exchange read from the opening message, beside its facts (3.2): the merchant's own clause,
// never a clause that only names the item, the count, the date or the order, nor the request itself.
function reasonOf(text: string): string | undefined {
  return leftoverReason(text, understandMessage(text, {}, '2026-11-26').facts);
}

describe('leftoverReason', () => {
  it.each([
    ['你好，我要退货，杯子收到就是坏的', '杯子收到就是坏的'],
    ['鞋子买小了，想退', '鞋子买小了'],
    ['鞋子码数小了，想换大一码', '鞋子码数小了'],
    ['前天收到的羽绒服太小了，退了吧', '前天收到的羽绒服太小了'],
    ['定单 2026111812001 的拖鞋买大了，退两双', '拖鞋买大了'],
    ['买多了 退3个 保温杯', '买多了'],
    ['11.20收到的床单尺寸不对，要换1.8米的', '11.20收到的床单尺寸不对'],
    ['exchange please, the shirt is too big', 'the shirt is too big'],
    ['the shoes are too small, I want to return them', 'the shoes are too small'],
    ['I want to return 2 kettles from order 88812345, received them yesterday, changed my mind', 'changed my mind'],
  ])('"%s" → "%s"', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it.each([
    '我要退货，订单2026112012345，两个杯子',
    '退货，大前天收到的，一箱纸巾',
    '上周三收到的鞋子要退，订单号 2026122800123',
    '我想退掉订单 2026111655102 里的两件T恤，上周三收到的',
    'I want to return 2 mugs from order 88812345',
    "I'd like to return 3 mugs from order 88812345, received on Friday",
    'Return request: order DD20261118007, 12 pcs, arrived 3 days ago',
    'received the shoes on monday, want to exchange for a bigger size',
  ])('"%s" states no reason', (text) => {
    expect(reasonOf(text)).toBeUndefined();
  });
});
