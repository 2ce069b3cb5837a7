import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Platform } from '../../src/contracts/channel.ts';
import { createLogger } from '../../src/log.ts';
import { deliveryQueueNames, startDelivery, type Delivery, type DeliveryJob } from '../../src/outbox/delivery-queue.ts';
import { databaseInstanceId } from '../../src/store/database-instance.ts';
import { ensureMerchantChat } from '../../src/store/inbound-store.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';
import { telegramHarness, type TelegramHarness } from '../support/telegram-harness.ts';

const REPLIES = 20;
const UNSTARTED = ['waiting', 'delayed', 'prioritized'] as const;

// The outbox's delivery queue on both queue backends, with a real Telegram channel against a fake Bot
// API. Nothing here calls the outbox sweep: every reply must reach the chat on the normal path.
describe.each(modesUnderTest())('delivery jobs per chat (%s)', (mode) => {
  let t: TestApp;
  let h: TelegramHarness;
  let databaseId: string;
  const started: Delivery[] = [];
  const log = createLogger('silent');

  beforeAll(async () => {
    t = await startTestApp({ mode });
    h = await telegramHarness();
    databaseId = await databaseInstanceId(t.app.sql);
  });
  afterEach(async () => {
    for (const delivery of started.splice(0)) await delivery.close();
  });
  afterAll(async () => {
    await h?.close();
    await t?.stop();
  });

  function delivery(options: { workers: boolean; concurrency?: number }): Delivery {
    const channels = new Map<Platform, Channel>([['telegram', h.channel]]);
    const started_ = startDelivery({ backend: t.app.queueBackend, databaseId, store: createOutboxStore(t.app.sql), channels, concurrency: options.concurrency ?? 2, workers: options.workers, log });
    started.push(started_);
    return started_;
  }

  const queue = () => t.app.queueBackend.queue<DeliveryJob>(deliveryQueueNames('telegram', databaseId).queue);
  async function jobsOf(chatId: string, states: readonly string[]) {
    const jobs = await queue().getJobs([...states] as Parameters<ReturnType<typeof queue>['getJobs']>[0]);
    return jobs.filter((job) => job.data.chatId === chatId);
  }

  async function chat(externalChatId: string): Promise<string> {
    const address = { platform: 'telegram' as const, workspace: h.channel.botId, externalChatId };
    return (await ensureMerchantChat(t.app.sql, address, { externalUserId: externalChatId })).id;
  }
  /** A reply as the pipeline leaves it: a pending outbox row, then a request for the chat's delivery. */
  async function reply(target: Delivery, chatId: string, seq: number): Promise<void> {
    await t.app.sql.query(`INSERT INTO "OutboundMessage" (id, "chatId", seq, text, status, "createdAt") VALUES (gen_random_uuid()::text, $1, $2, $3, 'pending', clock_timestamp())`, [chatId, seq, `reply ${seq}`]);
    await target.enqueue('telegram', chatId);
  }
  const texts = (externalChatId: string) => h.fake.messagesIn(externalChatId).map((m) => m.text);
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `reply ${i + 1}`);

  async function until(done: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
    for (const deadline = Date.now() + ms; !(await done()); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  }

  it('the queue name carries the database id, as the inbound queue name does', () => {
    const names = deliveryQueueNames('telegram', databaseId);
    expect(names.queue).toBe(`deliver-telegram-${databaseId.replaceAll('-', '').slice(0, 12)}`);
    expect(deliveryQueueNames('telegram', '00000000-0000-4000-8000-000000000000').queue).not.toBe(names.queue);
    expect(names.label).toBe('deliver-telegram');
  });

  it(`${REPLIES} replies queued while no worker runs leave one delivery job, then arrive in order`, async () => {
    const chatId = await chat('7001');
    const web = delivery({ workers: false });
    for (let seq = 1; seq <= REPLIES; seq += 1) await reply(web, chatId, seq);
    expect(await jobsOf(chatId, UNSTARTED)).toHaveLength(1);

    delivery({ workers: true });
    await until(() => texts('7001').length >= REPLIES, `${REPLIES} replies in chat 7001`);
    expect(texts('7001')).toEqual(expected(REPLIES));
    expect((await jobsOf(chatId, ['completed'])).length).toBeLessThanOrEqual(2);
  });

  it('replies written while the chat is being delivered get one job of their own, and arrive without the sweep', async () => {
    const chatId = await chat('7002');
    // One worker slot: the second job waits while the first is held in its send.
    const worker = delivery({ workers: true, concurrency: 1 });
    const release = h.fake.hold('sendMessage');
    const sendsBefore = h.fake.callsTo('sendMessage').length;
    await reply(worker, chatId, 1);
    await until(() => h.fake.callsTo('sendMessage').length > sendsBefore, 'the first send');
    const [first] = await jobsOf(chatId, ['active']);
    expect(first).toBeDefined();

    for (let seq = 2; seq <= REPLIES; seq += 1) await reply(worker, chatId, seq);
    // The active job gave its key up as it started: the later replies share exactly one new job.
    const waiting = await jobsOf(chatId, UNSTARTED);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.id).not.toBe(first?.id);

    release();
    await until(() => texts('7002').length >= REPLIES, `${REPLIES} replies in chat 7002`);
    expect(texts('7002')).toEqual(expected(REPLIES));
    await until(async () => (await jobsOf(chatId, [...UNSTARTED, 'active'])).length === 0, 'the queue to empty');
    expect(texts('7002')).toHaveLength(REPLIES);
  });

  it('a reply written while the chat waits out a 429 rides on the delayed retry and keeps its place', async () => {
    const chatId = await chat('7003');
    const worker = delivery({ workers: true });
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    await reply(worker, chatId, 1);
    await until(async () => (await jobsOf(chatId, ['delayed'])).length === 1, 'the delayed retry');

    await reply(worker, chatId, 2);
    expect(await jobsOf(chatId, UNSTARTED)).toHaveLength(1);
    await until(() => texts('7003').length >= 2, 'two replies in chat 7003');
    expect(texts('7003')).toEqual(expected(2));
  });
});
