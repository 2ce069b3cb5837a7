import { afterAll, beforeAll } from 'vitest';
import { BOT_TOKEN, TEAM } from '../channels/slack/slack-fixtures.ts';
import { startTestApp, type TestApp } from './app-harness.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from './fake-telegram-api.ts';
import { slackEnv, telegramEnv } from './platform-drivers.ts';

/** One bot on PostgreSQL + Redis with Slack and Telegram both on, each against its fake API, as the chaos files drive it. */
export interface BothPlatformsBot {
  t: TestApp;
  slack: FakeSlackApi;
  telegram: FakeTelegramApi;
  stop(): Promise<void>;
}

/** Starts the fakes, then the bot (the inbound sweep every second, so a refused enqueue is retried soon). */
async function startBothPlatformsBot(): Promise<BothPlatformsBot> {
  const [slack, telegram] = await Promise.all([FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM }), startFakeTelegramApi()]);
  const t = await startTestApp({ mode: 'services', env: { ...slackEnv(slack), ...telegramEnv(telegram), INBOUND_SWEEP_MS: '1000' } });
  return {
    t,
    slack,
    telegram,
    async stop() {
      await t.stop();
      await Promise.all([slack.close(), telegram.close()]);
    },
  };
}

/**
 * For a describe block: starts one such bot before its tests and stops it after them. The fields of the
 * returned object are set once `beforeAll` ran; read them inside tests only.
 */
export function useBothPlatformsBot(): Omit<BothPlatformsBot, 'stop'> {
  let started: BothPlatformsBot | undefined;
  const bot = {} as Omit<BothPlatformsBot, 'stop'>;
  beforeAll(async () => {
    started = await startBothPlatformsBot();
    Object.assign(bot, { t: started.t, slack: started.slack, telegram: started.telegram });
  });
  afterAll(() => started?.stop());
  return bot;
}
