import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/domain/intake/classify-message.ts';
import { extractFacts } from '../../../src/domain/intake/extract-facts.ts';
import { QUANTITY_RANGE, normalizeInput } from '../../../src/domain/intake/index.ts';
import type { MessageFacts, UnderstandingContext } from '../../../src/domain/intake/understanding.ts';

const TODAY = '2026-11-26';
const none: UnderstandingContext = {};
const awaiting = (flow: 'quality' | 'return' | 'exchange' | 'complaint', field: string): UnderstandingContext => ({ draft: { flow, awaiting: field } });
const facts = (text: string, ctx: UnderstandingContext = none): MessageFacts => extractFacts(text, ctx, TODAY);

describe('order numbers', () => {
  it.each([
    ['订单 2026112012345 收到的保温杯有3个漏水', '2026112012345'],
    ['Order 88812345: 2 of the mugs arrived cracked', '88812345'],
    ['定单号2026111812001，收到的电热水壶没反应', '2026111812001'],
    ['订单号 ２０２６１１２０１２３４５ 的花瓶碎了', '2026112012345'],
    ['order #DD20261118007, will send pics', 'DD20261118007'],
    ['ordr no 2026111812001', '2026111812001'],
    ['单号是TB889900123', 'TB889900123'],
    ['我刚才不是说了吗 2026112012345', '2026112012345'],
    ['pls return my ordr 2026112312888 thx', '2026112312888'],
    ['订单号：ab123456', 'AB123456'],
  ])('%j → %s', (text, value) => {
    const found = facts(text).orderNumber;
    expect(found?.value).toBe(value);
    expect(normalizeInput(text.slice(found?.span.start, found?.span.end)).toUpperCase()).toBe(value);
  });

  it.each([
    ['RT-20261120-0003 到哪一步了', 'a case number'],
    ['我的电话 13812345678', 'a phone number'],
    ['快递单号 773012345678901 已寄出', 'a labelled waybill'],
    ['tracking: 1Z999AA10123456784', 'a labelled tracking number'],
    ['20261120 收到的', 'a date'],
    ['买了 12345个', 'a quantity'],
    ['退款 12345678 元', 'a price'],
    ['我要退货 iPhone15', 'a model name'],
    ['Order 123', 'too short'],
  ])('%j has no order number (%s)', (text) => {
    expect(facts(text).orderNumber).toBeUndefined();
  });

  it('takes a short code only when the draft asks for the order number, and never a case number', () => {
    expect(facts('A12345').orderNumber).toBeUndefined();
    expect(facts('A12345', awaiting('return', 'orderNumber')).orderNumber?.value).toBe('A12345');
    const caseAnswer = facts('RT-20261120-0003', awaiting('exchange', 'orderNumber'));
    expect(caseAnswer.orderNumber).toBeUndefined();
    expect(caseAnswer.caseNumber?.value).toBe('RT-20261120-0003');
    expect(facts('rt-20261120-0003 status?').caseNumber?.value).toBe('RT-20261120-0003');
  });
});

