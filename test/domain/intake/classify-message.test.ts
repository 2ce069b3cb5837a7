import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/domain/intake/classify-message.ts';
import { extractFacts } from '../../../src/domain/intake/extract-facts.ts';
import type { MessageIntent, UnderstandingContext } from '../../../src/domain/intake/understanding.ts';
import { understandMessage } from '../../../src/domain/intake/understand-message.ts';

const TODAY = '2026-11-26';
const intentOf = (text: string, ctx: UnderstandingContext = {}): MessageIntent => classifyMessage(text, ctx, extractFacts(text, ctx, TODAY));
const refundOpen: UnderstandingContext = { openCases: [{ number: 'RT-20261116-0007', type: 'return', status: 'approved' }] };
const handled: UnderstandingContext = { openCases: [{ number: 'QP-20261105-0004', type: 'quality', status: 'resolved' }] };
const draft = (flow: 'quality' | 'return' | 'exchange' | 'complaint', awaiting: string): UnderstandingContext => ({ draft: { flow, awaiting } });

describe('classifyMessage outside a draft', () => {
  it.each<[string, MessageIntent, UnderstandingContext?]>([
    ['订单 2026112012345 收到的保温杯有3个漏水，要换货，图片稍后发', 'exchange'],
    ['Order 88812345: 2 of the mugs arrived cracked, I want a refund', 'quality'],
    ['退货运费谁出?', 'consult'],
    ['多久退款?', 'consult'],
    ['能退吗', 'consult'],
    ['Who pays the return shipping?', 'consult'],
    ['Can I exchange after 7 days?', 'consult'],
    ['how long does a refund take?', 'consult'],
    ['杯子裂了能换吗', 'consult'],
    ['咨询', 'consult'],
    ['不想要了，能帮我退了吗', 'return'],
    ['can you process a return for order 2026111655102?', 'return'],
    ['how do I start a return? order 88812346', 'return'],
    ['can i swap the M for an L? order 88812345', 'exchange'],
    ['转人工', 'handoff'],
    ['我要找真人', 'handoff'],
    ['能不能转人工', 'handoff'],
    ['human agent pls', 'handoff'],
    ['你是机器人吗', 'other'],
    ['退款怎么还没到', 'status', refundOpen],
    ['Where is my money?? no refund yet', 'status', refundOpen],
    ['any update?', 'status', refundOpen],
    ['什么时候处理', 'status', refundOpen],
    ['投诉多久有结果', 'status', { lastIntent: 'complaint', openCases: [{ number: 'CP-20261126-0002', type: 'complaint', status: 'open' }] }],
    ['投诉多久有结果', 'consult'],
    ['上次那个质量问题处理得我不满意', 'dissatisfied', handled],
    ['差评', 'dissatisfied', handled],
    ['发错货', 'quality'],
    ['少了配件', 'quality'],
    ['发错货了，帮我换成我下单的那款', 'exchange'],
    ['i recieved the wrong model and i just want to return it', 'return'],
    ['充电宝充不进电，退款', 'quality'],
    ['不想要了 退欵', 'return'],
    ['没收到货', 'not_delivered'],
    ['物流没更新', 'not_delivered'],
    ['我退回去的货你们收到没', 'status', refundOpen],
    ['投诉客服小王，态度太差了', 'complaint'],
    ['your support guy Tom was super rude to me', 'complaint'],
    ['在吗', 'greeting'],
    ['hello :)', 'greeting'],
    ['取消 RT-20261120-0003', 'cancel', refundOpen],
    ['谢谢', 'other'],
    ['', 'other'],
  ])('%j → %s', (text, intent, ctx = {}) => {
    expect(intentOf(text, ctx)).toBe(intent);
  });
});

