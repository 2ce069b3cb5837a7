import { describe, expect, it } from 'vitest';
import { useCaseDatabase } from './support/in-process.ts';
import { ANSWERED, driveToCase, isoDay, mentionsDay, MerchantChat, NOT_UNDERSTOOD } from './support/merchant-chat.ts';

// Issue #15 in conversation: questions are not requests, an answer that does not fit the question is never stored,
// a person is reachable from anywhere, dates are read as people say them, the flow can change mid-draft, a pause is
// recapped, and the summary's own labels correct it. Fixed clock: Thursday 2026-11-26 10:00 Asia/Shanghai.

const db = useCaseDatabase();

type L = 'zh' | 'en';
const ZH_RETURN = ['我要退货', '2026112012345', '保温杯', '1'];
const EN_RETURN = ['I want to return something', '88812345', 'mug', '1'];

async function chatWith(steps: readonly string[]): Promise<MerchantChat> {
  const chat = await MerchantChat.open(db);
  for (const step of steps) await chat.say(step);
  return chat;
}

describe('a question is not a request (3.3)', () => {
  it.each([
    ['zh', '退货运费谁出?'],
    ['zh', '多久退款?'],
    ['en', 'Who pays the return shipping?'],
    ['en', 'Can I exchange after 7 days?'],
  ] as Array<[L, string]>)('%s: "%s" opens no form and reaches the consultation answerer', async (lang, question) => {
    const chat = await MerchantChat.open(db);
    await chat.say(question);
    expect(chat.draft(), chat.transcript).toBeUndefined();
    expect(chat.questions).toHaveLength(1);
    expect(chat.text).toContain(ANSWERED[lang]);
    expect(await chat.cases()).toHaveLength(0);
  });

  it.each([
    ['zh', '咨询', '退货运费谁出?'],
    ['en', 'I have a question', 'Who pays the return shipping?'],
  ] as Array<[L, string, string]>)('%s: a bare "%s" asks for the question instead of taking itself as one', async (lang, bare, question) => {
    const chat = await MerchantChat.open(db);
    await chat.say(bare);
    expect(chat.questions, chat.transcript).toEqual([]);
    expect(chat.draft()).toBeUndefined();
    await chat.say(question);
    expect(chat.questions, chat.transcript).toEqual([question]);
    expect(chat.text).toContain(ANSWERED[lang]);
  });
});

describe('inside a draft, an answer that does not fit is not stored', () => {
  it.each([
    ['zh', '运费谁出啊？', ['我要退货', '2026112012345'], '保温杯', /商品|哪件/],
    ['en', 'who pays for the shipping?', ['I want to return something', '88812345'], 'mug', /which item|item/i],
  ] as Array<[L, string, string[], string, RegExp]>)('%s: at the item question, "%s" is answered and the item asked again', async (lang, question, start, item, itemPrompt) => {
    const chat = await chatWith(start);
    expect(chat.draft()?.awaiting).toBe('itemName');
    await chat.say(question);
    expect(chat.draft()?.fields.itemName, chat.transcript).toBeUndefined();
    expect(chat.draft()?.awaiting).toBe('itemName');
    expect(chat.questions).toHaveLength(1);
    expect(chat.text).toContain(ANSWERED[lang]);
    // The pending question comes after the answer.
    const answerAt = chat.text.indexOf(ANSWERED[lang]);
    expect(chat.text.slice(answerAt + ANSWERED[lang].length)).toMatch(itemPrompt);
    await chat.say(item);
    expect(chat.draft()?.fields.itemName).toBe(item);
  });

  it.each([
    ['zh', '小王啊，我刚说了', '小王', '我要投诉', { description: '电话里态度很差，还挂我电话' }],
    ['en', 'It was Tom, I just said that', 'Tom', 'I want to complain about a staff member', { description: 'He was rude on the phone and hung up on me' }],
  ] as Array<[L, string, string, string, Record<string, string>]>)('%s: at "which staff member", "%s" is taken as the name %s', async (lang, answer, name, start, extras) => {
    const chat = await chatWith([start]);
    expect(chat.draft()?.flow).toBe('complaint');
    expect(chat.draft()?.awaiting).toBe('accusedName');
    await chat.say(answer);
    expect(chat.draft()?.fields.accusedName, chat.transcript).toBe(name);
    await driveToCase(chat, { lang: lang === 'en' ? 'en' : 'zh-CN', photos: 'skip', extras });
    const [opened] = await chat.cases();
    expect(opened?.type).toBe('complaint');
    const complaint = await db.prisma.complaint.findUniqueOrThrow({ where: { caseId: opened?.id ?? '' } });
    expect(complaint.accusedName).toBe(name);
  });
});

