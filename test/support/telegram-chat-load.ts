import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeTelegramApi } from './fake-telegram-api.ts';
import { MERCHANT, privateText } from './telegram-updates.ts';

/** Turn i of a chat: a case number the bot looks up and names in its one answer ("没有找到编号为 … 的售后申请"). */
export const turnText = (i: number) => `RT-20260101-${String(i).padStart(4, '0')}`;

/** The texts by which each of `turns` answers names its turn, for checkChatOrder. */
export const turnTexts = (turns: number) => Array.from({ length: turns }, (_, i) => turnText(i + 1));

/**
 * Merchants writing to the bot through the Telegram webhook as the platform delivers: each chat's
 * turns one after the other (the next once the previous was acknowledged), a refused one sent again,
 * and every request to the next of `urls` round robin, as a load balancer in front of several
 * processes would. Bounded: 20 refusals of one update fail the run.
 */
export function createTelegramChatLoad(options: { urls: string[]; secret: string; sockets?: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets ?? 64 });
  const targets = options.urls.map((u) => new URL('/telegram/webhook', u));
  let next = 0;
  let updateId = 1;
  let redeliveries = 0;

  const post = (url: URL, body: string) =>
    new Promise<number>((resolve) => {
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-telegram-bot-api-secret-token': options.secret };
      const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.end(body);
    });

  /** Sends turns 1..turns of the chat of Telegram user `userId`. */
  async function chat(userId: number, turns: number): Promise<void> {
    const from = { ...MERCHANT, id: userId, username: `load_${userId}` };
    for (let i = 1; i <= turns; i++) {
      const body = JSON.stringify(privateText(turnText(i), { updateId: updateId++, from, messageId: i, date: Math.floor(Date.now() / 1000) }));
      for (let attempt = 0; ; attempt++) {
        const status = await post(targets[next++ % targets.length] as URL, body);
        if (status === 200) break;
        redeliveries += 1;
        if (attempt >= 20) throw new Error(`user ${userId} turn ${i} refused ${attempt + 1} times (last status ${status})`);
        await sleep(250);
      }
    }
  }

  return {
    /** Every chat at once, each in order. */
    chats: (userIds: number[], turns: number) => Promise.all(userIds.map((id) => chat(id, turns))).then(() => undefined),
    /** Webhook answers other than 200 so far (each update was sent again). */
    get redeliveries() {
      return redeliveries;
    },
    close: () => agent.destroy(),
  };
}

/** Successful sendMessage calls to these chats so far. */
export function countReplies(api: FakeTelegramApi, chatIds: Iterable<number | string>): number {
  const wanted = new Set([...chatIds].map(String));
  return api.calls.reduce((n, call) => (call.method === 'sendMessage' && call.status === 200 && wanted.has(String(call.params.chat_id)) ? n + 1 : n), 0);
}

/** Polls `done` every 50 ms until it holds or `timeoutMs` passed; whether it held. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (done()) return true;
    await sleep(50);
  }
  return done();
}
