import { describe, expect, it } from 'vitest';
import { useBothPlatformsBot } from '../support/chaos-bot.ts';
import { deliverUntilAccepted, exchangeScript, inParallel, slackMerchant, slackPosts, telegramMerchant, telegramPosts, type WebhookDelivery } from '../support/merchant-traffic.ts';
import { extraPosts, ledgerWhen, settled } from '../support/pipeline-ledger.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { serviceUrls } from '../support/services.ts';

const PER_PLATFORM = 100;
const EVENTS = 2 * PER_PLATFORM * exchangeScript(0).length; // 1,000
const COPIES = 5;

// Platforms redeliver: Telegram until it gets a 200, Slack up to three retries, and both sometimes at
// once. Every original webhook of a 1,000-event run (200 merchants opening a case each, Telegram and
// Slack) is POSTed five times: three copies at once, then two more late, interleaved with the
// merchant's next events.
describe.runIf(serviceUrls.database && serviceUrls.redis)('every webhook of a 1,000-event run replayed 5 times', () => {
  const bot = useBothPlatformsBot();

  it('stores and answers each original once and opens one case per merchant', async () => {
    const chats = [
      ...Array.from({ length: PER_PLATFORM }, (_, i) => telegramMerchant(i, exchangeScript(i))),
      ...Array.from({ length: PER_PLATFORM }, (_, i) => slackMerchant(i, exchangeScript(i))),
    ];
    const started = Date.now();
    const statuses = new Map<number, number>();
    // Each copy is redelivered until acknowledged, as the platform does with a 503 (load shedding) or a timeout.
    const post = async (d: WebhookDelivery) => {
      for (const status of await deliverUntilAccepted(d, () => bot.t.url)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    await inParallel(chats, 40, async (steps) => {
      let late: Promise<unknown> = Promise.resolve();
      for (const step of steps) {
        await Promise.all([post(step), post(step), post(step)]);
        // The last two copies arrive later, while the merchant's next event is being sent.
        late = Promise.all([late, new Promise((r) => setTimeout(r, 5)).then(() => Promise.all([post(step), post(step)]))]);
      }
      await late;
    });
    // Every copy was acknowledged (the original as stored, the others as duplicates); nothing was refused for good.
    expect(statuses.get(200)).toBe(EVENTS * COPIES);
    expect([...statuses.keys()].filter((status) => ![200, 503, 0].includes(status))).toEqual([]);
    const sent = Date.now();
    const ledger = await ledgerWhen(bot.t.app.sql, settled(EVENTS), 300_000);
    console.info(`replay: statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${EVENTS * COPIES} webhooks sent in ${(sent - started) / 1000} s, settled ${(Date.now() - sent) / 1000} s later`);
    expect({ events: ledger.events, unprocessed: ledger.unprocessed, withoutReplies: ledger.withoutReplies, undelivered: ledger.undelivered, dead: ledger.dead })
      .toEqual({ events: EVENTS, unprocessed: 0, withoutReplies: 0, undelivered: 0, dead: 0 });
    expect(ledger.casesPerChat.size).toBe(2 * PER_PLATFORM);
    expect([...ledger.casesPerChat.values()].every((n) => n === 1)).toBe(true);
    // What each chat received on the platform is exactly what the outbox delivered once (desks included).
    expect(extraPosts('telegram', telegramPosts(bot.telegram), ledger)).toEqual(new Map());
    expect(extraPosts('slack', slackPosts(bot.slack), ledger)).toEqual(new Map());
    const metrics = await (await fetch(`${bot.t.url}/metrics`)).text();
    const duplicates = ['telegram', 'slack'].map((platform) => sampleValue(metrics, 'intake_inbound_duplicates_total', { platform }) ?? 0);
    // At least the 4,000 copies (more when a timed-out copy had been stored before its redelivery).
    expect(duplicates[0]! + duplicates[1]!).toBeGreaterThanOrEqual(EVENTS * (COPIES - 1));
  }, 600_000);
});
