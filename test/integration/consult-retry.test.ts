import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatPipeline } from '../../src/conversation/chat-pipeline.ts';
import type { Orchestrator } from '../../src/contracts/conversation.ts';
import { CodedError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { createConversationStore } from '../../src/store/conversation-store.ts';
import { recordInbound } from '../../src/store/inbound-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

// A consultation answer is stored before the reply is: when the turn fails after that (the reply never stored), the
// pipeline processes the same inbound event again. The event keeps one ConsultationAnswer row, and the feedback
// buttons the merchant gets name that row.
describe('a retried consultation question', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** The app's real orchestrator, failing once after it has done its work (as if storing the replies failed). */
  function failingOnceAfterWork(): Orchestrator & { calls: number } {
    const wrapper = {
      calls: 0,
      async handle(...args: Parameters<Orchestrator['handle']>) {
        const result = await t.app.orchestrator.handle(...args);
        wrapper.calls += 1;
        if (wrapper.calls === 1) throw new CodedError('internal.unexpected', 'injected failure after the answer was stored');
        return result;
      },
    };
    return wrapper;
  }

  /** A chat that has said hello, with `question` stored as its next inbound event and not yet processed. */
  async function questionPending(key: string, question: string, hello: string) {
    await t.send(key, hello);
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: key } });
    const store = createConversationStore(t.app.sql);
    // Hold the chat while the question is stored, so the app's own worker does not take it first.
    expect(await store.acquireChatLease(chat.id, 'setup', 10_000)).toBe(true);
    await recordInbound(t.app.sql, { platform: 'console', dedupeKey: `${key}-${Date.now()}`, chatId: chat.id, kind: 'message', text: question });
    await store.releaseChatLease(chat.id, 'setup');
    return chat;
  }

  it.each([
    ['zh', 'retry-zh', '退货要在几天内申请？'],
    ['en', 'retry-en', 'How many days do I have to ask for a return?'],
  ])('%s: processing the same event twice stores one answer row', async (_lang, key, question) => {
    const chat = await questionPending(key, question, _lang === 'en' ? 'hello' : '你好');
    const orchestrator = failingOnceAfterWork();
    const pipeline = createChatPipeline({ store: createConversationStore(t.app.sql), orchestrator, log: createLogger('silent') });
    await expect(pipeline.processChat(chat.id)).rejects.toMatchObject({ code: 'internal.unexpected' });
    expect(await t.app.prisma.consultationAnswer.count({ where: { chatId: chat.id } })).toBe(1);
    expect(await pipeline.processChat(chat.id)).toEqual({ processed: 1, busyUntil: null });
    expect(orchestrator.calls).toBe(2);

    const rows = await t.app.prisma.consultationAnswer.findMany({ where: { chatId: chat.id } });
    expect(rows).toHaveLength(1);
    const event = await t.app.prisma.inboundEvent.findFirstOrThrow({ where: { chatId: chat.id, text: question } });
    expect(rows[0]).toMatchObject({ inboundId: event.id, question, verdict: 'pass' });
    // The reply sent is the second attempt's, and its feedback buttons name the one stored row.
    const replies = await t.app.prisma.outboundMessage.findMany({ where: { chatId: chat.id, inboundId: event.id } });
    expect(JSON.stringify(replies.map((reply) => reply.buttons))).toContain(`ans:no:${rows[0]!.id}`);
  });

  // An answer that needs a person also puts the question on the staff desks (a handoff card, the chat not marked).
  // Processed again, the event puts up no second card: staff would otherwise see the same question twice.
  it.each([
    ['zh', 'retry-person-zh', '退货运费谁出？', '你好'],
    ['en', 'retry-person-en', 'Who pays the return shipping?', 'hello'],
  ])('%s: a retried answer that needs a person puts up one desk card', async (_lang, key, question, hello) => {
    const chat = await questionPending(key, question, hello);
    const orchestrator = failingOnceAfterWork();
    const pipeline = createChatPipeline({ store: createConversationStore(t.app.sql), orchestrator, log: createLogger('silent') });
    await expect(pipeline.processChat(chat.id)).rejects.toMatchObject({ code: 'internal.unexpected' });
    expect(await pipeline.processChat(chat.id)).toEqual({ processed: 1, busyUntil: null });
    expect(orchestrator.calls).toBe(2);

    const rows = await t.app.prisma.consultationAnswer.findMany({ where: { chatId: chat.id } });
    expect(rows).toMatchObject([{ question, needsPerson: true }]);
    const staff = await t.app.prisma.outboundMessage.findMany({ where: { text: { contains: question } }, select: { text: true, payload: true } });
    const cards = staff.filter((m) => (m.payload as { cardOf?: string } | null)?.cardOf === `handoff-${chat.id}`);
    expect(cards, JSON.stringify(staff)).toHaveLength(1);
    // The chat stays with the bot: the card asks staff to answer, it does not hand the chat over.
    expect((await t.app.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).handoffSince).toBeNull();
  });

  it('the same question asked again in a new message puts up a card again', async () => {
    await t.send('retry-person-again', '退货运费谁出？');
    await t.send('retry-person-again', '退货运费谁出？');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'retry-person-again' } });
    const cards = await t.app.prisma.outboundMessage.findMany({ where: { text: { contains: '退货运费谁出' } }, select: { payload: true } });
    expect(cards.filter((m) => (m.payload as { cardOf?: string } | null)?.cardOf === `handoff-${chat.id}`)).toHaveLength(2);
  });

  it('two different questions still store two rows', async () => {
    await t.send('retry-two', '退货要在几天内申请？');
    await t.send('retry-two', '退货运费谁出？');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'retry-two' } });
    expect(await t.app.prisma.consultationAnswer.count({ where: { chatId: chat.id } })).toBe(2);
  });
});
