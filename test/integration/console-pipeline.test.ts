import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modesUnderTest } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { sampleValue } from '../support/prometheus-text.ts';

describe.each(modesUnderTest())('console pipeline (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is live and ready, and says which backends it runs on', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, string>; mode: Record<string, string>; redisPolicy?: { state: string }; calendar: { timeZone: string; estimatedYears: number[] } };
    expect(body.checks).toEqual({ database: 'ok', queue: 'ok' });
    // This year and next, those resting on the statutory estimate (2027 while its schedule is unpublished).
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    expect(body.calendar).toEqual({ timeZone: 'Asia/Shanghai', estimatedYears: t.app.calendar.current().estimatedYears(year, year + 1) });
    if (year === 2026) expect(body.calendar.estimatedYears).toEqual([2027]);
    expect(body.mode).toEqual(mode === 'embedded' ? { database: 'embedded', queue: 'postgres' } : { database: 'external', queue: 'redis' });
    // The maxmemory-policy check (its outcomes are tested in test/followups/redis-policy.test.ts) ran at start, on Redis only.
    if (mode === 'embedded') expect(body.redisPolicy).toBeUndefined();
    else expect(['ok', 'evicting']).toContain(body.redisPolicy?.state);
  });

  it('answers a console message with replies, in the language the merchant writes', async () => {
    const zh = await t.send(`${mode}-lang`, '你好');
    expect(zh.status).toBe(200);
    expect(zh.replies.length).toBeGreaterThan(0);
    expect(zh.replies[0]?.text).toMatch(/\p{Script=Han}/u);
    const en = await t.send(`${mode}-lang-en`, 'hello, I need help');
    expect(en.replies[0]?.text).toMatch(/[A-Za-z]{3,}/);
    expect(en.replies[0]?.text).not.toMatch(/\p{Script=Han}{4,}/u);
  });

  it('stores 5 identical posts with one client message id once, and answers all five with the same replies', async () => {
    const chatId = `${mode}-dedupe`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.send(chatId, '我要退货', { clientMessageId: 'm-1' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.replies))).size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    expect(await t.app.prisma.inboundEvent.count({ where: { chatId: chat.id } })).toBe(1);
    const replies = await t.app.prisma.outboundMessage.count({ where: { chatId: chat.id } });
    expect(replies).toBe(answers[0]?.replies.length);
  });

  it('processes the messages of one chat in the order they arrived, even when posted at once', async () => {
    const chatId = `${mode}-order`;
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.send(chatId, `message ${i}`, { clientMessageId: `o-${i}` })));
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    const inbound = await t.app.prisma.inboundEvent.findMany({ where: { chatId: chat.id }, orderBy: { id: 'asc' }, select: { id: true, processedAt: true } });
    expect(inbound).toHaveLength(12);
    const processedAt = inbound.map((e) => e.processedAt?.getTime() ?? Number.NaN);
    expect(processedAt.every((ms) => Number.isFinite(ms))).toBe(true);
    expect([...processedAt].sort((a, b) => a - b)).toEqual(processedAt);
    const stateVersion = (await t.app.prisma.chat.findUniqueOrThrow({ where: { id: chat.id } })).stateVersion;
    expect(stateVersion).toBe(12);
  });

  it('handles many chats at once', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.send(`${mode}-many-${i}`, i % 2 ? 'hello' : '你好')));
    expect(answers.every((a) => a.status === 200 && a.replies.length > 0)).toBe(true);
  });

  it('accepts text in any script, emoji and 10,000 characters, and strips NUL', async () => {
    for (const text of ['مرحبا، أريد إرجاع المنتج', '📦🔥 坏了!!', 'Ünïcödé ✓', 'a'.repeat(10_000), 'bad\u0000byte']) {
      const answer = await t.send(`${mode}-scripts`, text);
      expect(answer.status, text.slice(0, 20)).toBe(200);
    }
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: `${mode}-scripts` } });
    const stored = await t.app.prisma.inboundEvent.findMany({ where: { chatId: chat.id }, orderBy: { id: 'asc' }, select: { text: true } });
    expect(stored.map((s) => s.text)).toContain('badbyte');
    expect(stored.some((s) => s.text?.length === 10_000)).toBe(true);
  });

  it.each([
    ['missing text', JSON.stringify({ chatId: 'x' }), 400, 'http.invalid_request'],
    ['empty text', JSON.stringify({ chatId: 'x', text: '   ' }), 400, 'http.invalid_request'],
    ['bad chat id', JSON.stringify({ chatId: '../etc', text: 'hi' }), 400, 'http.invalid_request'],
    ['text over 16,000 characters', JSON.stringify({ chatId: 'x', text: 'x'.repeat(16_001) }), 400, 'http.invalid_request'],
  ])('refuses %s with a clear error and stores nothing', async (_label, body, status, code) => {
    const before = await t.app.prisma.inboundEvent.count();
    const res = await fetch(`${t.url}/api/console/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(status);
    const parsed = (await res.json()) as { error: string; message: string };
    expect(parsed.error).toBe(code);
    expect(parsed.message.length).toBeGreaterThan(3);
    expect(await t.app.prisma.inboundEvent.count()).toBe(before);
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${t.url}/nope`)).status).toBe(404);
    const res = await fetch(`${t.url}/api/console/messages`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('keeps the transcript, serves the page and exposes metrics', async () => {
    const messages = await t.messages(`${mode}-lang`);
    expect(messages.map((m) => m.from)).toEqual(['merchant', ...Array(messages.length - 1).fill('bot')]);
    const page = await fetch(`${t.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/api/console/messages');
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(sampleValue(metrics, 'intake_inbound_accepted_total', { platform: 'console' })).toBeGreaterThan(0);
    expect(sampleValue(metrics, 'intake_inbound_duplicates_total', { platform: 'console' })).toBeGreaterThan(0);
    for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized']) expect(sampleValue(metrics, 'intake_queue_jobs', { queue: 'inbound', state }), state).toBeGreaterThanOrEqual(0);
    expect(sampleValue(metrics, 'intake_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('never loses an accepted message: one stored without a job is found by the sweeper', async () => {
    const { ensureMerchantChat, recordInbound } = await import('../../src/store/inbound-store.ts');
    const chat = await ensureMerchantChat(t.app.sql, { platform: 'console', workspace: '', externalChatId: `${mode}-orphan` }, { externalUserId: `${mode}-orphan` });
    const event = await recordInbound(t.app.sql, { platform: 'console', dedupeKey: `orphan-${mode}`, chatId: chat.id, kind: 'message', text: 'hello' });
    await t.app.prisma.$executeRaw`UPDATE "InboundEvent" SET "receivedAt" = now() - interval '1 minute' WHERE id = ${event.id}`;
    const { chatsWithStalePending } = await import('../../src/store/inbound-store.ts');
    expect((await chatsWithStalePending(t.app.prisma, 15_000)).map((c) => c.chatId)).toContain(chat.id);
    await t.restart(); // the sweep runs at start
    for (let i = 0; i < 100; i++) {
      const row = await t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { id: event.id } });
      if (row.processedAt) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('orphaned message was not processed');
  });
});
