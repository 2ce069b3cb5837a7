import { describe, expect, it } from 'vitest';
import { normalizeSlackPayload, type SlackInbound } from '../../../src/channels/slack/slack-normalize.ts';
import { encodeFormValue } from '../../../src/channels/slack/slack-forms.ts';
import { blockActions, dmMessage, eventCallback, MANAGERS, MERCHANT_DM, STAFF, TEAM, viewSubmission } from './slack-fixtures.ts';

const surfaces = { staffChannel: STAFF, managerChannel: MANAGERS };
const at = new Date('2026-11-25T08:00:00Z');
const normalize = (payload: unknown): SlackInbound => normalizeSlackPayload(payload, surfaces, at);
const merchant = { platform: 'slack', workspace: TEAM, externalChatId: MERCHANT_DM };

function eventOf(payload: unknown) {
  const inbound = normalize(payload);
  if (inbound.type !== 'event') throw new Error(`expected an event, got ${JSON.stringify(inbound)}`);
  return inbound.event;
}

describe('normalizeSlackPayload: Events API', () => {
  it('answers url_verification with the challenge', () => {
    expect(normalize({ token: 'x', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }))
      .toEqual({ type: 'challenge', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('a merchant writing Chinese with emoji in the DM is a merchant message; Slack escapes are undone', () => {
    const event = eventOf(eventCallback(dmMessage('你好，我上周买的杯子碎了 😭 订单号 2025112012345 &lt;急&gt; &amp; 谢谢'), 'Ev0AAA111'));
    expect(event).toEqual({
      deliveryId: 'Ev0AAA111', address: merchant, surface: 'merchant', user: { externalUserId: 'U0MERCH01' }, kind: 'message',
      text: '你好，我上周买的杯子碎了 😭 订单号 2025112012345 <急> & 谢谢', receivedAt: at,
    });
  });

  it('links Slack wrapped come back as the merchant typed them', () => {
    const event = eventOf(eventCallback(dmMessage('物流查一下 <https://m.kuaidi100.com/result.jsp?nu=SF1234567890> 或 <mailto:a@shop.cn|a@shop.cn>')));
    expect(event.text).toBe('物流查一下 https://m.kuaidi100.com/result.jsp?nu=SF1234567890 或 a@shop.cn');
  });

  it('a file share keeps the text and lists the files (id, name, type, size)', () => {
    const files = [
      { id: 'F0PHOTO01', name: 'IMG_2041.HEIC', title: 'IMG_2041.HEIC', mimetype: 'image/heic', filetype: 'heic', size: 2_345_678, url_private: 'https://files.slack.com/x' },
      { id: 'F0PHOTO02', name: '破损.jpg', mimetype: 'image/jpeg', size: 345_000 },
    ];
    const event = eventOf(eventCallback(dmMessage('照片在这里', { subtype: 'file_share', files, upload: false })));
    expect(event.files).toEqual([
      { fileId: 'F0PHOTO01', fileName: 'IMG_2041.HEIC', mimeType: 'image/heic', sizeBytes: 2_345_678 },
      { fileId: 'F0PHOTO02', fileName: '破损.jpg', mimeType: 'image/jpeg', sizeBytes: 345_000 },
    ]);
    expect(event.text).toBe('照片在这里');
  });

  it('a photo without a caption is still a message', () => {
    const event = eventOf(eventCallback(dmMessage('', { files: [{ id: 'F0PHOTO03', name: 'a.png', mimetype: 'image/png', size: 10 }] })));
    expect(event.text).toBeUndefined();
    expect(event.files).toHaveLength(1);
  });

  it('a staff reply in a case card thread is a staff message under that card', () => {
    const event = eventOf(eventCallback({
      type: 'message', channel: STAFF, channel_type: 'channel', user: 'U0STAFF01', text: '已联系快递，明天上门取件',
      ts: '1764000100.000300', thread_ts: '1764000000.000200', parent_user_id: 'U0BOT',
    }, 'Ev0STAFF01'));
    expect(event).toMatchObject({ surface: 'staff', inReplyTo: '1764000000.000200', address: { externalChatId: STAFF }, text: '已联系快递，明天上门取件' });
  });

  it('a top-level message in the private manager channel is a manager message without inReplyTo', () => {
    const event = eventOf(eventCallback({ type: 'message', channel: MANAGERS, channel_type: 'group', user: 'U0BOSS01', text: '本周超时的单子发我', ts: '1764000200.000100', thread_ts: '1764000200.000100' }));
    expect(event.surface).toBe('manager');
    expect(event.inReplyTo).toBeUndefined();
  });

  it.each([
    ['a bot message (our own card in the staff channel)', { type: 'message', subtype: 'bot_message', channel: STAFF, channel_type: 'channel', bot_id: 'B0BOT', text: 'R-20251125-0001', ts: '1.1' }],
    ['a bot message without subtype', { type: 'message', channel: MERCHANT_DM, channel_type: 'im', bot_id: 'B0BOT', user: 'U0BOT', text: '您好', ts: '1.1' }],
    ['an edit', { type: 'message', subtype: 'message_changed', channel: MERCHANT_DM, channel_type: 'im', hidden: true, ts: '1.2', message: { text: '改了', user: 'U0MERCH01' } }],
    ['a delete', { type: 'message', subtype: 'message_deleted', channel: MERCHANT_DM, channel_type: 'im', hidden: true, ts: '1.3', deleted_ts: '1.1' }],
    ['a channel join', { type: 'message', subtype: 'channel_join', channel: STAFF, channel_type: 'channel', user: 'U0NEW01', text: '<@U0NEW01> has joined the channel', ts: '1.4' }],
    ['a message in some other channel', { type: 'message', channel: 'C0RANDOM1', channel_type: 'channel', user: 'U0X', text: '午饭吃什么', ts: '1.5' }],
    ['a group DM (mpim)', { type: 'message', channel: 'G0MPIM001', channel_type: 'mpim', user: 'U0X', text: 'hi', ts: '1.6' }],
    ['an empty message', { type: 'message', channel: MERCHANT_DM, channel_type: 'im', user: 'U0MERCH01', text: '   ', ts: '1.7' }],
    ['an app_home_opened event', { type: 'app_home_opened', user: 'U0MERCH01', channel: MERCHANT_DM, tab: 'messages' }],
  ])('ignores %s', (_name, event) => {
    expect(normalize(eventCallback(event))).toMatchObject({ type: 'ignored' });
  });

  it.each([
    ['no type at all', { hello: 1 }],
    ['an event_callback without event_id', { type: 'event_callback', team_id: TEAM, event: { type: 'message' } }],
    ['a message event without ts', eventCallback({ type: 'message', channel: MERCHANT_DM, channel_type: 'im', user: 'U0M', text: 'x', ts: undefined })],
    ['a slash command type we do not use', { type: 'shortcut', callback_id: 'x' }],
  ])('ignores malformed or foreign payloads: %s', (_name, payload) => {
    expect(normalize(payload)).toMatchObject({ type: 'ignored' });
  });
});

describe('normalizeSlackPayload: interactivity', () => {
  it('block_actions on a staff card is an action with the button id, the card ts and a stable deliveryId', () => {
    const event = eventOf(blockActions('case:view:R-20251125-0001', { actionTs: '1764000012.345678' }));
    expect(event).toEqual({
      deliveryId: 'action:1764000012.345678:U0STAFF01',
      address: { platform: 'slack', workspace: TEAM, externalChatId: STAFF },
      surface: 'staff', user: { externalUserId: 'U0STAFF01' }, kind: 'action', actionId: 'case:view:R-20251125-0001',
      inReplyTo: '1764000000.000200', receivedAt: at,
    });
    expect(eventOf(blockActions('case:view:R-20251125-0001', { actionTs: '1764000012.345678' })).deliveryId).toBe(event.deliveryId);
  });

  it('a merchant pressing a menu button in the DM is a merchant action', () => {
    expect(eventOf(blockActions('menu:return', { channel: MERCHANT_DM }))).toMatchObject({ surface: 'merchant', actionId: 'menu:return' });
  });

  it('a form button press opens a modal (not an event) with the trigger and our metadata', () => {
    const value = encodeFormValue({ title: '拒绝退货', fields: [{ name: 'reason', label: '拒绝原因', multiline: true }, { name: 'note', label: '备注' }] });
    const inbound = normalize(blockActions('staff:reject:R-20251125-0001', { value }));
    expect(inbound).toMatchObject({ type: 'open_form', triggerId: '13345224609.738474920.8088930838d88f008e0' });
    if (inbound.type !== 'open_form') return;
    expect(JSON.parse(inbound.view.private_metadata ?? '')).toEqual({ actionId: 'staff:reject:R-20251125-0001', channel: STAFF, messageTs: '1764000000.000200' });
    expect(inbound.view.blocks.map((b) => [b.block_id, b.type, 'optional' in b ? b.optional : undefined])).toEqual([['reason', 'input', false], ['note', 'input', true]]);
  });

  it('view_submission of our modal is the original action with the fields (trimmed, blanks dropped)', () => {
    const payload = viewSubmission({ actionId: 'staff:reject:R-20251125-0001', channel: STAFF, messageTs: '1764000000.000200' }, { reason: '  照片显示为人为损坏（摔碎）\n不符合质量问题  ', note: '' });
    expect(eventOf(payload)).toEqual({
      deliveryId: 'view:V0MODAL01', address: { platform: 'slack', workspace: TEAM, externalChatId: STAFF }, surface: 'staff',
      user: { externalUserId: 'U0STAFF01' }, kind: 'action', actionId: 'staff:reject:R-20251125-0001',
      fields: { reason: '照片显示为人为损坏（摔碎）\n不符合质量问题' }, inReplyTo: '1764000000.000200', receivedAt: at,
    });
  });

  it('an address and tracking number come through as fields', () => {
    const payload = viewSubmission({ actionId: 'staff:ship:R-1', channel: STAFF }, { address: '上海市浦东新区张江路 88 号 3 楼', trackingNumber: 'SF1234567890' });
    expect(eventOf(payload).fields).toEqual({ address: '上海市浦东新区张江路 88 号 3 楼', trackingNumber: 'SF1234567890' });
  });

  it('a blank reason answers errors for that field, not an event', () => {
    expect(normalize(viewSubmission({ actionId: 'staff:reject:R-1', channel: STAFF }, { reason: '   ' })))
      .toEqual({ type: 'form_errors', errors: { reason: '必填 / Required' } });
  });

  it.each([
    ['another app view', viewSubmission({ actionId: 'x', channel: STAFF }, { reason: 'r' }, 'someone_elses_modal')],
    ['metadata that is not ours', viewSubmission('not json', { reason: 'r' })],
    ['a modal about a channel not ours', viewSubmission({ actionId: 'x', channel: 'C0RANDOM1' }, { reason: 'r' })],
    ['a press in another channel', blockActions('x', { channel: 'C0RANDOM1' })],
    ['view_closed', { type: 'view_closed', user: { id: 'U1' }, view: { id: 'V1' } }],
  ])('ignores %s', (_name, payload) => {
    expect(normalize(payload)).toMatchObject({ type: 'ignored' });
  });
});
