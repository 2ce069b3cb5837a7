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
export async function startBothPlatformsBot(): Promise<BothPlatformsBot> {
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
