import type { ActionTokenStore, Channel, InboundSink, Platform } from '../contracts/channel.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { ConsoleChannel } from './console/console-channel.ts';
import { createSlackChannel } from './slack/index.ts';
import { createTelegramChannel } from './telegram/index.ts';

/**
 * The channels this configuration turns on: the console always, Slack and Telegram when their
 * credentials are set. The only place that knows every platform; nothing below it imports one.
 */
export function buildChannels(deps: { config: Config; sink: InboundSink; tokens: ActionTokenStore; uploadDir: string; log: Logger }): Map<Platform, Channel> {
  const { config, sink, tokens, log } = deps;
  const channels = new Map<Platform, Channel>([['console', new ConsoleChannel(deps.uploadDir)]]);
  if (config.telegram) {
    const t = config.telegram;
    channels.set(
      'telegram',
      createTelegramChannel({
        token: t.token,
        mode: t.mode,
        webhookSecret: t.webhookSecret,
        staffChatId: t.staffChatId,
        managerChatId: t.managerChatId,
        apiRoot: t.apiRoot,
        publicUrl: config.publicUrl,
        sink,
        tokens,
        log: log.child({ channel: 'telegram' }),
      }),
    );
  }
  if (config.slack) {
    const s = config.slack;
    channels.set(
      'slack',
      createSlackChannel({
        botToken: s.botToken,
        signingSecret: s.signingSecret,
        appToken: s.appToken,
        staffChannel: s.staffChannel,
        managerChannel: s.managerChannel,
        apiUrl: s.apiUrl,
        publicUrl: config.publicUrl,
        sink,
        tokens,
        log: log.child({ channel: 'slack' }),
      }),
    );
  }
  return channels;
}