describe('a request for a person is honoured mid-draft (3.3.3)', () => {
  it.each([
    ['zh', '转人工'],
    ['zh', '人工客服'],
    ['zh', '我要找真人'],
    ['zh', '能帮我转人工吗'],
    ['en', 'human agent'],
    ['en', 'can I talk to a real person please'],
  ] as Array<[L, string]>)('%s: "%s" hands the chat to the staff desk and keeps the draft', async (lang, words) => {
    const chat = await chatWith(lang === 'zh' ? ZH_RETURN.slice(0, 2) : EN_RETURN.slice(0, 2));
    const before = chat.draft();
    expect(before?.fields.orderNumber).toBeDefined();
    await chat.say(words);
    expect(await chat.handedOff(), chat.transcript).toBe(true);
    expect(chat.text).not.toMatch(NOT_UNDERSTOOD);
    expect(chat.draft()?.flow).toBe(before?.flow);
    expect(chat.draft()?.fields.orderNumber).toBe(before?.fields.orderNumber);
    expect(await chat.cases()).toHaveLength(0);
  });
});

describe('receipt dates as people say them (on Thursday 2026-11-26)', () => {
  it.each([
    ['zh', '上周五', '2026-11-20', /周五|星期五/, '对'],
    ['zh', '上周三', '2026-11-18', /周三|星期三/, '对'],
    ['en', 'last Friday', '2026-11-20', /\bFri(?:day)?\b/, 'yes'],
  ] as Array<[L, string, string, RegExp, string]>)('%s: "%s" is confirmed as %s with its weekday, then kept', async (lang, phrase, day, weekday, yes) => {
    const chat = await chatWith(lang === 'zh' ? ZH_RETURN : EN_RETURN);
    expect(chat.draft()?.awaiting).toBe('receivedOn');
    await chat.say(phrase);
    expect(mentionsDay(chat.text, day), chat.transcript).toBe(true);
    expect(chat.text).toMatch(weekday);
    await chat.say(yes);
    expect(chat.draft()?.fields.receivedOn, chat.transcript).toBe(day);
    expect(chat.draft()?.awaiting).not.toBe('receivedOn');
    await driveToCase(chat, { lang: lang === 'en' ? 'en' : 'zh-CN', photos: 'skip', extras: { reason: lang === 'en' ? 'changed my mind' : '不想要了' } });
    const [opened] = await chat.cases();
    expect(opened?.type).toBe('return');
    expect(isoDay(opened?.receivedOn)).toBe(day);
  });

  it.each([
    ['zh', '前天', '对'],
    ['en', 'the day before yesterday', 'yes'],
  ] as Array<[L, string, string]>)('%s: "%s" is 2026-11-24', async (lang, phrase, yes) => {
    const chat = await chatWith(lang === 'zh' ? ZH_RETURN : EN_RETURN);
    await chat.say(phrase);
    // Confirming is allowed, not required.
    if (chat.draft()?.awaiting === 'receivedOn' && chat.draft()?.fields.receivedOn === undefined) await chat.say(yes);
    expect(chat.draft()?.fields.receivedOn, chat.transcript).toBe('2026-11-24');
  });
});

