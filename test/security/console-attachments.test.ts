import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modesUnderTest } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { png } from '../support/images.ts';

// A message may attach only photos uploaded to its own chat; type and size are ours, not the client's.
describe.each(modesUnderTest())('console attachments (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const uploadTo = async (chatId: string, bytes: Buffer) => {
    const res = await fetch(`${t.url}/api/console/uploads?chatId=${chatId}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(res.status).toBe(201);
    return (await res.json()) as { ref: string; mimeType: string; sizeBytes: number };
  };
  const storedCount = () => t.app.prisma.inboundEvent.count();

  it.each([
    ['a path', '../../../../etc/passwd'],
    ['a file URL', 'file:///etc/shadow'],
    ['a metadata URL', 'http://169.254.169.254/latest/meta-data/'],
    ['an unknown upload', `upload:${'a'.repeat(64)}`],
    ['an upload in capitals', `UPLOAD:${'a'.repeat(64)}`],
  ])('refuses %s as an attachment with 400 and stores nothing', async (_label, ref) => {
    const before = await storedCount();
    const answer = await t.send(`${mode}-att-bad`, 'photo', { attachments: [{ ref, mimeType: 'IMAGE/PNG ', sizeBytes: 10 }] });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('inbound.attachment_invalid');
    expect(await storedCount()).toBe(before);
  });

  it("refuses another chat's upload", async () => {
    const theirs = await uploadTo(`${mode}-att-victim`, png());
    const before = await storedCount();
    const answer = await t.send(`${mode}-att-thief`, 'photo', { attachments: [theirs] });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('inbound.attachment_invalid');
    expect(await storedCount()).toBe(before);
  });

  it("stores this chat's upload with the type and size measured at upload, not the client's claim", async () => {
    const chatId = `${mode}-att-own`;
    const bytes = png();
    const mine = await uploadTo(chatId, bytes);
    const answer = await t.send(chatId, 'photo', { attachments: [{ ref: mine.ref, mimeType: 'text/html', sizeBytes: 1 }] });
    expect(answer.status).toBe(200);
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    const event = await t.app.prisma.inboundEvent.findFirstOrThrow({ where: { chatId: chat.id }, select: { payload: true } });
    expect(event.payload).toEqual({ attachments: [{ ref: mine.ref, mimeType: 'image/png', sizeBytes: bytes.length }] });
  });
});
