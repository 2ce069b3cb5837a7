import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/slack-channel.ts';
import { encodeFormValue } from '../../../src/channels/slack/slack-forms.ts';
import type { WebhookRoute } from '../../../src/contracts/channel.ts';
import { createLogger } from '../../../src/log.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { signedEventRequest, signedHeaders, signedInteractionRequest } from '../../support/slack-signer.ts';
import {
  blockActions, BOT_TOKEN, dmMessage, eventCallback, MemoryTokens, RecordingSink, SIGNING_SECRET, STAFF, unavailable, viewSubmission,
} from './slack-fixtures.ts';

const nowMs = Date.UTC(2026, 10, 25, 8, 0, 0);
const nowSec = nowMs / 1000;

let api: FakeSlackApi;
let sink: RecordingSink;
let tokens: MemoryTokens;
let channel: SlackChannel;
let route: WebhookRoute;

beforeEach(async () => {
  api = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  sink = new RecordingSink();
  tokens = new MemoryTokens();
  channel = createSlackChannel({
    botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, staffChannel: STAFF, apiUrl: api.apiUrl,
    sink, tokens, log: createLogger('silent'), now: () => new Date(nowMs),
  });
  const [only] = channel.webhooks;
  if (!only) throw new Error('expected the /slack/events route');
  route = only;
});
afterEach(() => api.close());

const rejectForm = encodeFormValue({ title: '拒绝退货', fields: [{ name: 'reason', label: '拒绝原因', multiline: true }] });

describe('POST /slack/events', () => {
  it('is one route at /slack/events with a 1 MiB body limit', () => {
    expect(channel.webhooks.map((r) => [r.path, r.bodyLimit])).toEqual([['/slack/events', 1024 * 1024]]);
  });

  it('a signed merchant message: 200 and the sink got exactly that event', async () => {
    const response = await route.handle(signedEventRequest(SIGNING_SECRET, nowSec, eventCallback(dmMessage('杯子收到就是碎的 😢'), 'Ev0AAA111')));
    expect(response.status).toBe(200);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]).toMatchObject({ deliveryId: 'Ev0AAA111', surface: 'merchant', text: '杯子收到就是碎的 😢', receivedAt: new Date(nowMs) });
  });

  it.each([
    ['forged (another secret)', signedEventRequest('0123456789abcdef0123', nowSec, eventCallback(dmMessage('hi')))],
    ['stale (6 minutes old)', signedEventRequest(SIGNING_SECRET, nowSec - 360, eventCallback(dmMessage('hi')))],
    ['from the future (6 minutes ahead)', signedEventRequest(SIGNING_SECRET, nowSec + 360, eventCallback(dmMessage('hi')))],
    ['unsigned', { headers: { 'content-type': 'application/json' }, rawBody: Buffer.from('{"type":"url_verification","challenge":"x"}'), query: new URLSearchParams() }],
  ])('%s: 401 webhook.signature_invalid and the sink got nothing', async (_name, request) => {
    const response = await route.handle(request);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'webhook.signature_invalid' });
    expect(sink.events).toEqual([]);
  });

  it('a body altered after signing is refused', async () => {
    const request = signedEventRequest(SIGNING_SECRET, nowSec, eventCallback(dmMessage('退款 10 元')));
    request.rawBody = Buffer.from(request.rawBody.toString('utf8').replace('10', '1000'));
    expect((await route.handle(request)).status).toBe(401);
    expect(sink.events).toEqual([]);
  });

  it('url_verification: 200 with the challenge, nothing stored', async () => {
    const response = await route.handle(signedEventRequest(SIGNING_SECRET, nowSec, { token: 't', challenge: 'c4lL3nG3', type: 'url_verification' }));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ challenge: 'c4lL3nG3' });
    expect(sink.events).toEqual([]);
  });

  it('a signed body that is not JSON: 400 webhook.payload_invalid', async () => {
    const body = 'not json';
    const request = { headers: signedHeaders(SIGNING_SECRET, nowSec, body), rawBody: Buffer.from(body), query: new URLSearchParams() };
    const response = await route.handle(request);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'webhook.payload_invalid' });
  });

  it('5 redeliveries with x-slack-retry-num hand the sink the same deliveryId 5 times (dedupe is the sink\'s)', async () => {
    const payload = eventCallback(dmMessage('还在吗？'), 'Ev0RETRY01');
    for (let retry = 1; retry <= 5; retry += 1) {
      const request = signedEventRequest(SIGNING_SECRET, nowSec + retry, payload, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' });
      expect((await route.handle(request)).status).toBe(200);
    }
    expect(sink.events.map((e) => e.deliveryId)).toEqual(Array(5).fill('Ev0RETRY01'));
  });

  it('a sink that cannot store answers 503 so Slack retries', async () => {
    sink.failWith = unavailable();
    const response = await route.handle(signedEventRequest(SIGNING_SECRET, nowSec, eventCallback(dmMessage('在吗'))));
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'service.unavailable' });
  });

  it('a database that refuses connections (a socket error, as pg raises it) answers 503, not 500', async () => {
    sink.failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    const response = await route.handle(signedEventRequest(SIGNING_SECRET, nowSec, eventCallback(dmMessage('在吗'))));
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'service.unavailable' });
  });

  it('a bot message is acknowledged and not stored', async () => {
    const response = await route.handle(signedEventRequest(SIGNING_SECRET, nowSec, eventCallback({ type: 'message', subtype: 'bot_message', bot_id: 'B0BOT', channel: STAFF, channel_type: 'channel', text: 'card', ts: '1.1' })));
    expect(response.status).toBe(200);
    expect(sink.events).toEqual([]);
  });
});

