import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatPipeline } from '../../src/conversation/chat-pipeline.ts';
import { createLogger } from '../../src/log.ts';
import { createConversationStore } from '../../src/store/conversation-store.ts';
import { recordInbound } from '../../src/store/inbound-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeOpenAiApi } from '../support/fake-openai-api.ts';

// Issue #16: a model call (and its retry) runs inside the chat's lease; the pipeline's heartbeat keeps renewing
// it, so a slow provider never lets a second worker take the chat, and the merchant still gets the offline answer.
describe('a consultation answer waiting on a slow model keeps its chat', () => {
  const API_KEY = 'sk-test-consult-lease';
  let api: FakeOpenAiApi;
  let t: TestApp;

  beforeAll(async () => {
    api = await FakeOpenAiApi.start({ apiKey: API_KEY });
    t = await startTestApp({ env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: api.baseUrl, OPENAI_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await api?.close();
  });

  it('renews the lease through a hanging model call and its retry, then answers offline', async () => {
    await t.send('lease-1', '你好');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'lease-1' } });
    const store = createConversationStore(t.app.sql);
    // Hold the chat while the question is stored, so the app's own worker does not take it first.
    expect(await store.acquireChatLease(chat.id, 'setup', 10_000)).toBe(true);
    await recordInbound(t.app.sql, { platform: 'console', dedupeKey: `lease-${Date.now()}`, chatId: chat.id, kind: 'message', text: '退货要在几天内申请？' });
    await store.releaseChatLease(chat.id, 'setup');
    api.reply({ hang: true }, { hang: true });

    const pipeline = createChatPipeline({ store, orchestrator: t.app.orchestrator, log: createLogger('silent') });
    const started = Date.now();
    const draining = pipeline.processChat(chat.id, 300);
    // Several lease lengths into the hanging call the lease is still held.
    await expect.poll(() => api.calls.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await store.acquireChatLease(chat.id, 'second-worker', 300)).toBe(false);
    expect(await draining).toEqual({ processed: 1, busyUntil: null });
    expect(Date.now() - started).toBeGreaterThan(1_000);

    // Ids are UUIDs: the answer is found by what it says, not by its place (the greeting writes "7 个工作日", spaced).
    const { rows } = await t.app.sql.query<{ text: string }>(`SELECT text FROM "OutboundMessage" WHERE "chatId" = $1 ORDER BY "createdAt", seq`, [chat.id]);
    expect(rows.filter((row) => row.text.includes('7个工作日'))).toHaveLength(1);
    const answer = await t.app.prisma.consultationAnswer.findFirstOrThrow({ where: { chatId: chat.id } });
    expect(answer).toMatchObject({ source: 'offline', verdict: 'pass' });
  });
});
