import { blockActions, dmMessage, eventCallback, SIGNING_SECRET, TEAM } from '../channels/slack/slack-fixtures.ts';
import type { FakeSlackApi } from './fake-slack-api.ts';
import type { FakeTelegramApi } from './fake-telegram-api.ts';
import { TELEGRAM_SECRET } from './platform-drivers.ts';
import { signedHeaders } from './slack-signer.ts';
import { callbackQuery, MERCHANT, privateText } from './telegram-updates.ts';

/**
 * Merchant traffic for load and fault tests: many merchants, each a script of messages and button
 * presses, turned into webhook requests exactly as Telegram or Slack would POST them (secret header,
 * fresh Slack signature on every send) that can be POSTed again as the platform's redelivery: same
 * `update_id`, same Slack `event_id` / `action_ts`.
 */

export type Step = { text: string } | { press: string };

/**
 * Opens one exchange case in five events: a greeting, the request with every detail in one message
 * (the summary with its confirm button comes back), the press on confirm (revision 1 of the draft),
 * "my cases", and a thank-you that is relayed to the case's staff thread.
 */
export function exchangeScript(n: number): Step[] {
  return [
    { text: '你好' },
    { text: `鞋子买小了，想换货，订单号 TB${8_826_600_000 + n}，一双，昨天收到` },
    { press: 'flow:confirm:1' },
    { text: '我的售后' },
    { text: '谢谢' },
  ];
}

/** Message number `n`: a case number nobody has, which the bot answers naming it ("没有找到编号为 RT-20260101-0007 …"). */
export const numberedText = (n: number) => `RT-20260101-${String(n).padStart(4, '0')}`;

/** Messages 1 to `count` (see {@link numberedText}). */
export function numberedScript(count: number): Step[] {
  return Array.from({ length: count }, (_, i) => ({ text: numberedText(i + 1) }));
}

/** The number of a {@link numberedScript} message found in a text (the message or its reply), or undefined. */
export function numberIn(text: string): number | undefined {
  const found = /RT-20260101-(\d{4})/.exec(text)?.[1];
  return found === undefined ? undefined : Number(found);
}

/** One platform request, ready to be POSTed as often as the platform likes. */
export interface WebhookDelivery {
  platform: 'telegram' | 'slack';
  /** The chat as our database and the fake API name it (Telegram chat id, Slack DM channel). */
  chat: string;
  /** The platform's id of the delivery (`update_id`, `event_id`, the press's `action_ts`). */
  id: string;
  /** POSTs it once; the HTTP status, or 0 when the bot could not be reached. */
  post(baseUrl: string): Promise<number>;
}

let sequence = 0;
const next = () => ++sequence;

async function postTo(url: string, headers: Record<string, string>, body: string): Promise<number> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Merchant `index`'s private chat with the Telegram bot, one update per step. */
export function telegramMerchant(index: number, steps: readonly Step[]): WebhookDelivery[] {
  const from = { ...MERCHANT, id: 7_300_000_000 + index, username: `chaos_${index}` };
  const chat = String(from.id);
  return steps.map((step) => {
    const updateId = 500_000_000 + next();
    const update = 'text' in step ? privateText(step.text, { from, updateId, messageId: updateId }) : callbackQuery(step.press, from.id, 1, { from, updateId });
    const body = JSON.stringify(update);
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };
    return { platform: 'telegram' as const, chat, id: String(updateId), post: (baseUrl: string) => postTo(`${baseUrl}/telegram/webhook`, headers, body) };
  });
}

/** Merchant `index`'s DM with the Slack app, one event (or interaction) per step; each send is signed anew, as Slack's retries are. */
export function slackMerchant(index: number, steps: readonly Step[]): WebhookDelivery[] {
  const id = `C${String(index).padStart(7, '0')}`;
  const channel = `D0${id}`;
  const user = `U0${id}`;
  return steps.map((step) => {
    const n = next();
    const ts = `1764000000.${String(n).padStart(6, '0')}`;
    const [body, contentType, deliveryId] =
      'text' in step
        ? [JSON.stringify(eventCallback(dmMessage(step.text, { channel, user, ts, client_msg_id: `chaos-${n}` }), `EvCHAOS${n}`)), 'application/json', `EvCHAOS${n}`]
        : [
            new URLSearchParams({ payload: JSON.stringify({ ...blockActions(step.press, { channel, messageTs: ts, actionTs: ts }), user: { id: user, username: user, team_id: TEAM } }) }).toString(),
            'application/x-www-form-urlencoded',
            `action:${ts}`,
          ];
    const post = (baseUrl: string) => postTo(`${baseUrl}/slack/events`, signedHeaders(SIGNING_SECRET, Math.floor(Date.now() / 1000), body, contentType), body);
    return { platform: 'slack' as const, chat: channel, id: deliveryId, post };
  });
}

/** POSTs until the bot answers 200, as a platform redelivers what was not acknowledged; the statuses seen, in order. */
export async function deliverUntilAccepted(delivery: WebhookDelivery, baseUrl: () => string, giveUpMs = 120_000): Promise<number[]> {
  const statuses: number[] = [];
  for (const until = Date.now() + giveUpMs; ; await new Promise((r) => setTimeout(r, 200))) {
    const status = await delivery.post(baseUrl());
    statuses.push(status);
    if (status === 200) return statuses;
    if (Date.now() > until) throw new Error(`${delivery.platform} ${delivery.id} not accepted in ${giveUpMs / 1000} s: ${statuses.join(',')}`);
  }
}

/** Runs `work` over `items` with at most `parallel` at a time. */
export async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  const lane = async () => {
    while (nextIndex < items.length) await work(items[nextIndex++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}

/** Each chat's steps in order (the next one once the last was accepted), `parallel` chats at once. */
export function driveChats(chats: ReadonlyArray<readonly WebhookDelivery[]>, baseUrl: () => string, parallel: number): Promise<void> {
  return inParallel(chats, parallel, async (steps) => {
    for (const step of steps) await deliverUntilAccepted(step, baseUrl);
  });
}

/** New messages (not edits) each Telegram chat received, by chat id: what the merchant sees arrive. */
export function telegramPosts(fake: FakeTelegramApi): Map<string, number> {
  const posts = new Map<string, number>();
  for (const call of fake.calls) {
    if (call.status !== 200 || !['sendMessage', 'sendPhoto', 'sendDocument'].includes(call.method)) continue;
    const chat = String(call.params.chat_id);
    posts.set(chat, (posts.get(chat) ?? 0) + 1);
  }
  return posts;
}

/** New messages (not updates) each Slack channel received, by channel id. */
export function slackPosts(fake: FakeSlackApi): Map<string, number> {
  const posts = new Map<string, number>();
  for (const call of fake.callsOf('chat.postMessage')) {
    if (call.status !== 200) continue;
    const channel = String(call.args.channel);
    posts.set(channel, (posts.get(channel) ?? 0) + 1);
  }
  return posts;
}

/** The texts a Telegram chat received as new messages, in the order they arrived. */
export function telegramTexts(fake: FakeTelegramApi, chat: string): string[] {
  return fake.calls.filter((c) => c.status === 200 && c.method === 'sendMessage' && String(c.params.chat_id) === chat).map((c) => String(c.params.text));
}
