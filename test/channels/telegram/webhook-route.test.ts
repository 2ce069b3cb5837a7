import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookRequest, WebhookRoute } from '../../../src/contracts/channel.ts';
import { CodedError } from '../../../src/errors.ts';
import { callbackQuery, groupReply, MERCHANT, privateText } from '../../support/telegram-updates.ts';
import { telegramHarness, WEBHOOK_SECRET, type TelegramHarness } from '../../support/telegram-harness.ts';

let h: TelegramHarness;
let route: WebhookRoute;

function request(body: unknown, secret: string | null = WEBHOOK_SECRET): WebhookRequest {
  return {
    headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    query: new URLSearchParams(),
  };
}

beforeEach(async () => {
  h = await telegramHarness();
  const [only] = h.channel.webhooks;
  if (!only) throw new Error('webhook mode has one route');
  route = only;
});
afterEach(async () => {
  await h.close();
});

describe('Telegram webhook route', () => {
  it('is POST /telegram/webhook with a 1 MiB limit', () => {
    expect(h.channel.webhooks).toHaveLength(1);
    expect(route).toMatchObject({ path: '/telegram/webhook', bodyLimit: 1024 * 1024 });
  });

  it('hands a verified update to the sink and answers 200', async () => {
    const update = privateText('我的订单什么时候退款？', { updateId: 700_000_001 });
    expect(await route.handle(request(update))).toMatchObject({ status: 200 });
    expect(h.sink.events).toHaveLength(1);
    expect(h.sink.events[0]).toMatchObject({ deliveryId: '700000001', surface: 'merchant', text: '我的订单什么时候退款？' });
  });

  it.each([
    ['a wrong secret', 'wh_S3cret-For-Tests_0123456780'],
    ['a missing secret', null],
    ['a secret of another length', 'short'],
  ])('refuses %s with 401 webhook.secret_invalid and stores nothing', async (_name, secret) => {
    const response = await route.handle(request(privateText('hi'), secret));
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ error: 'webhook.secret_invalid' });
    expect(h.sink.events).toHaveLength(0);
  });

  it('reads the header whatever its case', async () => {
    const req = request(privateText('hi'), null);
    req.headers['X-Telegram-Bot-Api-Secret-Token'] = WEBHOOK_SECRET;
    expect((await route.handle(req)).status).toBe(200);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await route.handle(request('{"update_id": 1, '));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ error: 'http.bad_json' });
  });

  it('answers 200 to an update that fails the schema (no redelivery of garbage), logging a warning without its text', async () => {
    const response = await route.handle(request({ update_id: 5, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, from: MERCHANT, text: ['秘密内容'] } }));
    expect(response.status).toBe(200);
    expect(h.sink.events).toHaveLength(0);
    expect(h.logs.lines()).toContain('failed validation');
    expect(h.logs.lines()).not.toContain('秘密内容');
  });

  it('answers 200 to updates from a group it does not serve, storing nothing', async () => {
    expect((await route.handle(request(groupReply('广告', -1_000_000_000_777, 1)))).status).toBe(200);
    expect(h.sink.events).toHaveLength(0);
  });

  it('answers 503 when the sink cannot store (Telegram redelivers), 500 on a bug', async () => {
    h.sink.failWith = new CodedError('service.unavailable', 'database down');
    const unavailable = await route.handle(request(privateText('在吗')));
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.body ?? '{}')).toMatchObject({ error: 'service.unavailable' });
    h.sink.failWith = new Error('boom');
    expect((await route.handle(request(privateText('在吗')))).status).toBe(500);
  });

  it('answers 503, not 500, when the database refuses connections (a socket error, as pg raises it)', async () => {
    h.sink.failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    const refused = await route.handle(request(privateText('在吗')));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body ?? '{}')).toMatchObject({ error: 'service.unavailable' });
  });

  it('gives five replays of one update the same deliveryId (dedupe is the sink\'s job)', async () => {
    const update = privateText('重复投递测试', { updateId: 700_000_009 });
    for (let i = 0; i < 5; i++) expect((await route.handle(request(update))).status).toBe(200);
    expect(h.sink.events.map((e) => e.deliveryId)).toEqual(Array(5).fill('700000009'));
    expect(new Set(h.sink.events.map((e) => JSON.stringify(e.address))).size).toBe(1);
  });

  it('answers a button press once it is stored, and an expired one at once', async () => {
    await route.handle(request(callbackQuery('menu:status', MERCHANT.id, 31)));
    await route.handle(request(callbackQuery('~expired', MERCHANT.id, 32)));
    await h.channel.settled();
    expect(h.sink.events.map((e) => e.actionId)).toEqual(['menu:status']);
    expect(h.fake.callsTo('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual(['4382bfdwdsb323b2d931', '4382bfdwdsb323b2d932']);
  });

  it('does not answer a press the sink could not store (the redelivery will)', async () => {
    h.sink.failWith = new CodedError('service.unavailable', 'queue down');
    expect((await route.handle(request(callbackQuery('menu:status', MERCHANT.id, 33)))).status).toBe(503);
    await h.channel.settled();
    expect(h.fake.callsTo('answerCallbackQuery')).toHaveLength(0);
  });

  it('never logs the message text or the token, even at debug', async () => {
    await route.handle(request(privateText('手机号 13800138000 地址 北京市朝阳区')));
    await route.handle(request(privateText('x'), 'wrong'));
    expect(h.logs.lines()).not.toContain('13800138000');
    expect(h.logs.lines()).not.toContain(h.fake.token);
  });

  it('works over a real HTTP round trip', async () => {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void route.handle({ headers: req.headers, rawBody: Buffer.concat(chunks), query: new URLSearchParams() }).then((r) => {
          res.writeHead(r.status, r.headers);
          res.end(r.body);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;
    try {
      const post = (secret: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret }, body: JSON.stringify(privateText('HTTP 来的', { updateId: 700_000_100 })) });
      expect((await post(WEBHOOK_SECRET)).status).toBe(200);
      expect((await post('nope')).status).toBe(401);
      expect(h.sink.events.map((e) => e.deliveryId)).toEqual(['700000100']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
