import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeoplePort, handBackChat } from '../../src/cases/handoff.ts';
import { startCaseTest, type CaseTestContext } from './case-fixtures.ts';

// While people hold a chat (3.3.3), what the merchant sends reaches the staff desk under the handoff
// card: words as a line, photos as photo posts that delivery uploads (Slack files, Telegram sendPhoto).
// After staff hand the chat back, the stored conversation state says so for the merchant's next message.

let t: CaseTestContext;
beforeAll(async () => {
  t = await startCaseTest();
});
afterAll(async () => {
  await t?.close();
});

const SHA = 'a'.repeat(64);

describe('handoff relay', () => {
  it('posts a photo sent during a handoff under the handoff card as a photo, its caption with it', async () => {
    const { chatId } = await t.merchant('photo-relay');
    const desk = await t.prisma.chat.create({ data: { platform: 'console', externalChatId: `desk-${chatId}`, kind: 'staff' } });
    const people = createPeoplePort(t.deps);
    await people.requestHandoff({ chatId, reason: '转人工', at: new Date(), mark: true });
    await people.relayToDesk({ chatId, text: '杯子裂成这样了', attachments: [{ ref: `upload:${SHA}`, mimeType: 'image/jpeg', sizeBytes: 1234, fileName: 'cup.jpg' }], at: new Date() });
    await people.relayToDesk({ chatId, text: '能退吗', at: new Date() });

    const rows = await t.prisma.outboundMessage.findMany({ where: { chatId: desk.id }, orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }] });
    const [card, photo, words] = rows;
    expect(rows).toHaveLength(3);
    expect(card?.payload).toMatchObject({ cardOf: `handoff-${chatId}` });
    expect(photo?.payload).toMatchObject({ threadOf: `handoff-${chatId}`, photo: { sha256: SHA, mimeType: 'image/jpeg', fileName: 'cup.jpg' } });
    expect(photo?.text).toContain('cup.jpg');
    expect(photo?.text).toContain('杯子裂成这样了');
    expect(words?.payload).toMatchObject({ threadOf: `handoff-${chatId}` });
    expect(words?.payload).not.toHaveProperty('photo');
    expect(words?.text).toContain('能退吗');
  });

  it('leaves the stored state as it was when staff hand the chat back: the draft goes on where it stood', async () => {
    const { chatId } = await t.merchant('hand-back');
    const state = { v: 1, langChoice: 'en', draft: { id: 'd1', flow: 'return' } };
    await t.prisma.chat.update({ where: { id: chatId }, data: { state } });
    const people = createPeoplePort(t.deps);
    await people.requestHandoff({ chatId, reason: 'human', at: new Date(), mark: true });
    expect(await handBackChat(t.deps, { chatId, at: new Date() })).toBe(true);
    const after = await t.prisma.chat.findUniqueOrThrow({ where: { id: chatId } });
    expect(after.state).toEqual(state);
    expect(after.handoffSince).toBeNull();
    // A second hand-back of a chat no longer held changes nothing.
    expect(await handBackChat(t.deps, { chatId, at: new Date() })).toBe(false);
  });
});
