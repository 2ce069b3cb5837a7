import { addStaff } from '../../src/store/desk-store.ts';
import { blockActions, BOT_TOKEN, dmMessage, eventCallback, MANAGERS, SIGNING_SECRET, STAFF, TEAM } from '../channels/slack/slack-fixtures.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './app-harness.ts';
import { FakeSlackApi, type FakeSlackCall } from './fake-slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi, type StoredMessage } from './fake-telegram-api.ts';
import { signedHeaders } from './slack-signer.ts';
import { callbackQuery, groupReply, MANAGER_CHAT_ID, MERCHANT, privateText, STAFF_CHAT_ID, STAFF_MEMBER } from './telegram-updates.ts';

/**
 * The whole bot with one platform switched on against its fake API (a real HTTP server), and a
 * driver that plays merchants, staff and managers on it exactly as the platform would: signed
 * Slack events and interactivity payloads (modals included), Telegram updates with the webhook
 * secret. What people see is read back from what the fake API received, as one shape for both
 * platforms, so a flow is written once and run on each (test/support/platform-steps.ts).
 */

export type PlatformName = 'slack' | 'telegram';
export type MerchantLang = 'zh' | 'en';
export type Desk = 'staff' | 'manager';

export interface SeenButton {
  /** The action id (Slack `action_id`, Telegram `callback_data`). */
  id: string;
  label: string;
  /** Slack only: a button that opens a modal carries the form in its value. */
  value?: string;
}

/** A message as its chat shows it now (edits applied). */
export interface SeenMessage {
  /** Slack `ts`, Telegram `message_id`. */
  ref: string;
  text: string;
  buttons: SeenButton[];
  /** The message it was posted under (Slack thread, Telegram reply). */
  under?: string;
}

/** Someone's private chat with the bot: a merchant's, or a staff member's DM. */
export interface PrivateChat {
  send(text: string): Promise<void>;
  press(on: SeenMessage, button: SeenButton): Promise<void>;
  /** Everything the bot has posted in this merchant's chat, in order. */
  messages(): SeenMessage[];
  /** The chat's id in our database. */
  chatId(): Promise<string>;
}

/** One merchant in their own private chat with the bot. */
export interface MerchantHandle extends PrivateChat {
  readonly lang: MerchantLang;
}

export interface PlatformDriver {
  readonly platform: PlatformName;
  readonly t: TestApp;
  /** A new merchant (fresh chat) writing in `lang`. */
  merchant(lang: MerchantLang): MerchantHandle;
  /** Everything the bot has posted in the staff or manager chat, in order. */
  desk(desk: Desk): SeenMessage[];
  /**
   * A registered staff member (staff desk) or manager (manager desk) presses a button; a step
   * that needs text gets it as the platform asks for it: a Slack modal, a Telegram reply.
   */
  deskPress(desk: Desk, on: SeenMessage, button: SeenButton, fields?: Record<string, string>): Promise<void>;
  /**
   * The private chat of the staff member (staff desk) or manager (manager desk) who acts on that
   * desk: where SLA warnings to them as assignee arrive (Slack: posted to their user id; Telegram:
   * to the private chat with their id), and where they press its buttons.
   */
  staffDm(desk: Desk): PrivateChat;
  /** A staff member writes under a desk message (a reply in its Slack thread, a Telegram reply to it). */
  deskReply(desk: Desk, under: SeenMessage, text: string): Promise<void>;
  /** Every outbox row of this chat or case delivered (or dead), so "said once" and "never posted" can be asserted. */
  settled(scope: { chatId?: string; caseNumber?: string }): Promise<void>;
}

const WAIT_MS = 20_000;

