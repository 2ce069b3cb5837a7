import { describe, expect, it } from 'vitest';
import { useCaseDatabase } from './support/in-process.ts';
import { driveToCase, isoDay, MerchantChat, photo } from './support/merchant-chat.ts';

// Issue #15, "Fill the draft from everything the merchant writes": a first message that states the facts becomes a
// draft with those facts, the bot asks only for what is missing, and a case follows in at most three merchant turns
// (the message, photos or skip, confirm). Fixed clock: Thursday 2026-11-26 10:00 Asia/Shanghai.

const db = useCaseDatabase();

const ORDER_QUESTION = /订单号[^\n。]*[？?]|请(?:提供|输入|填写)订单号|what is (?:the|your) order number|order number\?/i;

async function attachmentsOf(caseId: string) {
  return db.prisma.attachment.findMany({ where: { caseId } });
}

describe('a first message with every fact', () => {
  it('zh: "订单 … 收到的保温杯有3个漏水，要换货，图片稍后发" prefills an exchange, asks for photos, and opens an EX case', async () => {
    const chat = await MerchantChat.open(db);
    await chat.say('订单 2026112012345 收到的保温杯有3个漏水，要换货，图片稍后发');
    const draft = chat.draft();
    expect(draft, chat.transcript).toBeDefined();
    expect(draft?.flow).toBe('exchange');
    expect(draft?.fields).toMatchObject({ orderNumber: '2026112012345', itemName: '保温杯', quantity: 3 });
    expect([draft?.fields.reason, draft?.fields.description, draft?.fields.problemCategory].join(' ')).toMatch(/漏水|defect/);
    // Nothing given is asked again; the reply shows what was understood.
    expect(['orderNumber', 'itemName', 'quantity', 'reason']).not.toContain(draft?.awaiting);
    expect(chat.text).not.toMatch(ORDER_QUESTION);
    expect(chat.text).toContain('2026112012345');
    expect(chat.text).toContain('保温杯');

    // The message holds no receipt date: that one field is asked and answered in one message.
    const { asked, extraTurns } = await driveToCase(chat, { lang: 'zh-CN', photos: 'send', extras: { receivedOn: '昨天收到的' } });
    // A leak is a defect: photos are asked for in an exchange too (3.1, 4.4.2).
    expect(asked, chat.transcript).toContain('photos');
    expect(chat.turns - extraTurns, chat.transcript).toBeLessThanOrEqual(3);
    const cases = await chat.cases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'exchange', orderNumber: '2026112012345', itemName: '保温杯', quantity: 3 });
    expect(cases[0]?.number).toMatch(/^EX-/);
    expect(isoDay(cases[0]?.receivedOn)).toBe('2026-11-25');
    expect(await attachmentsOf(cases[0]?.id ?? '')).toHaveLength(1);
    expect(chat.text).toContain(cases[0]?.number);
  });

  it('zh: with the receipt day in the message too, the case takes at most three merchant turns', async () => {
    const chat = await MerchantChat.open(db);
    await chat.say('订单 2026112012345 昨天收到的保温杯有3个漏水，要换货，图片稍后发');
    expect(chat.draft()?.fields).toMatchObject({ orderNumber: '2026112012345', itemName: '保温杯', quantity: 3, receivedOn: '2026-11-25' });
    const { extraTurns } = await driveToCase(chat, { lang: 'zh-CN', photos: 'send' });
    expect(extraTurns).toBe(0);
    expect(chat.turns, chat.transcript).toBeLessThanOrEqual(3);
    const cases = await chat.cases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'exchange', orderNumber: '2026112012345', itemName: '保温杯', quantity: 3 });
    expect(isoDay(cases[0]?.receivedOn)).toBe('2026-11-25');
  });

  it('en: "Order 88812345: 2 of the mugs arrived cracked, I want a refund" prefills a quality report and opens it in at most three turns', async () => {
    const chat = await MerchantChat.open(db);
    await chat.say('Order 88812345: 2 of the mugs arrived cracked, I want a refund');
    const draft = chat.draft();
    expect(draft, chat.transcript).toBeDefined();
    expect(draft?.flow).toBe('quality');
    expect(draft?.fields).toMatchObject({ orderNumber: '88812345', quantity: 2, problemCategory: 'damaged', wishedRemedy: 'refund' });
    expect(draft?.fields.itemName).toMatch(/mug/i);
    expect(['orderNumber', 'itemName', 'quantity', 'problemCategory', 'wishedRemedy']).not.toContain(draft?.awaiting);
    expect(chat.text).not.toMatch(ORDER_QUESTION);
    expect(chat.text).toContain('88812345');

    const { asked, extraTurns } = await driveToCase(chat, { lang: 'en', photos: 'skip' });
    expect(asked).toContain('photos');
    expect(extraTurns).toBe(0);
    expect(chat.turns, chat.transcript).toBeLessThanOrEqual(3);
    const cases = await chat.cases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'quality', orderNumber: '88812345', quantity: 2, problemCategory: 'damaged', wishedRemedy: 'refund' });
    expect(cases[0]?.itemName).toMatch(/mug/i);
    expect(cases[0]?.number).toMatch(/^QP-/);
  });

  it('en: a return with every fact in one message takes at most three turns', async () => {
    const chat = await MerchantChat.open(db);
    await chat.say('I want to return 2 kettles from order 88812345, received them yesterday, changed my mind');
    expect(chat.draft()?.flow).toBe('return');
    expect(chat.draft()?.fields).toMatchObject({ orderNumber: '88812345', quantity: 2, receivedOn: '2026-11-25' });
    const { extraTurns } = await driveToCase(chat, { lang: 'en', photos: 'skip' });
    expect(extraTurns).toBe(0);
    expect(chat.turns, chat.transcript).toBeLessThanOrEqual(3);
    const cases = await chat.cases();
    expect(cases[0]).toMatchObject({ type: 'return', orderNumber: '88812345', quantity: 2 });
    expect(cases[0]?.itemName).toMatch(/kettle/i);
  });
});

