import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupeKey } from '../../src/store/dedupe-key.ts';
import { modesUnderTest } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

describe('dedupe keys', () => {
  it('cannot collide across chats or kinds, whatever the parts contain', () => {
    const a = dedupeKey({ platform: 'console', scope: 'victim:7', kind: 'message', id: 'm1' });
    const b = dedupeKey({ platform: 'console', scope: 'victim', kind: 'message', id: '7:m1' });
    const c = dedupeKey({ platform: 'console', scope: 'c', kind: 'message', id: 'action:xyz' });
    const d = dedupeKey({ platform: 'console', scope: 'c', kind: 'action', id: 'xyz' });
    expect(new Set([a, b, c, d]).size).toBe(4);
  });
});

describe.each(modesUnderTest())('console dedupe (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const eventsOf = async (chatId: string) => {
    const chat = await t.app.prisma.chat.findFirst({ where: { externalChatId: chatId } });
    return chat ? t.app.prisma.inboundEvent.count({ where: { chatId: chat.id } }) : 0;
  };

  it("never answers one chat's message with another chat's replies when ids contain ':'", async () => {
    const first = await t.send(`${mode}-victim:7`, 'hello', { clientMessageId: 'm1' });
    const second = await t.send(`${mode}-victim`, '你好', { clientMessageId: '7:m1' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.duplicate).toBe(false);
    expect(second.body.inboundId).not.toBe(first.body.inboundId);
    expect(await eventsOf(`${mode}-victim`)).toBe(1);
  });

  it('does not let a message id swallow a later action with the same id', async () => {
    const chatId = `${mode}-kinds`;
    const message = await t.send(chatId, 'hello', { clientMessageId: 'action:xyz' });
    const res = await fetch(`${t.url}/api/console/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId, actionId: 'menu:help', clientActionId: 'xyz' }) });
    const action = (await res.json()) as { duplicate: boolean };
    expect([message.status, res.status]).toEqual([200, 200]);
    expect(action.duplicate).toBe(false);
    expect(await eventsOf(chatId)).toBe(2);
  });

  it('answers a retry (same id, same body) as a duplicate, and a reused id with another body with 409', async () => {
    const chatId = `${mode}-reuse`;
    const first = await t.send(chatId, '我要退货', { clientMessageId: 'r-1' });
    const retry = await t.send(chatId, '我要退货', { clientMessageId: 'r-1' });
    expect(retry.body.duplicate).toBe(true);
    expect(retry.replies).toEqual(first.replies);
    const reused = await t.send(chatId, '我要换货', { clientMessageId: 'r-1' });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toBe('inbound.id_reused');
    expect(await eventsOf(chatId)).toBe(1);
  });
});