/** Polls `find` until it returns something; the error says what was awaited and what was seen. */
export async function waitFor<T>(find: () => T | undefined, what: string, seen: () => unknown = () => undefined, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen: ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until no outbox row of this chat or case is still to be sent. */
async function settledOutbox(t: TestApp, scope: { chatId?: string; caseNumber?: string }): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  const of = [...(scope.chatId ? [{ chatId: scope.chatId }] : []), ...(scope.caseNumber ? [{ case: { number: scope.caseNumber } }] : [])];
  if (of.length === 0) throw new Error('settled needs a chat or a case');
  while ((await t.app.prisma.outboundMessage.count({ where: { status: { in: ['pending', 'sending', 'failed'] }, OR: of } })) > 0) {
    if (Date.now() > deadline) throw new Error(`outbox not drained for ${JSON.stringify(scope)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let merchantSeq = 0;

// ---------------------------------------------------------------- Slack

const SLACK_STAFF_USER = 'U0STAFF01';
const SLACK_MANAGER_USER = 'U0MANAG01';

/** What Slack shows of a message: its blocks when it has any (`text` is then only the notification), else `text`. */
function slackText(call: FakeSlackCall): string {
  const blocks = Array.isArray(call.args.blocks) ? call.args.blocks : [];
  if (blocks.length === 0) return String(call.args.text ?? '');
  const pieces: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      // Block texts, but not button labels: those are `buttons`.
      if (record.type === 'actions') return;
      if (typeof record.text === 'string') pieces.push(record.text);
      for (const [key, value] of Object.entries(record)) if (key !== 'text' || typeof value !== 'string') walk(value);
    }
  };
  walk(blocks);
  return pieces.join('\n');
}

function slackButtons(call: FakeSlackCall): SeenButton[] {
  const blocks = (call.args.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value?: string; text: { text: string } }> }>;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => ({ id: e.action_id, label: e.text.text, ...(e.value !== undefined ? { value: e.value } : {}) }));
}

/** The bot's environment for Slack (HTTP mode) against `fake`. */
export const slackEnv = (fake: FakeSlackApi) => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_STAFF_CHANNEL: STAFF, SLACK_MANAGER_CHANNEL: MANAGERS, SLACK_API_URL: fake.apiUrl });

/** Plays Slack (HTTP mode) against the bot `t`, which was started with {@link slackEnv} of `fake`; adds one staff member and one manager. */
async function slackDriver(t: TestApp, fake: FakeSlackApi): Promise<PlatformDriver> {
  await addStaff(t.app.prisma, { platform: 'slack', workspace: TEAM, externalUserId: SLACK_STAFF_USER, name: 'Li Wei', role: 'staff', lang: 'zh-CN' });
  await addStaff(t.app.prisma, { platform: 'slack', workspace: TEAM, externalUserId: SLACK_MANAGER_USER, name: 'Zhou Min', role: 'manager', lang: 'zh-CN' });
  let seq = 0;
  const next = () => ++seq;
  const now = () => Math.floor(Date.now() / 1000);
  const deskChannel = (desk: Desk) => (desk === 'staff' ? STAFF : MANAGERS);
  const deskUser = (desk: Desk) => (desk === 'staff' ? SLACK_STAFF_USER : SLACK_MANAGER_USER);

  const post = async (body: string, contentType?: string) => {
    const res = await fetch(`${t.url}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, now(), body, contentType), body });
    if (res.status !== 200) throw new Error(`/slack/events answered ${res.status}`);
    return res;
  };
  const postEvent = (event: Record<string, unknown>) => post(JSON.stringify(eventCallback(event, `Ev${String(next()).padStart(8, '0')}`)));
  const postInteraction = (payload: unknown) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  const ts = () => `${now()}.${String(next()).padStart(6, '0')}`;

  /** A channel as Slack shows it: posts in order, each with its latest chat.update applied. */
  function messagesIn(channel: string): SeenMessage[] {
    const byTs = new Map<string, SeenMessage>();
    for (const call of fake.calls) {
      if (call.status !== 200 || call.args.channel !== channel) continue;
      if (call.method === 'chat.postMessage' && call.ts) {
        const under = typeof call.args.thread_ts === 'string' ? call.args.thread_ts : undefined;
        byTs.set(call.ts, { ref: call.ts, text: slackText(call), buttons: slackButtons(call), ...(under ? { under } : {}) });
      } else if (call.method === 'chat.update' && typeof call.args.ts === 'string') {
        const old = byTs.get(call.args.ts);
        if (old) byTs.set(call.args.ts, { ...old, text: slackText(call), buttons: slackButtons(call) });
      }
    }
    return [...byTs.values()];
  }

  const press = (channel: string, user: string, on: SeenMessage, button: SeenButton) => {
    const payload = blockActions(button.id, { channel, messageTs: on.ref, actionTs: ts(), ...(button.value !== undefined ? { value: button.value } : {}) });
    return postInteraction({ ...payload, user: { id: user, username: user, team_id: TEAM } });
  };

  return {
    platform: 'slack',
    t,
    merchant(lang) {
      merchantSeq += 1;
      const id = `${lang.toUpperCase()}${String(merchantSeq).padStart(6, '0')}`;
      const channel = `D0${id}`;
      const user = `U0${id}`;
      return {
        lang,
        send: async (text) => void (await postEvent(dmMessage(text, { channel, user, ts: ts(), client_msg_id: `msg-${next()}` }))),
        press: async (on, button) => void (await press(channel, user, on, button)),
        messages: () => messagesIn(channel),
        chatId: async () => (await t.app.prisma.chat.findFirstOrThrow({ where: { platform: 'slack', externalChatId: channel } })).id,
      };
    },
    desk: (desk) => messagesIn(deskChannel(desk)),
    staffDm(desk) {
      const user = deskUser(desk);
      // The bot posts to the user id; Slack shows it in the app's DM, whose IM id events and presses carry.
      const im = `D${user.slice(1)}`;
      return {
        send: async (text) => void (await postEvent(dmMessage(text, { channel: im, user, ts: ts(), client_msg_id: `msg-${next()}` }))),
        press: async (on, button) => void (await press(im, user, on, button)),
        messages: () => messagesIn(user),
        chatId: async () => (await t.app.prisma.chat.findFirstOrThrow({ where: { platform: 'slack', externalChatId: user, kind: 'staff_dm' } })).id,
      };
    },
    async deskPress(desk, on, button, fields) {
      const user = deskUser(desk);
      const opened = fake.callsOf('views.open').length;
      await press(deskChannel(desk), user, on, button);
      if (!fields) {
        if (button.value?.startsWith('form1:')) throw new Error(`${button.id} opens a form: give its fields`);
        return;
      }
      // Slack opens the modal with the press's trigger; the staff member fills it in and submits.
      const ofThisButton = (call: FakeSlackCall) => (call.args.view as { private_metadata?: string } | undefined)?.private_metadata?.includes(`"${button.id}"`);
      const modal = await waitFor(() => fake.callsOf('views.open').slice(opened).find(ofThisButton), `the modal of ${button.id}`);
      const view = modal.args.view as { private_metadata: string; callback_id: string; blocks: Array<{ block_id: string }> };
      const blockIds = view.blocks.map((b) => b.block_id);
      if (JSON.stringify(blockIds) !== JSON.stringify(Object.keys(fields))) throw new Error(`modal of ${button.id} asks for ${blockIds.join(', ')}, not ${Object.keys(fields).join(', ')}`);
      const res = await postInteraction({
        type: 'view_submission',
        team: { id: TEAM, domain: 'shop-aftersales' },
        user: { id: user, username: user, team_id: TEAM },
        api_app_id: 'A0APP01',
        trigger_id: `trigger-${next()}`,
        view: {
          id: `V0VIEW${next()}`,
          team_id: TEAM,
          type: 'modal',
          callback_id: view.callback_id,
          hash: `hash-${next()}`,
          private_metadata: view.private_metadata,
          state: { values: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value: { type: 'plain_text_input', value } }])) },
        },
      });
      const answer = await res.text();
      if (answer.includes('response_action')) throw new Error(`modal of ${button.id} refused: ${answer}`);
    },
    async deskReply(desk, under, text) {
      // A Slack thread has one parent: replying "under" a message in a thread is a reply in that thread.
      await postEvent({ type: 'message', channel: deskChannel(desk), channel_type: 'channel', user: deskUser(desk), text, ts: ts(), thread_ts: under.under ?? under.ref, team: TEAM });
    },
    settled: (scope) => settledOutbox(t, scope),
  };
}

