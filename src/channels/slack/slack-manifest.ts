import { SLACK_EVENTS_PATH } from './slack-webhook.ts';

/** What the manifest depends on. */
export interface SlackManifestInput {
  /** Public base URL of this server; required in HTTP mode. */
  publicUrl?: string | undefined;
  /** Socket Mode (SLACK_APP_TOKEN set): no request URLs. */
  socketMode: boolean;
  /** Display name of the app and its bot user. */
  appName?: string;
}

/**
 * Bot scopes, each for something the channel does; nothing else is asked for.
 * (`im:read`, `im:write` and `users:read` are left out: merchants always write first, so their
 * DM channel id arrives with their message, and no user profile is read.)
 */
export const slackBotScopes = {
  'chat:write': 'post replies and case cards, edit cards after a step (chat.postMessage, chat.update)',
  'im:history': 'receive merchants\' messages in the app DM (message.im)',
  'channels:history': 'receive staff and manager replies in public channels (message.channels)',
  'groups:history': 'receive staff and manager replies in private channels (message.groups)',
  'files:read': 'download photos merchants share (files.info, url_private_download)',
  'files:write': 'upload merchants\' photos into a case card\'s thread (files.getUploadURLExternal, files.completeUploadExternal)',
} as const;

/** Events the channel normalizes; each needs the matching *:history scope above. */
export const slackBotEvents = ['message.im', 'message.channels', 'message.groups'] as const;

/** A Slack app manifest (the subset we set). */
export interface SlackManifest {
  display_information: { name: string; description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string; always_online: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/**
 * The app manifest to paste into "Create an app → From a manifest": exactly the scopes, events
 * and URLs the channel uses. In HTTP mode both request URLs are `PUBLIC_URL/slack/events`; in
 * Socket Mode there are none. Pure; throws when HTTP mode has no public URL.
 */
export function slackManifest(input: SlackManifestInput): SlackManifest {
  if (!input.socketMode && !input.publicUrl) throw new Error('the Slack manifest needs PUBLIC_URL (or SLACK_APP_TOKEN for Socket Mode)');
  const name = input.appName ?? 'After-sales intake';
  const requestUrl = input.socketMode ? undefined : `${input.publicUrl?.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  return {
    display_information: { name, description: 'Returns, exchanges and quality claims: merchants write, staff decide.' },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
    },
    oauth_config: { scopes: { bot: Object.keys(slackBotScopes) } },
    settings: {
      event_subscriptions: { ...(requestUrl ? { request_url: requestUrl } : {}), bot_events: [...slackBotEvents] },
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: input.socketMode,
      token_rotation_enabled: false,
    },
  };
}
