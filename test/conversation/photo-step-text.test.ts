import { describe, expect, it } from 'vitest';
import { useCaseDatabase } from './support/in-process.ts';
import { driveToCase, MerchantChat } from './support/merchant-chat.ts';

// While the bot waits for photos, a merchant often adds a detail instead ("对了，杯底也有裂缝"). What is acknowledged
// is stored: the detail joins the description, so staff see it on the case card.
const db = useCaseDatabase();

async function atPhotoStep(opening: string): Promise<MerchantChat> {
  const chat = await MerchantChat.open(db);
  await chat.say(opening);
  expect(chat.draft()?.awaiting, chat.transcript).toBe('photos');
  return chat;
}

describe('a detail sent while photos are awaited', () => {
  it.each([
    ['zh', '订单2026112012345 保温杯1个 杯口裂了', '对了，杯底也有一道裂缝，倒水会渗', /杯底也有一道裂缝/, { wishedRemedy: '退款' }],
    ['en', 'order 88812345: 1 mug arrived cracked at the rim', 'also the handle is loose, it wobbles when I lift it', /handle is loose/, { wishedRemedy: 'refund' }],
    ['zh', '我要退货，订单2026112012345，杯子1个，昨天收到的，杯子裂了', '另外盒子也压扁了', /盒子也压扁了/, {}],
    ['en', 'I want to return 1 mug from order 88812345, received it yesterday, it is cracked', 'the box was crushed as well', /box was crushed/, {}],
  ])('%s: is added to the description, shown in the summary and stored on the case', async (lang, opening, detail, stored, extras) => {
    const chat = await atPhotoStep(opening);
    const before = chat.draft()?.fields.description;

    const replies = await chat.say(detail);
    const draft = chat.draft();
    expect(draft?.fields.description, chat.transcript).toMatch(stored);
    // What was there before is kept; the detail is added, not swapped in.
    if (before !== undefined) expect(draft?.fields.description?.startsWith(before), chat.transcript).toBe(true);
    expect(draft?.awaiting).toBe('photos');
    expect(replies.map((reply) => reply.text).join('\n')).toMatch(lang === 'en' ? /noted/i : /已记下/);

    await driveToCase(chat, { lang: lang === 'en' ? 'en' : 'zh-CN', photos: 'send', extras });
    const cases = await chat.cases();
    expect(cases, chat.transcript).toHaveLength(1);
    expect(cases[0]?.description).toMatch(stored);
    // The merchant saw it in the summary they confirmed.
    const summary = chat.log.filter((line) => line.includes(lang === 'en' ? 'Please check your' : '请核对您的')).at(-1);
    expect(summary, chat.transcript).toMatch(stored);
  });

  it.each([
    ['zh', '好的'],
    ['zh', '照片等下发'],
    ['en', 'ok'],
    ['en', 'will send pics later'],
  ])('%s: "%s" is not a detail and leaves the description as it was', async (lang, text) => {
    const chat = await atPhotoStep(lang === 'en' ? 'order 88812345: 1 mug arrived cracked at the rim' : '订单2026112012345 保温杯1个 杯口裂了');
    const before = chat.draft()?.fields.description;
    await chat.say(text);
    expect(chat.draft()?.fields.description, chat.transcript).toBe(before);
    expect(chat.draft()?.awaiting).toBe('photos');
  });
});