describe('an answer that repeats what was said', () => {
  it.each([
    ['zh', '我要退货', '我刚才不是说了吗 2026112012345', '2026112012345'],
    ['en', 'I want to return something', 'I already told you, 88812345', '88812345'],
  ])('%s: "%s" then "%s" takes the order number', async (_lang, start, answer, order) => {
    const chat = await MerchantChat.open(db);
    await chat.say(start);
    expect(chat.draft()?.awaiting).toBe('orderNumber');
    await chat.say(answer);
    expect(chat.draft()?.fields.orderNumber, chat.transcript).toBe(order);
    expect(chat.draft()?.awaiting).not.toBe('orderNumber');
    expect(chat.text).not.toMatch(ORDER_QUESTION);
  });
});

describe('photos sent with the first message', () => {
  it.each([
    ['zh', '订单2026112012345 杯子裂了', '2026112012345'],
    ['en', 'order 88812345 the cup is cracked', '88812345'],
  ])('%s: "%s" with a photo keeps the photo for the report', async (_lang, message, order) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message, [photo(1)]);
    const draft = chat.draft();
    expect(draft, chat.transcript).toBeDefined();
    expect(draft?.flow).toBe('quality');
    expect(draft?.fields.orderNumber).toBe(order);
    expect(draft?.fields.problemCategory).toBe('damaged');
    expect(draft?.fields.photos).toHaveLength(1);
    expect(draft?.awaiting).not.toBe('orderNumber');
    expect(await chat.cases()).toHaveLength(0);
  });

  it.each([
    ['zh', ['我要退货', '2026112012345', '杯子', '1', '昨天', '杯子有裂纹']],
    ['en', ['I want to return something', '88812345', 'cup', '1', 'yesterday', 'the cup has a crack']],
  ])('%s: a return because of a crack asks for photos', async (_lang, steps) => {
    const chat = await MerchantChat.open(db);
    for (const step of steps) await chat.say(step);
    expect(chat.draft()?.flow).toBe('return');
    expect(chat.draft()?.awaiting, chat.transcript).toBe('photos');
    expect(chat.text).toMatch(/照片|图片|photo|picture/i);
  });
});

describe('wrong item, missing parts and non-delivery (2.1.4)', () => {
  it.each([
    ['zh', '发错货了 订单 2026112012345', 'wrong_item', '2026112012345'],
    ['en', 'wrong item sent, order 88812345', 'wrong_item', '88812345'],
  ])('%s: "%s" starts a quality report for a wrong item with the order', async (_lang, message, category, order) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message);
    expect(chat.draft(), chat.transcript).toBeDefined();
    expect(chat.draft()?.flow).toBe('quality');
    expect(chat.draft()?.fields).toMatchObject({ problemCategory: category, orderNumber: order });
    expect(chat.draft()?.awaiting).not.toBe('orderNumber');
    expect(chat.draft()?.awaiting).not.toBe('problemCategory');
  });

  it.each([
    ['zh', '少了配件'],
    ['en', 'missing parts'],
  ])('%s: "%s" starts a quality report for missing parts', async (_lang, message) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message);
    expect(chat.draft(), chat.transcript).toBeDefined();
    expect(chat.draft()?.flow).toBe('quality');
    expect(chat.draft()?.fields.problemCategory).toBe('missing_parts');
    expect(chat.draft()?.awaiting).not.toBe('problemCategory');
  });

  it.each([
    ['zh', '没收到货'],
    ['zh', '物流没更新'],
    ['en', 'never received my order'],
    ['en', "tracking hasn't updated"],
  ])('%s: "%s" goes to a person, with no form and no case', async (_lang, message) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message);
    expect(await chat.handedOff(), chat.transcript).toBe(true);
    expect(chat.draft()).toBeUndefined();
    expect(await chat.cases()).toHaveLength(0);
  });
});

describe('the reason stated in the first message is kept (3.2)', () => {
  it.each([
    ['zh', '你好，我要退货，杯子收到就是坏的', 'return', /收到就是坏的/],
    ['zh', '鞋子买小了，想退', 'return', /买小了/],
    ['zh', '鞋子买小了，想换大一码', 'exchange', /买小了/],
    ['en', 'hi, I want to return the mug, it came broken', 'return', /came broken/],
    ['en', 'the shoes are too small, I want to return them', 'return', /too small/],
  ])('%s: "%s" keeps the reason and does not ask for it', async (_lang, message, flow, reason) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message);
    const draft = chat.draft();
    expect(draft?.flow, chat.transcript).toBe(flow);
    expect(draft?.fields.reason, chat.transcript).toMatch(reason);
    expect(draft?.awaiting, chat.transcript).not.toBe('reason');
    expect(chat.text).not.toMatch(/原因|reason/i);
  });

  it.each([
    ['zh', '我要退货，订单2026112012345，两个杯子'],
    ['en', 'I want to return 2 mugs from order 88812345'],
  ])('%s: "%s" states no reason, so none is stored', async (_lang, message) => {
    const chat = await MerchantChat.open(db);
    await chat.say(message);
    expect(chat.draft()?.fields.reason, chat.transcript).toBeUndefined();
  });
});
