import { describe, expect, it } from 'vitest';
import { slackBotEvents, slackManifest } from '../../../src/channels/slack/slack-manifest.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';

describe('slackManifest', () => {
  it('HTTP mode: both request URLs are PUBLIC_URL/slack/events; only the scopes we use', () => {
    const manifest = slackManifest({ publicUrl: 'https://bot.example.com/', socketMode: false });
    expect(manifest.settings.event_subscriptions).toEqual({ request_url: 'https://bot.example.com/slack/events', bot_events: ['message.im', 'message.channels', 'message.groups'] });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://bot.example.com/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['channels:history', 'chat:write', 'files:read', 'files:write', 'groups:history', 'im:history']);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('every event has the history scope Slack requires for it', () => {
    const scopes = slackManifest({ publicUrl: 'https://x', socketMode: false }).oauth_config.scopes.bot;
    const needs = { 'message.im': 'im:history', 'message.channels': 'channels:history', 'message.groups': 'groups:history' } as const;
    for (const event of slackBotEvents) expect(scopes).toContain(needs[event]);
  });

  it('Socket Mode: enabled, no request URLs', () => {
    const manifest = slackManifest({ socketMode: true });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions).not.toHaveProperty('request_url');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
  });

  it('HTTP mode without a public URL is refused', () => {
    expect(() => slackManifest({ socketMode: false })).toThrow(/PUBLIC_URL/);
  });
});

describe('Slack configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('is off without a bot token, on with a signing secret (HTTP) or an app token (Socket Mode)', () => {
    expect(loadConfig({}).slack).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaa85a5aaa', SLACK_STAFF_CHANNEL: 'C0STAFF01' }).slack)
      .toEqual({ botToken: 'xoxb-1-2-abc', signingSecret: '8f742231b10e8888abcd99aaa85a5aaa', appToken: undefined, staffChannel: 'C0STAFF01', managerChannel: undefined, apiUrl: 'https://slack.com/api/' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-abc' }).slack?.appToken).toBe('xapp-1-A1-abc');
  });

  it('names what is missing or malformed, without echoing a secret', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual(['SLACK_BOT_TOKEN: needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)']);
    expect(problems({ SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaa85a5aaa' })).toEqual(['SLACK_SIGNING_SECRET: needs SLACK_BOT_TOKEN']);
    const bad = problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_SIGNING_SECRET: 'zz' });
    expect(bad.map((p) => p.split(':')[0]).sort()).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect(bad.join('\n')).not.toContain('xoxp-user-token-secret');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_STAFF_CHANNEL: '#staff' })).toEqual([expect.stringMatching(/^SLACK_STAFF_CHANNEL: .*"#staff"/)]);
  });

  it('PUBLIC_URL loses its trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.com/' }).publicUrl).toBe('https://bot.example.com');
  });
});