describe('changing the flow mid-draft', () => {
  it.each([
    ['zh', '算了还是换货吧', ZH_RETURN, { receivedOn: '昨天', reason: '想换个颜色' }, '2026112012345', '保温杯'],
    ['en', "actually, let's make it an exchange instead", EN_RETURN, { receivedOn: 'yesterday', reason: 'I want another colour' }, '88812345', 'mug'],
  ] as Array<[L, string, string[], Record<string, string>, string, string]>)('%s: "%s" in a return draft becomes an exchange with the same order, item and quantity', async (lang, words, start, extras, order, item) => {
    const chat = await chatWith(start);
    expect(chat.draft()?.flow).toBe('return');
    await chat.say(words);
    // Asking once before switching is fine; losing the answers is not.
    const switchButton = chat.buttons.find((id) => id === 'switch:exchange');
    if (chat.draft()?.flow === 'return' && switchButton) await chat.press(switchButton);
    expect(chat.draft()?.flow, chat.transcript).toBe('exchange');
    expect(chat.draft()?.fields).toMatchObject({ orderNumber: order, itemName: item, quantity: 1 });
    expect(chat.text).not.toMatch(NOT_UNDERSTOOD);
    await driveToCase(chat, { lang: lang === 'en' ? 'en' : 'zh-CN', photos: 'skip', extras });
    const cases = await chat.cases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'exchange', orderNumber: order, itemName: item, quantity: 1 });
  });
});

describe('after a pause', () => {
  it.each([
    ['zh', '在吗', ZH_RETURN.slice(0, 3), /几件|数量/],
    ['zh', '刚才说到哪了', ZH_RETURN.slice(0, 3), /几件|数量/],
    ['en', 'are you there?', EN_RETURN.slice(0, 3), /how many|quantity/i],
    ['en', 'where were we?', EN_RETURN.slice(0, 3), /how many|quantity/i],
  ] as Array<[L, string, string[], RegExp]>)('%s: "%s" recaps the draft and asks the pending question again', async (_lang, words, start, pending) => {
    const chat = await chatWith(start);
    expect(chat.draft()?.awaiting).toBe('quantity');
    chat.pause(2 * 3_600_000);
    await chat.say(words);
    expect(chat.draft()?.awaiting, chat.transcript).toBe('quantity');
    expect(chat.draft()?.fields).toMatchObject({ orderNumber: start[1], itemName: start[2] });
    // The recap names what was given, then the question waiting for an answer.
    expect(chat.text).toContain(start[1]);
    expect(chat.text).toContain(start[2]);
    expect(chat.text).toMatch(pending);
    expect(chat.questions).toEqual([]);
  });
});

describe('corrections at the summary', () => {
  it.each([
    ['zh', '被投诉人改为 小王', ['我要投诉', '小李', '电话里态度很差'], '小王'],
    ['en', 'change staff member to Tom', ['I want to complain about a staff member', 'Jerry', 'He was rude on the phone'], 'Tom'],
  ] as Array<[L, string, string[], string]>)('%s: "%s" corrects the accused staff member', async (_lang, correction, start, name) => {
    const chat = await chatWith(start);
    expect(chat.draft()?.awaiting).toBe('review');
    await chat.say(correction);
    expect(chat.draft()?.fields.accusedName, chat.transcript).toBe(name);
    expect(chat.draft()?.awaiting).toBe('review');
    expect(chat.text).toContain(name);
  });

  it.each([
    ['zh', '数量改为 3', [...ZH_RETURN, '昨天', '不想要了']],
    ['en', 'change quantity to 3', [...EN_RETURN, 'yesterday', 'changed my mind']],
  ] as Array<[L, string, string[]]>)('%s: "%s" corrects the quantity', async (_lang, correction, start) => {
    const chat = await chatWith(start);
    expect(chat.draft()?.awaiting).toBe('review');
    await chat.say(correction);
    expect(chat.draft()?.fields.quantity, chat.transcript).toBe(3);
    expect(chat.draft()?.awaiting).toBe('review');
  });
});