describe('POST /slack/events: interactivity', () => {
  it('a plain button press (form encoded) reaches the sink as an action', async () => {
    const response = await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, blockActions('staff:approve:R-20251125-0001')));
    expect(response.status).toBe(200);
    expect(sink.events).toMatchObject([{ kind: 'action', actionId: 'staff:approve:R-20251125-0001', surface: 'staff' }]);
    expect(api.callsOf('views.open')).toEqual([]);
  });

  it('a FormButton press opens the modal with the trigger_id on the Web API; the sink got nothing', async () => {
    const response = await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, blockActions('staff:reject:R-20251125-0001', { value: rejectForm })));
    expect(response.status).toBe(200);
    expect(sink.events).toEqual([]);
    const [open] = api.callsOf('views.open');
    expect(open?.args.trigger_id).toBe('13345224609.738474920.8088930838d88f008e0');
    expect(open?.args.view).toMatchObject({
      type: 'modal', callback_id: 'intake_form', title: { type: 'plain_text', text: '拒绝退货' },
      blocks: [{ type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 'value', multiline: true } }],
    });
    const metadata = JSON.parse(String((open?.args.view as { private_metadata: string }).private_metadata));
    expect(metadata).toEqual({ actionId: 'staff:reject:R-20251125-0001', channel: STAFF, messageTs: '1764000000.000200' });
  });

  it('the modal\'s submission reaches the sink as the original action with the fields; the response closes the modal', async () => {
    const metadata = { actionId: 'staff:reject:R-20251125-0001', channel: STAFF, messageTs: '1764000000.000200' };
    const response = await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, viewSubmission(metadata, { reason: '照片显示为人为摔碎' })));
    expect(response).toEqual({ status: 200 });
    expect(sink.events).toMatchObject([{ kind: 'action', actionId: 'staff:reject:R-20251125-0001', fields: { reason: '照片显示为人为摔碎' }, inReplyTo: '1764000000.000200' }]);
  });

  it('a submission with an empty reason answers response_action errors and stores nothing', async () => {
    const response = await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, viewSubmission({ actionId: 'staff:reject:R-1', channel: STAFF }, { reason: ' ' })));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ response_action: 'errors', errors: { reason: '必填 / Required' } });
    expect(sink.events).toEqual([]);
  });

  it('a press on a button sent as a short token reaches the sink with the full id; an unknown token is dropped', async () => {
    const long = `staff:note:${'x'.repeat(300)}`;
    const token = await tokens.shorten(long, { platform: 'slack', workspace: 'T', externalChatId: STAFF });
    await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, blockActions(`tok:${token}`)));
    await route.handle(signedInteractionRequest(SIGNING_SECRET, nowSec, blockActions('tok:unknown', { actionTs: '1764000099.000001' })));
    expect(sink.events.map((e) => e.actionId)).toEqual([long]);
  });
});
