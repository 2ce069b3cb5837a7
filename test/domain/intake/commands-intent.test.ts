import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asksForLatest, asksToCancel, detectIntent, findCaseNumber, isCaseNumber, isPhotoLabel, parseCommand, parseCorrection } from '../../../src/domain/intake/index.ts';

describe('parseCommand', () => {
  it.each([
    ['取消', { kind: 'cancel' }],
    ['取消！', { kind: 'cancel' }],
    ['cancel', { kind: 'cancel' }],
    ['/cancel', { kind: 'cancel' }],
    ['算了', { kind: 'cancel' }],
    ['帮助', { kind: 'help' }],
    ['/help', { kind: 'help' }],
    ['/start', { kind: 'help' }],
    ['Help', { kind: 'help' }],
    ['English', { kind: 'lang', lang: 'en' }],
    ['/lang en', { kind: 'lang', lang: 'en' }],
    ['/lang@IntakeBot en', { kind: 'lang', lang: 'en' }],
    ['切换英文', { kind: 'lang', lang: 'en' }],
    ['中文', { kind: 'lang', lang: 'zh' }],
    ['/lang zh', { kind: 'lang', lang: 'zh' }],
    ['Chinese', { kind: 'lang', lang: 'zh' }],
    ['我的售后', { kind: 'status' }],
    ['my cases', { kind: 'status' }],
    ['My Cases.', { kind: 'status' }],
    ['确认', { kind: 'confirm' }],
    ['确认提交', { kind: 'confirm' }],
    ['yes', { kind: 'confirm' }],
    ['修改', { kind: 'edit' }],
    ['edit', { kind: 'edit' }],
    ['跳过', { kind: 'skip' }],
    ['done 👍', { kind: 'skip' }],
    ['没有照片', { kind: 'skip' }],
    ["don't know", { kind: 'skip' }],
  ])('%j is %o', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each(['取消订单的原因是什么', 'cancel RT-20261124-0007', 'English teacher', '我要退货', 'AB123456', '', '🙂', 'x'.repeat(10_000)])('%j is no command', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });
});

describe('detectIntent', () => {
  it.each([
    ['我要退货', 'return'],
    ['申请退款', 'return'],
    ['I want to return this', 'return'],
    ['refund please', 'return'],
    ['换货', 'exchange'],
    // Whether something is allowed is a question for the consultation answerer (issue #15).
    ['能换一个吗', 'consult'],
    ['I would like an exchange', 'exchange'],
    ['退换货', 'return_or_exchange'],
    ['return or exchange', 'return_or_exchange'],
    ['商品质量有问题', 'quality'],
    ['杯子坏了', 'quality'],
    ['The kettle arrived broken', 'quality'],
    ['item is defective', 'quality'],
    ['投诉质量问题', 'quality'],
    ['我要投诉客服', 'complaint'],
    ['客服态度很差', 'complaint'],
    ['I want to complain about your staff', 'complaint'],
    ['my cases', 'status'],
    ['我的售后进度', 'status'],
    ["what's the status of my return", 'status'],
    ['退货要多久？', 'consult'],
    ['退货政策是什么', 'consult'],
    ['how long does a refund take?', 'consult'],
    ['请问发票怎么开', 'consult'],
    ['what is your policy?', 'consult'],
    ['你好', 'greeting'],
    ['您好，在吗', 'greeting'],
    ['hello, I need help', 'greeting'],
  ])('%j → %s', (text, intent) => {
    expect(detectIntent(text)).toBe(intent);
  });

  it.each(['asdf', '12345', '🙂🙂', 'مرحبا، أريد', 'x'.repeat(10_000)])('%j has no intent', (text) => {
    expect(detectIntent(text)).toBeUndefined();
  });

  it('never throws on arbitrary unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 10_000 }), (text) => void detectIntent(text)), { numRuns: 200 });
  });

  it('recognises cancel and latest requests', () => {
    expect(asksToCancel('取消 RT-20261124-0007')).toBe(true);
    expect(asksToCancel('please cancel RT-20261124-0007')).toBe(true);
    expect(asksToCancel('RT-20261124-0007')).toBe(false);
    expect(asksForLatest('最新的售后进度')).toBe(true);
    expect(asksForLatest('status of my latest case')).toBe(true);
  });
});

