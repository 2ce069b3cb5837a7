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

  it.each([
    ['zh', 'retry-zh', '退货要在几天内申请？'],
    ['en', 'retry-en', 'How many days do I have to ask for a return?'],
  ])('%s: processing the same event twice stores one answer row', async (_lang, key, question) => {
    await t.send(key, _lang === 'en' ? 'hello' : '你好');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: key } });
    const store = createConversationStore(t.app.sql);
    // Hold the chat while the question is stored, so the app's own worker does not take it first.
    expect(await store.acquireChatLease(chat.id, 'setup', 10_000)).toBe(true);
    await recordInbound(t.app.sql, { platform: 'console', dedupeKey: `${key}-${Date.now()}`, chatId: chat.id, kind: 'message', text: question });
    await store.releaseChatLease(chat.id, 'setup');

    const orchestrator = failingOnceAfterWork();
    const pipeline = createChatPipeline({ store, orchestrator, log: createLogger('silent') });
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

  it('two different questions still store two rows', async () => {
    await t.send('retry-two', '退货要在几天内申请？');
    await t.send('retry-two', '退货运费谁出？');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'retry-two' } });
    expect(await t.app.prisma.consultationAnswer.count({ where: { chatId: chat.id } })).toBe(2);
  });
});
