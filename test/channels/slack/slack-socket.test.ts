import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/slack-channel.ts';
import { createLogger } from '../../../src/log.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { FakeSlackSocket } from '../../support/fake-slack-socket.ts';
import { BOT_TOKEN, dmMessage, eventCallback, MemoryTokens, RecordingSink, STAFF, unavailable, viewSubmission } from './slack-fixtures.ts';

let api: FakeSlackApi;
let socket: FakeSlackSocket;
let sink: RecordingSink;
let channel: SlackChannel;

beforeEach(async () => {
  api = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  socket = await FakeSlackSocket.start();
  api.socketUrl = socket.url;
  sink = new RecordingSink();
  channel = createSlackChannel({
    botToken: BOT_TOKEN, appToken: 'xapp-1-A0APP01-1234-abcd', staffChannel: STAFF, apiUrl: api.apiUrl,
    sink, tokens: new MemoryTokens(), log: createLogger('silent'),
  });
  await channel.start();
});
afterEach(async () => {
  await channel.stop();
  await socket.close();
  await api.close();
});

const envelope = (id: string, type: string, payload: unknown, retry = 0) =>
  ({ envelope_id: id, type, payload, accepts_response_payload: type === 'interactive', retry_attempt: retry, retry_reason: retry ? 'timeout' : '' });

describe('Socket Mode (real WebSocket to a fake endpoint)', () => {
  it('has no webhook route; connects through apps.connections.open on the configured API URL with the app token', () => {
    expect(channel.webhooks).toEqual([]);
    expect(api.callsOf('apps.connections.open')[0]?.authorization).toBe('Bearer xapp-1-A0APP01-1234-abcd');
  });

  it('an events_api envelope reaches the sink through the shared dispatch and is acked; a redelivery repeats the deliveryId', async () => {
    socket.send(envelope('env-1', 'events_api', eventCallback(dmMessage('socket 你好 👋'), 'Ev0SOCK01')));
    expect(await socket.ackFor('env-1')).toMatchObject({ envelope_id: 'env-1' });
    socket.send(envelope('env-2', 'events_api', eventCallback(dmMessage('socket 你好 👋'), 'Ev0SOCK01'), 1));
    await socket.ackFor('env-2');
    expect(sink.events.map((e) => [e.deliveryId, e.surface, e.text])).toEqual([['Ev0SOCK01', 'merchant', 'socket 你好 👋'], ['Ev0SOCK01', 'merchant', 'socket 你好 👋']]);
  });

  it('an interactive envelope is acked with the answer (modal field errors)', async () => {
    socket.send(envelope('env-3', 'interactive', viewSubmission({ actionId: 'staff:reject:R-1', channel: STAFF }, { reason: '' })));
    expect(await socket.ackFor('env-3')).toEqual({ envelope_id: 'env-3', payload: { response_action: 'errors', errors: { reason: '必填 / Required' } } });
  });

  it('an event the sink cannot store is not acked, so Slack redelivers it', async () => {
    sink.failWith = unavailable();
    socket.send(envelope('env-4', 'events_api', eventCallback(dmMessage('在吗'), 'Ev0SOCK04')));
    await vi.waitFor(() => expect(sink.offered).toContain('Ev0SOCK04'));
    sink.failWith = undefined;
    socket.send(envelope('env-5', 'events_api', eventCallback(dmMessage('在吗'), 'Ev0SOCK04'), 1));
    await socket.ackFor('env-5');
    expect(socket.acks.map((a) => a.envelope_id)).toEqual(['env-5']);
  });
});