describe('case numbers', () => {
  it.each([
    ['RT-20261124-0007', 'RT-20261124-0007'],
    ['查询 rt-20261124-0007 进度', 'RT-20261124-0007'],
    ['取消RT-20261124-0007', 'RT-20261124-0007'],
    ['QA-20261124-123456', 'QA-20261124-123456'],
  ])('finds %j', (text, number) => {
    expect(findCaseNumber(text)).toBe(number);
  });

  it.each(['RT-2026112-0007', 'XRT-20261124-0007A', 'AB123456', ''])('finds none in %j', (text) => {
    expect(findCaseNumber(text)).toBeUndefined();
  });

  it('validates exact numbers', () => {
    expect(isCaseNumber('RT-20261124-0007')).toBe(true);
    expect(isCaseNumber('RT-20261124-0007:x')).toBe(false);
    expect(isCaseNumber('rt-20261124-0007')).toBe(false);
  });
});

describe('parseCorrection', () => {
  it.each([
    ['订单号改为AB123456', { field: 'orderNumber', value: 'AB123456' }],
    ['把订单号改成 AB123456', { field: 'orderNumber', value: 'AB123456' }],
    ['订单号：AB123456', { field: 'orderNumber', value: 'AB123456' }],
    ['数量：3', { field: 'quantity', value: '3' }],
    ['数量应该是5件', { field: 'quantity', value: '5件' }],
    ['收货日期 应该是 昨天', { field: 'receivedOn', value: '昨天' }],
    ['商品是保温杯', { field: 'itemName', value: '保温杯' }],
    ['原因：尺码不合适', { field: 'reason', value: '尺码不合适' }],
    ['change quantity to 5', { field: 'quantity', value: '5' }],
    ['order number is AB-99999', { field: 'orderNumber', value: 'AB-99999' }],
    ['the item should be a blue kettle', { field: 'itemName', value: 'a blue kettle' }],
    ['Date received: yesterday', { field: 'receivedOn', value: 'yesterday' }],
    // The field first said to be wrong, after an interjection or not.
    ['oh the quantity is wrong, it should be 3', { field: 'quantity', value: '3' }],
    ['sorry, the order number was wrong: 88812345', { field: 'orderNumber', value: '88812345' }],
    ['数量不对，应该是4', { field: 'quantity', value: '4' }],
    ['不好意思，订单号写错了，应该是 AB123456', { field: 'orderNumber', value: 'AB123456' }],
  ])('%j → %o', (text, correction) => {
    expect(parseCorrection(text)).toEqual(correction);
  });

  it.each(['商品坏了', '屏幕裂了，订单号我忘了', 'AB123456', '昨天', '🙂', '', 'the item is wrong, I got a cup', '商品不对'])('%j is no correction', (text) => {
    expect(parseCorrection(text)).toBeUndefined();
  });

  it('keeps a long corrected value whole', () => {
    const long = '描述：' + '很'.repeat(5_000);
    expect(parseCorrection(long)?.value).toHaveLength(5_000);
  });
});

describe('isPhotoLabel', () => {
  const LABELS = ['照片', '图片', '如图', '见图', '看图', '附图', '如图所示', '照片如下', '这是照片', '实拍图', '截图', '见附件', 'photo', 'Photos', 'pics', 'see attached', 'here are the photos', 'photo of the damage', 'Screenshot', 'attached'];
  it.each(LABELS)('"%s" only labels the photo', (text) => {
    expect(isPhotoLabel(text)).toBe(true);
  });

  it.each([
    '订单 JD2026112408151 的杯子碎了',
    '杯底也有一道裂缝',
    '照片里的杯子碎了',
    '图片稍后发',
    'order JD2026112408151: the mug arrived cracked',
    'photo of the crack, the handle is loose too',
    'see the crack at the rim',
    '',
    '好的',
  ])('"%s" says more than what the photo is', (text) => {
    expect(isPhotoLabel(text)).toBe(false);
  });

  it('decoration, case and spacing around a label do not matter; anything added to it does', () => {
    const decoration = fc.constantFrom('', ' ', '！', '!', '👇', '：', '...', '  \n');
    fc.assert(
      fc.property(fc.constantFrom(...LABELS), decoration, decoration, fc.boolean(), (label, before, after, upper) => {
        expect(isPhotoLabel(`${before}${upper ? label.toUpperCase() : label}${after}`)).toBe(true);
        expect(isPhotoLabel(`${label}，订单 JD2026112408151`)).toBe(false);
      }),
    );
  });
});
