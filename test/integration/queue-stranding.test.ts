import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../src/errors.ts';
import type { Orchestrator } from '../../src/contracts/conversation.ts';
import { inboundQueueNames, type InboundJob } from '../../src/inbound/inbound-queue.ts';
import { createChatPipeline } from '../../src/conversation/chat-pipeline.ts';
import { createLogger } from '../../src/log.ts';
import { createConversationStore } from '../../src/store/conversation-store.ts';
import { databaseInstanceId } from '../../src/store/database-instance.ts';
import { recordInbound } from '../../src/store/inbound-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { createRedisPrefix, modesUnderTest, serviceUrls } from '../support/services.ts';

// Echoes each message; a text starting with "fail-once" fails its first attempt (no module mocking).
function echoOrchestrator(): Orchestrator {
  const failed = new Set<string>();
  return {
    async handle(chat, input) {
      const text = input.text ?? '';
      if (text.startsWith('fail-once') && !failed.has(text)) {
        failed.add(text);
        throw new CodedError('internal.unexpected', 'injected failure');
      }
      return { replies: [{ text: `ok: ${text}` }], state: chat.state, lang: chat.lang };
    },
  };
}

/** Polls until the event is processed; a bounded wait, never a timing assertion. */
async function processedWithin(t: TestApp, inboundId: string, ms = 45_000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const { rows } = await t.app.sql.query(`SELECT 1 FROM "InboundEvent" WHERE id = $1 AND "processedAt" IS NOT NULL`, [inboundId]);
    if (rows.length > 0) return true;
  }
  return false;
}

