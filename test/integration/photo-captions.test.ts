import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/contracts/conversation.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { png } from '../support/images.ts';
import { modesUnderTest } from '../support/services.ts';

interface DraftView {
  flow: string;
  awaiting: string;
  fields: { orderNumber?: string; problemCategory?: string; description?: string; photos: unknown[] };
}

// Merchants send a photo with words under it (a Telegram caption, the text of a Slack file share, a console message
// with attachments). The words count like any message: their facts fill the draft, and at the photo step they are
// a detail added to the description, as words sent while photos are awaited are.
describe.each(modesUnderTest())('photos with a caption, over the console (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

  async function sendPhoto(chatId: string, caption: string): Promise<Reply[]> {
    const upload = await fetch(`${t.url}/api/console/uploads?chatId=${chatId}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'crack.png' }, body: png() });
    expect(upload.status).toBe(201);
    const ref = (await upload.json()) as { ref: string; mimeType: string; sizeBytes: number };
    const answer = await t.send(chatId, caption, { attachments: [{ ref: ref.ref, mimeType: ref.mimeType, sizeBytes: ref.sizeBytes }] });
    expect(answer.status).toBe(200);
    return answer.replies;
  }
  async function draftOf(chatId: string): Promise<DraftView | undefined> {
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    return (chat.state as { draft?: DraftView }).draft;
  }

  it.each([
    ['zh', '我买的杯子坏了', '订单 JD2026112408151 的杯子碎了', '请提供订单号', '涉及几件'],
    ['en', 'my mug arrived broken', 'order JD2026112408151: the mug arrived cracked', 'order number', 'How many items'],
  ])('%s: a caption in a draft fills the order number and category it states', async (lang, opening, caption, orderQuestion, nextQuestion) => {
    const chatId = `${mode}-caption-fill-${lang}`;
    expect(texts((await t.send(chatId, opening)).replies)).toContain(orderQuestion);
    expect((await draftOf(chatId))?.awaiting).toBe('orderNumber');

    const replies = await sendPhoto(chatId, caption);
    const draft = await draftOf(chatId);
    expect(draft?.fields, texts(replies)).toMatchObject({ orderNumber: 'JD2026112408151', problemCategory: 'damaged' });
    expect(draft?.fields.photos).toHaveLength(1);
    expect(draft?.awaiting).not.toBe('orderNumber');
    // The draft goes on to what it still lacks, as if the words had come alone.
    expect(texts(replies)).toContain(nextQuestion);
    expect(texts(replies)).not.toContain(orderQuestion);
  });

  it.each([
    ['zh', '订单 JD2026112408151 的杯子碎了'],
    ['en', 'order JD2026112408151: the mug arrived cracked'],
  ])('%s: a caption with no draft opens the request it states, with the photo', async (lang, caption) => {
    const chatId = `${mode}-caption-open-${lang}`;
    const replies = await sendPhoto(chatId, caption);
    expect(await draftOf(chatId), texts(replies)).toMatchObject({ flow: 'quality', fields: { orderNumber: 'JD2026112408151', problemCategory: 'damaged', photos: [expect.anything()] } });
  });

  it.each([
    ['zh', '订单2026112012345 保温杯1个 杯口裂了', '杯底也有一道裂缝，倒水会渗', /已记下/],
    ['en', 'order 88812345: 1 mug arrived cracked at the rim', 'the handle is loose too, it wobbles', /noted/i],
  ])('%s: a caption at the photo step is added to the description, and the photo answers the step', async (lang, opening, caption, noted) => {
    const chatId = `${mode}-caption-detail-${lang}`;
    await t.send(chatId, opening);
    const before = await draftOf(chatId);
    expect(before?.awaiting).toBe('photos');

    const replies = await sendPhoto(chatId, caption);
    const draft = await draftOf(chatId);
    expect(draft?.fields.description, texts(replies)).toContain(caption);
    if (before?.fields.description !== undefined) expect(draft?.fields.description?.startsWith(before.fields.description)).toBe(true);
    expect(draft?.fields.photos).toHaveLength(1);
    expect(draft?.awaiting).not.toBe('photos');
    expect(texts(replies)).toMatch(noted);
  });

  it.each([
    ['zh', '订单2026112012345 保温杯1个 杯口裂了', '照片'],
    ['en', 'order 88812345: 1 mug arrived cracked at the rim', 'photo'],
  ])('%s: a caption that only labels the photo adds nothing to the description', async (lang, opening, caption) => {
    const chatId = `${mode}-caption-label-${lang}`;
    await t.send(chatId, opening);
    const before = await draftOf(chatId);
    await sendPhoto(chatId, caption);
    const draft = await draftOf(chatId);
    expect(draft?.fields.description).toBe(before?.fields.description);
    expect(draft?.fields.photos).toHaveLength(1);
  });
});
