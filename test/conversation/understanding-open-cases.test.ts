import { describe, expect, it } from 'vitest';
import { useCaseDatabase } from './support/in-process.ts';
import { driveToCase, MerchantChat, NOT_UNDERSTOOD, photo, textOf } from './support/merchant-chat.ts';

// Issue #15 with cases already open: chasing money or progress answers from the open case instead of opening a new
// one, dissatisfaction with a handled case opens the 3.3.3 follow-up on it, an angry message is apologised to first,
// and photos sent after submitting go to the case. Fixed clock: Thursday 2026-11-26 10:00 Asia/Shanghai.

const db = useCaseDatabase();

type L = 'zh' | 'en';

/** A merchant whose return was approved by staff and whose refund has not come. */
async function withApprovedReturn() {
  const chat = await MerchantChat.open(db);
  const opened = await chat.seedCase({ type: 'return', orderNumber: '2026111800001', itemName: '电水壶', quantity: 1, receivedOn: '2026-11-20', reason: '不想要了' });
  await chat.staffStep(opened.id, 'approve');
  return { chat, number: opened.number };
}

describe('chasing money or progress', () => {
  it.each([
    ['en', 'Where is my money?? no refund yet'],
    ['zh', '退款怎么还没到'],
  ] as Array<[L, string]>)('%s: "%s" with an approved return answers from that case and opens nothing', async (_lang, words) => {
    const { chat, number } = await withApprovedReturn();
    await chat.say(words);
    expect(chat.text, chat.transcript).toContain(number);
    expect(chat.draft()).toBeUndefined();
    expect(await chat.cases()).toHaveLength(1);
  });

  it.each([
    ['zh', '我要退货'],
    ['en', 'I want to return something'],
  ] as Array<[L, string]>)('%s: a case number typed at the order question of a new "%s" is never taken as the order number', async (_lang, start) => {
    const { chat, number } = await withApprovedReturn();
    await chat.say(start);
    expect(chat.draft()?.awaiting).toBe('orderNumber');
    await chat.say(number);
    expect(chat.draft()?.fields.orderNumber, chat.transcript).not.toBe(number);
    expect(await chat.cases()).toHaveLength(1);
  });

  it.each([
    ['zh', '投诉多久有结果', '我要投诉', { accusedName: '小李', description: '电话里态度很差，还挂我电话' }],
    ['en', 'how long until I hear back about my complaint?', 'I want to complain about a staff member', { accusedName: 'Jerry', description: 'He was rude on the phone and hung up on me' }],
  ] as Array<[L, string, string, Record<string, string>]>)('%s: "%s" right after a complaint was filed opens no second complaint', async (lang, chase, start, extras) => {
    const chat = await MerchantChat.open(db);
    await chat.say(start);
    await driveToCase(chat, { lang: lang === 'en' ? 'en' : 'zh-CN', photos: 'skip', extras });
    const [complaint] = await chat.cases();
    expect(complaint?.type).toBe('complaint');
    await chat.say(chase);
    expect(chat.draft()?.flow, chat.transcript).not.toBe('complaint');
    expect(chat.text).not.toMatch(NOT_UNDERSTOOD);
    // Answered from the complaint just filed, or as a question by the consultation answerer.
    expect(chat.text.includes(complaint?.number ?? '') || chat.questions.length === 1, chat.transcript).toBe(true);
    expect((await chat.cases()).filter((c) => c.type === 'complaint')).toHaveLength(1);
  });
});

describe('dissatisfaction with a handled case (3.3.3)', () => {
  it.each([
    ['zh', '上次那个质量问题处理得我不满意', '确认'],
    ['en', "I'm not happy with how my last quality problem was handled", 'yes'],
  ] as Array<[L, string, string]>)('%s: "%s" opens a follow-up on the resolved quality case, not a new quality report', async (_lang, words, yes) => {
    const chat = await MerchantChat.open(db);
    const quality = await chat.seedCase({ type: 'quality', orderNumber: '2026111500001', itemName: '保温杯', quantity: 1, problemCategory: 'damaged', description: '杯盖开裂' });
    await chat.staffStep(quality.id, 'contact');
    await chat.staffStep(quality.id, 'resolve', { remedy: 'replace' });
    await chat.say(words);
    const followups = async () => (await chat.cases()).filter((c) => c.type === 'consultation_followup');
    // One confirmation before opening it is fine.
    if ((await followups()).length === 0) {
      const confirm = chat.buttons.find((id) => /confirm|follow|yes/i.test(id));
      if (confirm) await chat.press(confirm);
      else await chat.say(yes);
    }
    const opened = await followups();
    expect(opened, chat.transcript).toHaveLength(1);
    expect(opened[0]?.number).toMatch(/^CF-/);
    // The follow-up is about that case.
    // Event ids are BigInt, which JSON.stringify refuses: write them as strings.
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: opened[0]?.id ?? '' } });
    const about = JSON.stringify(opened[0]) + JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    expect(about.includes(quality.number) || opened[0]?.orderNumber === '2026111500001', chat.transcript).toBe(true);
    expect((await chat.cases()).filter((c) => c.type === 'quality')).toHaveLength(1);
    expect(chat.draft()?.flow).not.toBe('quality');
  });
});

describe('angry messages', () => {
  it.each([
    ['zh', '你们什么破服务！！退款到底什么时候到', /^[^。！？!?\n]*(?:抱歉|对不起|不好意思)/],
    ['en', 'this is ridiculous, where is my refund', /^[^.!?\n]*(?:sorry|apologi[sz]e)/i],
  ] as Array<[L, string, RegExp]>)('%s: "%s" is apologised to before anything else', async (_lang, words, apologyFirst) => {
    const { chat, number } = await withApprovedReturn();
    const replies = await chat.say(words);
    expect(replies[0]?.text ?? '', chat.transcript).toMatch(apologyFirst);
    expect(textOf(replies)).not.toMatch(NOT_UNDERSTOOD);
    // The refund being chased is the approved return's.
    expect(chat.text).toContain(number);
    expect(chat.draft()).toBeUndefined();
    expect(await chat.cases()).toHaveLength(1);
  });
});

describe('photos after submitting', () => {
  it.each([
    ['zh', '补充一张照片'],
    ['en', 'one more photo'],
  ] as Array<[L, string]>)('%s: a photo sent after a report was filed is attached to that case as a case event', async (_lang, caption) => {
    const chat = await MerchantChat.open(db);
    const opened = await chat.seedCase({ type: 'quality', orderNumber: '2026112012345', itemName: '保温杯', quantity: 1, problemCategory: 'damaged', description: '杯口有裂纹' });
    await chat.say(caption, [photo(7)]);
    expect(chat.draft(), chat.transcript).toBeUndefined();
    expect(await db.prisma.attachment.count({ where: { caseId: opened.id } })).toBe(1);
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: opened.id } });
    expect(events.length, chat.transcript).toBeGreaterThan(1);
    expect(chat.text).toContain(opened.number);
  });
});
