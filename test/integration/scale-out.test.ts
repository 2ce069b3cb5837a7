import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundQueueNames } from '../../src/inbound/inbound-queue.ts';
import { databaseInstanceId } from '../../src/store/database-instance.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { checkChatOrder } from '../support/chat-order.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { serviceUrls } from '../support/services.ts';
import { countReplies, createTelegramChatLoad, turnTexts, waitUntil } from '../support/telegram-chat-load.ts';

// Several bot processes over one PostgreSQL database and one Redis prefix, behind a round-robin
// load balancer (README "Deployment: several processes"). The daily summary sent once with two
// processes is test/followups/report-schedule.test.ts ("two processes on one database and queue").
const SECRET = 'scale_out-secret-0123';
const CHATS = 12;
const TURNS = 6;

const telegramEnv = (api: FakeTelegramApi) => ({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: api.apiRoot, WORKER_CONCURRENCY: '4' });

async function processedBy(t: TestApp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return sampleValue(text, 'intake_inbound_processed_total') ?? 0;
}

/** Sends CHATS chats × TURNS turns round robin over the apps; every chat's replies once each, in order. */
async function talkThrough(api: FakeTelegramApi, apps: TestApp[], firstUser: number) {
  const users = Array.from({ length: CHATS }, (_, c) => firstUser + c);
  const load = createTelegramChatLoad({ urls: apps.map((a) => a.url), secret: SECRET });
  try {
    await load.chats(users, TURNS);
  } finally {
    load.close();
  }
  await waitUntil(() => countReplies(api, users) >= CHATS * TURNS, 60_000);
  // Anything late (a duplicate on its way) lands meanwhile.
  await new Promise((r) => setTimeout(r, 500));
  return checkChatOrder(users.map((u) => api.messagesIn(String(u)).map((m) => m.text ?? '')), turnTexts(TURNS));
}

const clean = { chats: CHATS, replies: CHATS * TURNS, outOfOrder: 0, duplicates: 0, missing: 0, unexpected: 0 };

describe.runIf(serviceUrls.database && serviceUrls.redis)('two processes over one database and one Redis', () => {
  let api: FakeTelegramApi;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    api = await startFakeTelegramApi();
    first = await startTestApp({ mode: 'services', env: telegramEnv(api) });
    second = await startTestApp({ mode: 'services', sharing: first, env: telegramEnv(api) });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await api?.close();
  });

  it('keeps each chat in order and answers every message once, whichever process took each webhook and each job', async () => {
    expect(await talkThrough(api, [first, second], 8_400_000_000)).toEqual(clean);
    // Both processes did part of the work (otherwise this proves nothing about two).
    expect(await processedBy(first)).toBeGreaterThan(0);
    expect(await processedBy(second)).toBeGreaterThan(0);
  });
});

describe.runIf(serviceUrls.database && serviceUrls.redis)('PROCESS_ROLE: a web process and a worker process', () => {
  let api: FakeTelegramApi;
  let worker: TestApp;
  let web: TestApp;
  beforeAll(async () => {
    api = await startFakeTelegramApi();
    worker = await startTestApp({ mode: 'services', env: { ...telegramEnv(api), PROCESS_ROLE: 'worker' } });
    web = await startTestApp({ mode: 'services', sharing: worker, env: { ...telegramEnv(api), PROCESS_ROLE: 'web' } });
  });
  afterAll(async () => {
    await web?.stop();
    await worker?.stop();
    await api?.close();
  });

  it('the web process takes the webhooks and the worker answers them, in order, once', async () => {
    expect(await talkThrough(api, [web], 8_500_000_000)).toEqual(clean);
    expect(await processedBy(web)).toBe(0);
    expect(await processedBy(worker)).toBe(CHATS * TURNS);
  });

  it('a console request to the web process gets its replies from the worker (woken across processes)', async () => {
    const answer = await web.send('scale-console-1', '我的售后');
    expect(answer.status).toBe(200);
    expect(answer.replies.length).toBeGreaterThan(0);
  });

  it('the worker answers only the probes and /metrics; the web process answers the rest', async () => {
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${worker.url}/telegram/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${worker.url}/api/console/chats/x/messages`)).status).toBe(404);
    expect((await fetch(`${web.url}/api/console/chats/x/messages`)).status).toBe(200);
  });
  it('with the worker stopped, the web process still stores and enqueues but processes and delivers nothing', async () => {
    await worker.app.stop();
    const user = 8_500_100_000;
    const load = createTelegramChatLoad({ urls: [web.url], secret: SECRET });
    await load.chats([user], 1);
    load.close();
    const inbound = web.app.queueBackend.queue(inboundQueueNames(await databaseInstanceId(web.app.sql)).queue);
    await expect.poll(async () => (await inbound.getJobCounts('waiting')).waiting, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(countReplies(api, [user])).toBe(0);
    expect(await web.app.prisma.inboundEvent.count({ where: { processedAt: null } })).toBe(1);
    await web.app.queueBackend.release(inbound);
  });
});