// Word families and structure rather than single phrasings: each row is a wording the corpus does not hold.
describe('classifyMessage generalises over word families and clause structure', () => {
  it.each<[string, MessageIntent, UnderstandingContext?]>([
    // A remedy only asked about is a question; a clause that states the wish makes the message the request.
    ['请问一下 退货的话快递费我出吗', 'consult'],
    ['Would it be possible to exchange this for a bigger size?', 'consult'],
    ['is a replacement possible or only a refund?', 'consult'],
    ['我想退货，运费你们出吗', 'return'],
    ['I want to return it, who pays shipping?', 'return'],
    ['要换货，请问要多久', 'exchange'],
    ['退货的运费谁出？', 'consult'],
    // Asking for someone from the business.
    ['找个真人来跟我说', 'handoff'],
    ['I need to speak with somebody from customer service', 'handoff'],
    ['put me through to a supervisor', 'handoff'],
    ['someone from your support team please', 'handoff'],
    // Goods on the way or never arrived.
    ['我的包裹怎么还在路上', 'not_delivered'],
    ['快递到现在都没送来', 'not_delivered'],
    ['一直在运输中，五天了', 'not_delivered'],
    ['package still not here after a week', 'not_delivered'],
    ['my parcel never showed up', 'not_delivered'],
    ['the order has not turned up yet', 'not_delivered'],
    // The outcome or the amount of a handled case.
    ['退款金额不对，少了30', 'dissatisfied', handled],
    ['you only refunded me half, not ok', 'dissatisfied', handled],
    ['the refund was less than I paid for it', 'dissatisfied', handled],
    ['这个处理结果我不接受', 'dissatisfied', handled],
    // Chasing a case.
    ["where's my refund?", 'status', refundOpen],
    ['what is happening with my return', 'status', refundOpen],
    ['退货寄回去好几天了，有人处理吗', 'status', refundOpen],
    ['我的换货办得怎么样了', 'status', refundOpen],
    // Greetings made of several greeting words; staff conduct in other words.
    ['hey, good morning', 'greeting'],
    ['您好 在吗', 'greeting'],
    ['这个客服态度好差，叫小李的', 'complaint'],
    ['客服态度也太冷漠了吧', 'complaint'],
    // A problem in other words is a quality report.
    ['收到的杯子是破的', 'quality'],
    ['the zipper on the jacket broke off', 'quality'],
    ['could you refund me for order 88812345, it never worked', 'quality'],
    ['我要退款！！东西根本用不了', 'quality'],
    ['我想退钱，不想要了', 'return'],
    ['我买了三双袜子，有一双破洞了', 'quality'],
    ['找你们领导来', 'handoff'],
    ['RT-20261116-0007 退款啥时候到', 'status', refundOpen],
  ])('%j → %s', (text, intent, ctx = {}) => {
    expect(intentOf(text, ctx)).toBe(intent);
  });
});

describe('classifyMessage inside a draft', () => {
  it.each<[string, MessageIntent, UnderstandingContext]>([
    ['2026112012345', 'answer', draft('quality', 'orderNumber')],
    ['运费谁出啊？', 'consult', draft('return', 'itemName')],
    ['小王啊，我刚说了', 'answer', draft('complaint', 'accusedName')],
    ['在吗', 'recap', draft('return', 'receivedOn')],
    ['刚才说到哪了', 'recap', draft('quality', 'photos')],
    ['where were we?', 'recap', draft('quality', 'quantity')],
    ['算了还是换货吧', 'exchange', draft('return', 'receivedOn')],
    ['actually let\'s just do an exchange', 'exchange', draft('return', 'quantity')],
    ['我不是要退货，你搞错了，是东西坏了要处理', 'quality', draft('return', 'orderNumber')],
    ['换个新的', 'answer', draft('quality', 'wishedRemedy')],
    ['数量改为 3', 'correction', draft('quality', 'review')],
    ['被投诉人改为 小王', 'correction', draft('complaint', 'review')],
    ['no wait, I want a refund not a replacement', 'correction', draft('quality', 'review')],
    ['对，提交', 'answer', draft('return', 'review')],
    ['转人工', 'handoff', draft('quality', 'description')],
    ['取消', 'cancel', draft('exchange', 'review')],
    ['never mind, i\'ll keep it', 'cancel', draft('return', 'orderNumber')],
    ['哦', 'other', draft('quality', 'itemName')],
    ['算了，还是退钱吧', 'return', draft('exchange', 'reason')],
    ['actually I want my money back instead', 'return', draft('exchange', 'photos')],
    ['那就退款吧', 'answer', draft('quality', 'wishedRemedy')],
    ['sorry, the date is wrong, it was yesterday', 'correction', draft('quality', 'review')],
    ['数量不对，应该是两个', 'correction', draft('return', 'review')],
  ])('%j → %s', (text, intent, ctx) => {
    expect(intentOf(text, ctx)).toBe(intent);
  });
});

describe('understandMessage', () => {
  it('keeps the facts a request states and drops the remedy a chase names', () => {
    const request = understandMessage('订单 2026112012345 收到的保温杯有3个漏水，要换货，图片稍后发', {}, TODAY);
    expect(request.intent).toBe('exchange');
    expect(request.facts).toMatchObject({
      orderNumber: { value: '2026112012345' },
      itemName: { value: '保温杯' },
      quantity: { value: 3 },
      problemCategory: { value: 'defect' },
      wishedRemedy: { value: 'exchange' },
      hasPhotoPromise: true,
    });
    const chase = understandMessage('订单88812345的退款到了没', {}, TODAY);
    expect(chase.intent).toBe('status');
    expect(chase.facts.wishedRemedy).toBeUndefined();
    expect(chase.facts.orderNumber?.value).toBe('88812345');
  });
});
