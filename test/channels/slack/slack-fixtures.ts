import type { ActionTokenStore, ChannelEvent, ChatAddress, InboundSink } from '../../../src/contracts/channel.ts';
import { CodedError } from '../../../src/errors.ts';

/** Ids as Slack spells them. */
export const TEAM = 'T0FAKE01';
export const STAFF = 'C0STAFF01';
export const MANAGERS = 'G0MANAGE1';
export const MERCHANT_DM = 'D0MERCH01';
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[^0-9a-f]/g, 'a');
export const BOT_TOKEN = 'xoxb-1111-2222-fakefakefake';

/** An Events API envelope around one event, as Slack posts it. */
export function eventCallback(event: Record<string, unknown>, eventId = 'Ev0MERCH001'): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A0APP01',
    event: { event_ts: String(event.ts ?? '1764000000.000100'), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1764000000,
    authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true }],
    is_ext_shared_channel: false,
  };
}

/** A merchant writing in the app DM. */
export function dmMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message', channel: MERCHANT_DM, channel_type: 'im', user: 'U0MERCH01', text, ts: '1764000000.000100',
    client_msg_id: '5a3c7e1e-1f7a-4a57-9b1e-1a2b3c4d5e6f', team: TEAM, blocks: [], ...extra,
  };
}

/** A block_actions payload for a press on a message button. */
export function blockActions(actionId: string, extra: { value?: string; channel?: string; messageTs?: string; actionTs?: string } = {}): Record<string, unknown> {
  const channel = extra.channel ?? STAFF;
  return {
    type: 'block_actions',
    user: { id: 'U0STAFF01', username: 'li.wei', name: 'li.wei', team_id: TEAM },
    api_app_id: 'A0APP01',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: extra.messageTs ?? '1764000000.000200', channel_id: channel, is_ephemeral: false },
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    team: { id: TEAM, domain: 'shop-aftersales' },
    channel: { id: channel, name: 'aftersales-staff' },
    message: { type: 'message', ts: extra.messageTs ?? '1764000000.000200', text: 'case card' },
    response_url: 'https://hooks.slack.com/actions/T0FAKE01/1/abc',
    actions: [{
      action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: '通过', emoji: true },
      ...(extra.value ? { value: extra.value } : {}), type: 'button', action_ts: extra.actionTs ?? '1764000012.345678',
    }],
  };
}

/** A view_submission of one of our modals with the given values. */
export function viewSubmission(metadata: unknown, values: Record<string, string | null>, callbackId = 'intake_form'): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'shop-aftersales' },
    user: { id: 'U0STAFF01', username: 'li.wei', team_id: TEAM },
    api_app_id: 'A0APP01',
    trigger_id: '13345224609.738474920.other',
    view: {
      id: 'V0MODAL01', team_id: TEAM, type: 'modal', callback_id: callbackId, hash: '1764000020.abcd',
      private_metadata: typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
      state: { values: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value: { type: 'plain_text_input', value } }])) },
    },
  };
}

/** A sink that stores what it is handed; `failWith` makes it refuse (a database down). */
export class RecordingSink implements InboundSink {
  readonly events: ChannelEvent[] = [];
  /** Every deliveryId offered, stored or not. */
  readonly offered: string[] = [];
  failWith: Error | undefined;
  async accept(event: ChannelEvent): Promise<{ duplicate: boolean }> {
    this.offered.push(event.deliveryId);
    if (this.failWith) throw this.failWith;
    const duplicate = this.events.some((e) => e.deliveryId === event.deliveryId);
    this.events.push(event);
    return { duplicate };
  }
}

export const unavailable = () => new CodedError('service.unavailable', 'database unreachable');

/** An in-memory ActionTokenStore. */
export class MemoryTokens implements ActionTokenStore {
  readonly byToken = new Map<string, string>();
  async shorten(actionId: string, _address: ChatAddress): Promise<string> {
    const token = `k${this.byToken.size + 1}`;
    this.byToken.set(token, actionId);
    return token;
  }
  async expand(token: string): Promise<string | null> {
    return this.byToken.get(token) ?? null;
  }
}

/** Awaits a promise that must reject and returns the rejection. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