describe('quantities', () => {
  it.each([
    ['收到的保温杯有3个漏水', 3],
    ['收到五个，其中两个坏了', 2],
    ['杯子碎了两个', 2],
    ['一共12个裂了4个', 4],
    ['退两双', 2],
    ['我要换 十二件T恤全是XL的', 12],
    ['一箱纸巾', 1],
    ['2 of the mugs arrived cracked', 2],
    ['got 10 bottles, 4 of them leak', 4],
    ['6 bowls, 2 came chipped', 2],
    ['the 12 glasses i received, 5 are broken in the box', 5],
    ['return 3 mugs', 3],
    ['Return request: order DD20261118007, 12 pcs', 12],
    ['I would like to return one carpet', 1],
    ['a box of 6 candles, two are snapped', 2],
  ])('%j → %d', (text, value) => {
    expect(facts(text).quantity?.value).toBe(value);
  });

  it.each([
    ['Order 88812345 arrived cracked', 'digits of an order number'],
    ['三天前收到的', 'a duration'],
    ['3 days ago', 'a duration'],
    ['少退了20块', 'money'],
    ['椅子腿断了一根', 'a part'],
    ['你们发的货少了一个遥控器', 'a part'],
    ['衣服上有一块污渍', 'a stain'],
    ['螺丝少了几颗', 'a vague count'],
    ['the headphones only work on one side', 'a side'],
    ['I want a refund', 'an article'],
    ['the rug I received on Nov 21 has a big stain', 'a day of a month'],
  ])('%j has no quantity (%s)', (text) => {
    expect(facts(text).quantity).toBeUndefined();
  });

  it('reads a bare answer only when the draft asks for the quantity', () => {
    expect(facts('3').quantity).toBeUndefined();
    expect(facts('3', awaiting('quality', 'quantity')).quantity?.value).toBe(3);
    expect(facts('两副', awaiting('exchange', 'quantity')).quantity?.value).toBe(2);
    expect(facts('all of them, 6', awaiting('return', 'quantity')).quantity?.value).toBe(6);
    expect(facts('运费谁出啊？', awaiting('return', 'quantity')).quantity).toBeUndefined();
    expect(facts('0', awaiting('return', 'quantity')).quantity).toBeUndefined();
  });
});

describe('items', () => {
  it.each([
    ['收到的保温杯有3个漏水', '保温杯'],
    ['2 of the mugs arrived cracked', 'mugs'],
    ['包装被压扁了 里面的蛋糕模具也变形了', '蛋糕模具'],
    ['我要换货，一双运动鞋鞋底开胶', '运动鞋'],
    ['两件T恤', 'T恤'],
    ['水杯的吸管漏水', '水杯'],
    ['台灯少了个灯罩', '台灯'],
    ['THE BLENDER ARRIVES SMASHED', 'BLENDER'],
    ['scratches all over the screen protector', 'screen protector'],
    ['you sent me a pair with both left shoes', 'shoes'],
    ['写错了，不是杯子，是碗', '碗'],
  ])('%j → %s', (text, value) => {
    const found = facts(text).itemName;
    expect(found?.value).toBe(value);
    expect(text.slice(found?.span.start, found?.span.end)).toBe(value);
  });

  it.each(['你们发的货少了一个遥控器', 'charger is missing from the box', '螺丝少了几颗，装不了', '投诉客服小王', '包裹破损了', '转人工'])('%j names no item', (text) => {
    expect(facts(text).itemName).toBeUndefined();
  });

  it('drops colour words and refuses a question where the item was asked', () => {
    expect(facts('就那个蓝色的保温杯', awaiting('quality', 'itemName')).itemName?.value).toBe('保温杯');
    expect(facts('电动牙刷', awaiting('return', 'itemName')).itemName?.value).toBe('电动牙刷');
    expect(facts('运费谁出啊？', awaiting('return', 'itemName')).itemName).toBeUndefined();
    expect(facts('不知道', awaiting('return', 'itemName')).itemName).toBeUndefined();
  });
});