async function nextInboundId(t: TestApp): Promise<bigint> {
  const { rows } = await t.app.sql.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM "InboundEvent_id_seq"`);
  const row = rows[0]!;
  return row.is_called ? BigInt(row.last_value) + 1n : BigInt(row.last_value);
}

describe.each(modesUnderTest())('accepted messages never strand (%s)', (mode) => {
  let t: TestApp;
  let names: ReturnType<typeof inboundQueueNames>;
  beforeAll(async () => {
    // Short replies wait and a 1 s sweep: what a crash leaves is healed at second scale.
    t = await startTestApp({ mode, orchestrator: echoOrchestrator(), env: { CONSOLE_REPLY_TIMEOUT_MS: '300', INBOUND_SWEEP_MS: '1000' } });
    names = inboundQueueNames(await databaseInstanceId(t.app.sql));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a chat leased by a killed worker is processed once the lease ends, not when the next message comes', async () => {
    expect((await t.send('leased', 'first')).status).toBeLessThan(300);
    // What kill -9 leaves: a foreign lease that nobody renews or releases.
    await t.app.sql.query(
      `UPDATE "Chat" SET "leaseToken" = 'dead-worker', "leaseUntil" = now() + interval '3 seconds' WHERE "externalChatId" = 'leased'`,
    );
    const answer = await t.send('leased', 'after the crash');
    expect(answer.status).toBe(202);
    expect(await processedWithin(t, String(answer.body.inboundId))).toBe(true);
    const messages = await t.messages('leased');
    expect(messages.map((m) => m.text)).toEqual(['first', 'ok: first', 'after the crash', 'ok: after the crash']);
  });

  it('a completed job holding the id of a new event (a database restored from backup) does not block it', async () => {
    const first = await t.send('restored', 'before the backup was restored');
    const id = BigInt(String(first.body.inboundId));
    expect(await processedWithin(t, String(id))).toBe(true);
    // The restore: the event and its replies are gone, the id sequence is back; the queue still has the completed job.
    await t.app.sql.query(`DELETE FROM "OutboundMessage" WHERE "inboundId" = $1`, [String(id)]);
    await t.app.sql.query(`DELETE FROM "InboundEvent" WHERE id = $1`, [String(id)]);
    await t.app.sql.query(`SELECT setval('"InboundEvent_id_seq"', $1, false)`, [String(id)]);
    const queue = t.app.queueBackend.queue<InboundJob>(names.queue);
    expect(await queue.getJobState(names.jobId(id))).toBe('completed');

    const again = await t.send('restored', 'after the restore');
    expect(again.body.inboundId).toBe(String(id));
    expect(await processedWithin(t, String(id))).toBe(true);
    expect((await t.messages('restored')).map((m) => m.text)).toEqual(['after the restore', 'ok: after the restore']);
  });

  it('a job that failed for good does not keep its event from being retried', async () => {
    await t.send('failed-job', 'hello');
    const id = await nextInboundId(t);
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'failed-job' } });
    // A job for the next event, with one attempt only: the first (injected) failure is final.
    const queue = t.app.queueBackend.queue<InboundJob>(names.queue);
    await queue.add('process-chat', { chatId: chat.id, inboundId: String(id) }, { jobId: names.jobId(id), attempts: 1, delay: 1_000 });
    const answer = await t.send('failed-job', 'fail-once please');
    expect(answer.body.inboundId).toBe(String(id));
    expect(await processedWithin(t, String(id))).toBe(true);
    const event = await t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { id } });
    expect(event.attempts).toBe(1);
    expect((await t.messages('failed-job')).at(-1)?.text).toBe('ok: fail-once please');
  });

  it('keeps renewing the chat lease while one slow event is processed, so no second worker takes the chat', async () => {
    await t.send('slow', 'hello');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'slow' } });
    const store = createConversationStore(t.app.sql);
    // Hold the chat while the slow event is stored, so the app's own worker cannot take it first.
    expect(await store.acquireChatLease(chat.id, 'setup', 10_000)).toBe(true);
    await recordInbound(t.app.sql, { platform: 'console', dedupeKey: `slow-${Date.now()}`, chatId: chat.id, kind: 'message', text: 'slow one' });
    await store.releaseChatLease(chat.id, 'setup');
    let release: () => void = () => undefined;
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const slow: Orchestrator = {
      handle: (c) =>
        new Promise((resolve) => {
          release = () => resolve({ replies: [{ text: 'slow done' }], state: c.state, lang: c.lang });
          markStarted();
        }),
    };
    const pipeline = createChatPipeline({ store, orchestrator: slow, log: createLogger('silent') });
    const draining = pipeline.processChat(chat.id, 300);
    await started;
    // Several lease lengths later the lease is still held: the heartbeat renewed it.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await store.acquireChatLease(chat.id, 'second-worker', 300)).toBe(false);
    release();
    expect(await draining).toEqual({ processed: 1, busyUntil: null });
    const { rows } = await t.app.sql.query(`SELECT 1 FROM "OutboundMessage" WHERE "chatId" = $1 AND text = 'slow done'`, [chat.id]);
    expect(rows).toHaveLength(1);
  });

  it('a job naming an event this database does not have completes as a no-op instead of failing', async () => {
    const queue = t.app.queueBackend.queue<InboundJob>(names.queue);
    const jobId = names.jobId(999_999n);
    await queue.add('process-chat', { chatId: 'no-such-chat', inboundId: '999999' }, { jobId, attempts: 5 });
    let state: string | undefined;
    for (const until = Date.now() + 30_000; Date.now() < until && state !== 'completed'; await new Promise((r) => setTimeout(r, 200))) {
      state = await queue.getJobState(jobId);
    }
    expect(state).toBe('completed');
  });
});

describe.runIf(serviceUrls.database && serviceUrls.redis)('two databases on one Redis and one QUEUE_PREFIX', () => {
  let prefix: Awaited<ReturnType<typeof createRedisPrefix>>;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    prefix = await createRedisPrefix(serviceUrls.redis!);
    const start = () => startTestApp({ mode: 'services', orchestrator: echoOrchestrator(), queuePrefix: prefix.prefix, env: { INBOUND_SWEEP_MS: '1000' } });
    apps = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await prefix?.cleanup();
  });

  it('each processes every message it accepted, though both number their events from 1', async () => {
    const sent = await Promise.all(
      apps.flatMap((app, a) => Array.from({ length: 8 }, (_, i) => app.send(`shared-${i}`, `app ${a} message ${i}`).then((answer) => ({ app, answer })))),
    );
    for (const { app, answer } of sent) expect(await processedWithin(app, String(answer.body.inboundId))).toBe(true);
    for (const [a, app] of apps.entries()) {
      // Replies to merchants (the manager desks may hold the day's summary, posted at start).
      const { rows } = await app.app.sql.query<{ text: string }>(`SELECT o.text FROM "OutboundMessage" o JOIN "Chat" c ON c.id = o."chatId" WHERE c.kind = 'merchant' ORDER BY o.text`);
      expect(rows.map((r) => r.text)).toEqual(Array.from({ length: 8 }, (_, i) => `ok: app ${a} message ${i}`).sort());
    }
  });
});