// ---------------------------------------------------------------- Telegram

/** The webhook secret the bot of {@link startPlatforms} expects in `x-telegram-bot-api-secret-token`. */
export const TELEGRAM_SECRET = 'e2e_Secret-0123456789';
const TELEGRAM_MANAGER = { id: 5_550_002, is_bot: false, first_name: 'Zhou', last_name: 'Min', language_code: 'zh-hans' } as unknown as typeof STAFF_MEMBER;

function telegramMessage(m: StoredMessage): SeenMessage {
  const markup = m.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined;
  return {
    ref: String(m.messageId),
    text: m.text ?? m.caption ?? '',
    buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ id: b.callback_data, label: b.text })),
    ...(m.replyTo !== undefined ? { under: String(m.replyTo) } : {}),
  };
}

/** The bot's environment for Telegram (webhook mode) against `fake`. */
export const telegramEnv = (fake: FakeTelegramApi) => ({
  TELEGRAM_BOT_TOKEN: fake.token,
  TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
  TELEGRAM_STAFF_CHAT_ID: String(STAFF_CHAT_ID),
  TELEGRAM_MANAGER_CHAT_ID: String(MANAGER_CHAT_ID),
  TELEGRAM_API_ROOT: fake.apiRoot,
});

/** Plays Telegram (webhook mode) against the bot `t`, which was started with {@link telegramEnv} of `fake`; adds one staff member and one manager. */
async function telegramDriver(t: TestApp, fake: FakeTelegramApi): Promise<PlatformDriver> {
  await addStaff(t.app.prisma, { platform: 'telegram', workspace: fake.botId, externalUserId: String(STAFF_MEMBER.id), name: 'Li Na', role: 'staff', lang: 'zh-CN' });
  await addStaff(t.app.prisma, { platform: 'telegram', workspace: fake.botId, externalUserId: String(TELEGRAM_MANAGER.id), name: 'Zhou Min', role: 'manager', lang: 'zh-CN' });
  const deskChat = (desk: Desk) => (desk === 'staff' ? STAFF_CHAT_ID : MANAGER_CHAT_ID);
  const deskUser = (desk: Desk) => (desk === 'staff' ? STAFF_MEMBER : TELEGRAM_MANAGER);
  const now = () => Math.floor(Date.now() / 1000);
  let messageSeq = 1000;

  const post = async (update: unknown) => {
    const res = await fetch(`${t.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    });
    if (res.status !== 200) throw new Error(`/telegram/webhook answered ${res.status}`);
  };
  const messagesIn = (chatId: number) => fake.messagesIn(String(chatId)).map(telegramMessage);

  return {
    platform: 'telegram',
    t,
    merchant(lang) {
      merchantSeq += 1;
      const from = {
        ...MERCHANT,
        id: 7_100_000_000 + merchantSeq,
        username: `shop_${merchantSeq}`,
        ...(lang === 'en' ? { first_name: 'Sam', last_name: 'Lee', language_code: 'en' } : {}),
      } as typeof MERCHANT;
      return {
        lang,
        send: (text) => post(privateText(text, { from, messageId: ++messageSeq, date: now() })),
        press: (on, button) => post(callbackQuery(button.id, from.id, Number(on.ref), { from })),
        messages: () => messagesIn(from.id),
        chatId: async () => (await t.app.prisma.chat.findFirstOrThrow({ where: { platform: 'telegram', externalChatId: String(from.id) } })).id,
      };
    },
    desk: (desk) => messagesIn(deskChat(desk)),
    staffDm(desk) {
      const from = deskUser(desk);
      return {
        send: (text) => post(privateText(text, { from, messageId: ++messageSeq, date: now() })),
        press: (on, button) => post(callbackQuery(button.id, from.id, Number(on.ref), { from })),
        messages: () => messagesIn(from.id),
        chatId: async () => (await t.app.prisma.chat.findFirstOrThrow({ where: { platform: 'telegram', externalChatId: String(from.id), kind: 'staff_dm' } })).id,
      };
    },
    async deskPress(desk, on, button, fields) {
      const chat = deskChat(desk);
      const from = deskUser(desk);
      const before = messagesIn(chat).length;
      await post(callbackQuery(button.id, chat, Number(on.ref), { from }));
      // Telegram has no modals: the desk asks in the group for each text the step needs, and the staff member replies.
      const caseNumber = button.id.split(':')[2] ?? '';
      for (const value of Object.values(fields ?? {})) {
        const ask = await waitFor(
          () => messagesIn(chat).slice(before).find((m) => /请回复本条消息|Reply to this message/.test(m.text) && m.text.includes(caseNumber)),
          `the desk's question for ${button.id}`,
          () => messagesIn(chat).slice(before).map((m) => m.text),
        );
        await post(groupReply(value, chat, Number(ask.ref), { from, messageId: ++messageSeq, date: now() }));
      }
    },
    async deskReply(desk, under, text) {
      await post(groupReply(text, deskChat(desk), Number(under.ref), { from: deskUser(desk), messageId: ++messageSeq, date: now() }));
    },
    settled: (scope) => settledOutbox(t, scope),
  };
}

/** One bot with Slack and Telegram both on, each against its own fake API, and a driver per platform. */
export interface Platforms {
  t: TestApp;
  drivers: Record<PlatformName, PlatformDriver>;
  /** The fake APIs, for what the drivers do not show (every call, failures to inject). */
  fakes: { slack: FakeSlackApi; telegram: FakeTelegramApi };
  close(): Promise<void>;
}

/**
 * Starts the bot once with both platforms on (one start is most of an embedded test file's time); `options` as
 * {@link startTestApp}'s, its `env` added to the platforms' settings.
 */
export async function startPlatforms(options: Pick<TestAppOptions, 'mode' | 'env' | 'logTo'> = {}): Promise<Platforms> {
  const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
  const telegram = await startFakeTelegramApi();
  const t = await startTestApp({ ...options, env: { ...slackEnv(slack), ...telegramEnv(telegram), ...options.env } });
  return {
    t,
    drivers: { slack: await slackDriver(t, slack), telegram: await telegramDriver(t, telegram) },
    fakes: { slack, telegram },
    async close() {
      await t.stop();
      await Promise.all([slack.close(), telegram.close()]);
    },
  };
}