describe('cancelling a case by typing its number', () => {
  it.each([
    ['zh', '取消'],
    ['en', 'cancel'],
  ] as Array<[L, string]>)('%s: "%s RT-…" asks to confirm with buttons before cancelling', async (_lang, verb) => {
    const chat = await MerchantChat.open(db);
    const opened = await chat.seedCase({ type: 'return', orderNumber: '2026111800001', itemName: '电水壶', quantity: 1, receivedOn: '2026-11-22', reason: '不想要了' });
    await chat.say(`${verb} ${opened.number}`);
    const [stillOpen] = await chat.cases();
    expect(stillOpen?.status, chat.transcript).toBe('requested');
    const yes = chat.buttons.find((id) => id.startsWith('case:cancel-yes:'));
    expect(yes, chat.transcript).toBe(`case:cancel-yes:${opened.number}`);
    await chat.press(yes ?? '');
    const [cancelled] = await chat.cases();
    expect(cancelled?.status).toBe('cancelled');
  });
});

describe('acknowledgements and sizes are not answers', () => {
  it.each([
    ['zh', ['我要退货', '2026112012345'], '好的，谢谢', '保温杯'],
    ['en', ['I want to return something', '88812345'], 'ok thanks 👍', 'mug'],
  ] as Array<[L, string[], string, string]>)('%s: "%s" at the item question is not stored as the item; the question is asked again', async (_lang, before, thanks, item) => {
    const chat = await chatWith(before);
    expect(chat.draft()?.awaiting, chat.transcript).toBe('itemName');
    await chat.say(thanks);
    expect(chat.draft()?.fields.itemName, chat.transcript).toBeUndefined();
    expect(chat.draft()?.awaiting).toBe('itemName');
    await chat.say(item);
    expect(chat.draft()?.fields.itemName, chat.transcript).toBe(item);
  });

  it.each([
    ['zh', '我要退货', 'orderNumber', '好的', /未提交的退货申请[\s\S]*订单号/],
    ['zh', '我要退货，订单2026112012345，一个保温杯，昨天收到的', 'reason', '嗯嗯', /未提交的退货申请[\s\S]*原因/],
    ['en', 'I want to return something', 'orderNumber', 'ok', /unfinished return request[\s\S]*order number/i],
    ['en', 'I want to return 1 mug from order 88812345, received it yesterday', 'reason', 'thanks', /unfinished return request[\s\S]*(?:reason|why)/i],
  ] as Array<[L, string, string, string, RegExp]>)('%s: "%s" waiting for %s, then "%s" is a pause: where the draft stands, and the question again', async (_lang, start, awaiting, thanks, recap) => {
    const chat = await chatWith([start]);
    expect(chat.draft()?.awaiting, chat.transcript).toBe(awaiting);
    const fields = chat.draft()?.fields;
    await chat.say(thanks);
    expect(chat.draft()?.fields, chat.transcript).toEqual(fields);
    expect(chat.draft()?.awaiting).toBe(awaiting);
    expect(chat.text, chat.transcript).toMatch(recap);
    expect(chat.text).not.toMatch(/不是订单号|看起来不是|isn't an order number|does not look like/i);
  });

  it('a shoe size given at the quantity question is not a quantity', async () => {
    const chat = await chatWith(['鞋子买小了，想换货', 'TB8826611903']);
    if (chat.draft()?.awaiting === 'itemName') await chat.say('白色运动鞋');
    expect(chat.draft()?.awaiting, chat.transcript).toBe('quantity');
    await chat.say('白色运动鞋 42码');
    expect(chat.draft()?.fields.quantity, chat.transcript).not.toBe(42);
  });
});