describe('problem, remedy, photos, anger', () => {
  it.each([
    ['发错货', 'wrong_item'],
    ['少了配件', 'missing_parts'],
    ['the lamp came without the shade', 'missing_parts'],
    ['保温杯漏水', 'defect'],
    ['杯子裂了', 'damaged'],
    ['炒锅外面有划痕', 'appearance'],
    ['杯子有异味', 'other'],
    ['the handle has a scratch and the paint is chipped', 'appearance'],
    // Families of "does not do its job" and of broken goods, in words the corpus does not hold.
    ['裙子腰那里开线了', 'defect'],
    ['外套拉链拉不上', 'defect'],
    ['台灯插上电也点不亮，开关按了没反应', 'defect'],
    ['蓝牙耳机连不上手机', 'defect'],
    ['the heater stopped heating after a day', 'defect'],
    ['the speaker wont connect to my phone', 'defect'],
    ['it never worked', 'defect'],
    ['the strap broke off the first time', 'defect'],
    ['收到的盘子是破的', 'damaged'],
    ['two legs snapped in transit', 'damaged'],
  ])('%j → %s', (text, value) => {
    expect(facts(text).problemCategory?.value).toBe(value);
  });

  it.each(['东西坏了', '质量问题', '没有破损', '发错货的话运费谁出？', 'do i need photos for a damaged item?', 'tracking number doesnt work'])('%j states no category', (text) => {
    expect(facts(text).problemCategory).toBeUndefined();
  });

  it.each([
    ['要换货', 'exchange'],
    ['I want a refund', 'refund'],
    ['退货退款', 'refund'],
    ['给我补发一个吧', 'replace'],
    ['能修就修一下', 'repair'],
    ['推货', 'return'],
    ['forget the exchange, i want to return it', 'return'],
  ])('%j wishes %s', (text, value) => {
    expect(facts(text).wishedRemedy?.value).toBe(value);
  });

  it('reads no wish from a question or a negation, and a new one as a replacement in a quality report', () => {
    expect(facts('杯子裂了能换吗').wishedRemedy).toBeUndefined();
    expect(facts('Can I exchange after 7 days?').wishedRemedy).toBeUndefined();
    expect(facts('我不是要退货').wishedRemedy).toBeUndefined();
    expect(facts('换个新的', awaiting('quality', 'wishedRemedy')).wishedRemedy?.value).toBe('replace');
  });

  it('sees promised photos and anger', () => {
    expect(facts('图片稍后发').hasPhotoPromise).toBe(true);
    expect(facts('will send pics').hasPhotoPromise).toBe(true);
    expect(facts('没有照片').hasPhotoPromise).toBeUndefined();
    // Waiting for the photos, sending later is sending the photos later; elsewhere it promises nothing.
    expect(facts('sending them tomorrow', awaiting('quality', 'photos')).hasPhotoPromise).toBe(true);
    expect(facts('晚点拍了发你', awaiting('exchange', 'photos')).hasPhotoPromise).toBe(true);
    expect(facts("I'll upload them tonight", awaiting('quality', 'photos')).hasPhotoPromise).toBe(true);
    expect(facts("I can't send them today", awaiting('quality', 'photos')).hasPhotoPromise).toBeUndefined();
    expect(facts('do I need to send them later?', awaiting('quality', 'photos')).hasPhotoPromise).toBeUndefined();
    expect(facts('sending them tomorrow').hasPhotoPromise).toBeUndefined();
    expect(facts('垃圾质量！！！').angry).toBe(true);
    expect(facts('Where is my money?? no refund yet').angry).toBe(true);
    expect(facts('I NEED A HUMAN NOT A BOT').angry).toBe(true);
    expect(facts('still waiting, thanks').angry).toBeUndefined();
  });
});

describe('staff names', () => {
  it.each([
    ['投诉客服小王，态度太差了', '小王'],
    ['那个王经理太不负责了', '王经理'],
    ['你们那个叫李娜的客服说话很冲', '李娜'],
    ['投诉！！！你们的售后张伟骂人', '张伟'],
    ['客服Amy态度差，投诉', 'Amy'],
    ['your support guy Tom was super rude to me', 'Tom'],
    ["I'd like to complain about Mike from after-sales", 'Mike'],
    ['Complaint: agent Sarah Chen refused', 'Sarah Chen'],
  ])('%j → %s', (text, value) => {
    expect(facts(text).accusedName?.value).toBe(value);
  });

  it('reads a name, not a sentence, where the name was asked', () => {
    const ctx = awaiting('complaint', 'accusedName');
    expect(facts('小王啊，我刚说了', ctx).accusedName?.value).toBe('小王');
    expect(facts('it was Mike, like I said', ctx).accusedName?.value).toBe('Mike');
    expect(facts('运费谁出啊？', ctx).accusedName).toBeUndefined();
    expect(facts('不记得名字了', ctx).accusedName).toBeUndefined();
    expect(facts('工号8023的客服挂我电话').accusedName).toBeUndefined();
  });
});

