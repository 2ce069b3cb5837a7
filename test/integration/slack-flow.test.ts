import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/store/desk-store.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeSlackApi, type FakeSlackCall } from '../support/fake-slack-api.ts';
import { signedHeaders } from '../support/slack-signer.ts';
import { blockActions, BOT_TOKEN, dmMessage, eventCallback, MANAGERS, MERCHANT_DM, SIGNING_SECRET, STAFF, TEAM, viewSubmission } from '../channels/slack/slack-fixtures.ts';

interface SlackButton {
  action_id: string;
  value?: string;
  text: { text: string };
}

function buttonsOf(call: FakeSlackCall | undefined): SlackButton[] {
  const blocks = (call?.args.blocks ?? []) as Array<{ type: string; elements?: SlackButton[] }>;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}
const textOf = (call: FakeSlackCall) => `${String(call.args.text ?? '')}\n${JSON.stringify(call.args.blocks ?? [])}`;

// The whole bot with Slack on, against a fake Web API (a real HTTP server); merchants and staff
// reach us only through signed requests to /slack/events, as Slack would send them.
describe('Slack: an exchange from the app DM to the staff channel and back', () => {
  let fake: FakeSlackApi;
  let t: TestApp;
  let eventSeq = 0;
  let actionSeq = 0;
  const now = () => Math.floor(Date.now() / 1000);

  const postEvent = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return fetch(`${t.url}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, now(), body), body });
  };
  const postInteraction = (payload: unknown) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return fetch(`${t.url}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, now(), body, 'application/x-www-form-urlencoded'), body });
  };
  const posted = (channel: string) => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.status === 200);

  async function waitForCall(find: () => FakeSlackCall | undefined, what: string): Promise<FakeSlackCall> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no Slack call: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function merchantSays(text: string, expectReply: string): Promise<FakeSlackCall> {
    const before = posted(MERCHANT_DM).length;
    eventSeq += 1;
    const res = await postEvent(eventCallback(dmMessage(text, { ts: `1764000${100 + eventSeq}.000100`, client_msg_id: `m-${eventSeq}` }), `EvM${eventSeq}`));
    expect(res.status).toBe(200);
    return waitForCall(() => posted(MERCHANT_DM).slice(before).find((c) => textOf(c).includes(expectReply)), expectReply);
  }
  const press = (actionId: string, channel: string, messageTs: string, user = 'U0STAFF01', value?: string) => {
    actionSeq += 1;
    const payload = blockActions(actionId, { channel, messageTs, actionTs: `1764001${100 + actionSeq}.000001`, ...(value ? { value } : {}) });
    return postInteraction({ ...payload, user: { id: user, username: user, team_id: TEAM } });
  };

  beforeAll(async () => {
    fake = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
    t = await startTestApp({
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_STAFF_CHANNEL: STAFF, SLACK_MANAGER_CHANNEL: MANAGERS, SLACK_API_URL: fake.apiUrl },
    });
    await addStaff(t.app.prisma, { platform: 'slack', workspace: TEAM, externalUserId: 'U0STAFF01', name: 'Li Wei', role: 'staff', lang: 'en' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('opens the case from the DM, staff act from the card and a modal, the merchant hears each step in English', async () => {
    await merchantSays('I want to exchange', 'order number');
    await merchantSays('AB-778812', 'Which item');
    await merchantSays('ceramic mug', 'How many');
    await merchantSays('2', 'When did you receive');
    await merchantSays('yesterday', 'Why would you like');
    const summary = await merchantSays('wrong colour, I ordered blue', 'check your exchange request');
    const confirm = buttonsOf(summary).find((b) => b.action_id.startsWith('flow:confirm:'));
    expect(confirm).toBeDefined();
    // Slack retries an interaction it thinks we missed: the same press is one case.
    for (let i = 0; i < 3; i++) {
      const payload = blockActions(confirm!.action_id, { channel: MERCHANT_DM, messageTs: '1764000200.000100', actionTs: '1764000300.000001' });
      expect((await postInteraction({ ...payload, user: { id: 'U0MERCH01', team_id: TEAM } })).status).toBe(200);
    }
    const opened = await waitForCall(() => posted(MERCHANT_DM).find((c) => /EX-\d{8}-\d{4}/.test(textOf(c))), 'case opened');
    const number = /EX-\d{8}-\d{4}/.exec(textOf(opened))![0];
    expect(await t.app.prisma.case.count({ where: { type: 'exchange' } })).toBe(1);

    const card = await waitForCall(() => posted(STAFF).find((c) => textOf(c).includes(number)), 'card in the staff channel');
    const cardRow = await t.app.prisma.outboundMessage.findFirstOrThrow({ where: { case: { number }, chat: { externalChatId: STAFF } } });
    expect(buttonsOf(card).map((b) => b.action_id)).toEqual(expect.arrayContaining([`desk:approve:${number}`, `desk:reject:${number}`]));
    // Managers see no case card (their channel may hold the daily summary, posted at start after 09:00).
    expect(posted(MANAGERS).filter((c) => textOf(c).includes(number))).toHaveLength(0);

    // Presses by people who are not staff: test/security/desk-access.test.ts.
    await press(`desk:approve:${number}`, STAFF, cardRow.platformMessageId!);
    await waitForCall(() => posted(MERCHANT_DM).find((c) => textOf(c).includes('has been approved')), 'approval notice');

    // The return address needs text: Slack opens a modal at once, its submission is the step (3.2.3).
    const addressButton = await waitForCall(
      () => fake.callsOf('chat.update').find((c) => buttonsOf(c).some((b) => b.action_id === `desk:giveReturnAddress:${number}`)),
      'card updated with the address step',
    );
    const give = buttonsOf(addressButton).find((b) => b.action_id === `desk:giveReturnAddress:${number}`)!;
    await press(give.action_id, STAFF, cardRow.platformMessageId!, 'U0STAFF01', give.value);
    const modal = await waitForCall(() => fake.callsOf('views.open')[0], 'modal opened');
    const view = modal.args.view as { private_metadata: string };
    expect((await postInteraction(viewSubmission(view.private_metadata, { address: 'Warehouse 3, 88 Zhangjiang Rd, Shanghai' }))).status).toBe(200);
    await waitForCall(() => posted(MERCHANT_DM).find((c) => textOf(c).includes('88 Zhangjiang Rd')), 'address to merchant');

    // A staff reply in the card's thread reaches the merchant.
    eventSeq += 1;
    await postEvent(eventCallback({ type: 'message', channel: STAFF, channel_type: 'channel', user: 'U0STAFF01', text: 'Please keep the box', ts: '1764000999.000100', thread_ts: cardRow.platformMessageId, team: TEAM }, `EvS${eventSeq}`));
    await waitForCall(() => posted(MERCHANT_DM).find((c) => textOf(c).includes('Please keep the box')), 'thread reply relayed');

    const stored = await t.app.prisma.case.findFirstOrThrow({ where: { number }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(stored.status).toBe('awaiting_goods');
    expect(stored.events.map((e) => e.kind)).toEqual(['open', 'approve', 'giveReturnAddress', 'staff_message']);
  });
});