describe('received dates', () => {
  it('keeps the day the goods came, not the day of another event', () => {
    expect(facts('台灯少了个灯罩，上周五收到的').receivedOn?.value).toBe('2026-11-20');
    expect(facts('上周三', awaiting('exchange', 'receivedOn')).receivedOn?.value).toBe('2026-11-18');
    expect(facts('收货日期改为11月20日', awaiting('return', 'review')).receivedOn?.value).toBe('2026-11-20');
    expect(facts('想投诉一下昨天接待我的客服').receivedOn).toBeUndefined();
    expect(facts('说好的昨天到 今天还没见到东西').receivedOn).toBeUndefined();
  });

  it('reports a future date as a problem', () => {
    expect(facts('明天收到的', awaiting('return', 'receivedOn')).dateProblem?.value).toBe('future');
  });
});

// Messages built from the pieces merchants write, so the properties exercise the extractors, not just noise.
const pieces = fc.constantFrom(
  '订单', '订单号：', 'order #', '2026112012345', '２０２６１１２０', 'RT-20261120-0003', '13812345678', '保温杯', 'mugs', '3个', '两副', '其中',
  '2 of the', '漏水', 'cracked', '换货', 'refund', '上周五', 'yesterday', '小王', 'Tom from support', '图片稍后发', '！！', '？', ' ', '，', '吗', 'İ', 'ﬁ', '👍🏽',
);
const messages = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join('')));
const contexts = fc.constantFrom<UnderstandingContext>(
  {},
  awaiting('quality', 'orderNumber'),
  awaiting('return', 'itemName'),
  awaiting('exchange', 'quantity'),
  awaiting('complaint', 'accusedName'),
  awaiting('quality', 'wishedRemedy'),
  awaiting('return', 'review'),
  { openCases: [{ number: 'RT-20261116-0007', type: 'return', status: 'approved' }], lastIntent: 'complaint' },
);

describe('properties', () => {
  it('never throws; every span slices the message; numbers appear in it; quantities are in range', () => {
    fc.assert(
      fc.property(messages, contexts, (text, ctx) => {
        const found = extractFacts(text, ctx, TODAY);
        classifyMessage(text, ctx, found);
        for (const fact of Object.values(found)) {
          if (typeof fact !== 'object') continue;
          const { start, end } = fact.span;
          expect(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length).toBe(true);
        }
        if (found.orderNumber) {
          expect(normalizeInput(text).toUpperCase()).toContain(found.orderNumber.value);
          expect(normalizeInput(text.slice(found.orderNumber.span.start, found.orderNumber.span.end)).toUpperCase()).toBe(found.orderNumber.value);
          expect(found.orderNumber.value).not.toBe(found.caseNumber?.value);
        }
        if (found.quantity) {
          expect(found.quantity.value).toBeGreaterThanOrEqual(QUANTITY_RANGE.min);
          expect(found.quantity.value).toBeLessThanOrEqual(QUANTITY_RANGE.max);
        }
        // Items and names are kept as the merchant wrote them: exactly the text of their span.
        for (const written of [found.itemName, found.accusedName, found.caseNumber && { ...found.caseNumber, value: found.caseNumber.value.toLowerCase() }]) {
          if (written) expect(normalizeInput(text.slice(written.span.start, written.span.end)).toLowerCase()).toBe(normalizeInput(written.value).toLowerCase());
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads a 10,000-character message quickly', () => {
    for (const text of ['1'.repeat(10_000), 'a '.repeat(5_000), '少了'.repeat(5_000), 'ORDER #'.repeat(1_400), '换货？'.repeat(3_300), 'A'.repeat(10_000)]) {
      const started = performance.now();
      classifyMessage(text, none, extractFacts(text, none, TODAY));
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
