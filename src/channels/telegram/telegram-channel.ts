import { Api } from 'grammy';
import type { ActionTokenStore, Channel, ChatAddress, InboundSink, OutboundEnvelope, PlatformFile, SendResult, WebhookRoute } from '../../contracts/channel.ts';
import type { Logger } from '../../log.ts';
import { botCommandSets } from './bot-commands.ts';
import { toDeliveryError } from './delivery-errors.ts';
import { fetchTelegramFile } from './fetch-file.ts';
import { handleUpdate, type InboundDeps, type UpdateOutcome } from './inbound.ts';
import { botIdFromToken, type NormalizeContext } from './normalize-update.ts';
import { UpdatePoller, type PollerOptions } from './polling.ts';
import { sendEnvelope, SendProgress } from './send-message.ts';
import { createWebhookRoute } from './webhook-route.ts';

/** Telegram's own Bot API server. */
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** Everything the Telegram channel needs; config values come from `config.telegram`. */
export interface TelegramChannelOptions {
  token: string;
  /** `webhook`: updates arrive on {@link TelegramChannel.webhooks}; `polling`: `start()` runs getUpdates. */
  mode: 'webhook' | 'polling';
  /** Required in webhook mode: the secret_token given to setWebhook. */
  webhookSecret?: string | undefined;
  staffChatId?: string | undefined;
  managerChatId?: string | undefined;
  /** Bot API root without a trailing slash. @defaultValue https://api.telegram.org */
  apiRoot?: string | undefined;
  /** Public base URL of our server: card photos given as `/path` URLs are sent as `publicUrl + path`. */
  publicUrl?: string | undefined;
  sink: InboundSink;
  tokens: ActionTokenStore;
  log: Logger;
  /** Clock for button presses (they carry no date). @defaultValue () => new Date() */
  now?: () => Date;
  /** Tuning of the polling loop (tests shorten it). */
  polling?: Pick<PollerOptions, 'timeoutSeconds' | 'initialBackoffMs' | 'maxBackoffMs'>;
}

/**
 * The Telegram channel: receives updates by webhook or long polling, normalizes them for the
 * sink, answers button presses, and sends what the outbox hands over through grammY's `Api`.
 */
export class TelegramChannel implements Channel {
  readonly platform = 'telegram' as const;
  readonly staffChat: ChatAddress | null;
  readonly managerChat: ChatAddress | null;
  /** A private chat's id is the user's id, but the bot may only write there once the user has written to it (else 403). */
  readonly directMessages = 'user_opens' as const;
  readonly webhooks: WebhookRoute[];
  /** The bot's user id, from its token: the `workspace` of every Telegram address. */
  readonly botId: string;
  /** The Bot API client (exposed for the CLI's webhook commands). */
  readonly api: Api;

  private botUsername: string | undefined;
  private readonly poller: UpdatePoller | null;
  private readonly pendingAcks = new Set<Promise<void>>();
  private readonly progress = new SendProgress();
  private readonly apiRoot: string;
  private readonly inbound: InboundDeps;

  constructor(private readonly options: TelegramChannelOptions) {
    if (options.mode === 'webhook' && !options.webhookSecret) throw new TypeError('the Telegram channel needs a webhook secret in webhook mode');
    this.apiRoot = (options.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, '');
    this.botId = botIdFromToken(options.token);
    // grammY waits 500 s by default; a hung call should fail (and be retried) sooner, yet outlast a long poll.
    this.api = new Api(options.token, { apiRoot: this.apiRoot, timeoutSeconds: (options.polling?.timeoutSeconds ?? 25) + 15 });
    const address = (id: string | undefined): ChatAddress | null => (id ? { platform: 'telegram', workspace: this.botId, externalChatId: id } : null);
    this.staffChat = address(options.staffChatId);
    this.managerChat = address(options.managerChatId);
    this.inbound = {
      context: () => this.normalizeContext(),
      sink: options.sink,
      log: options.log,
      answerCallback: (id) => this.answerCallback(id),
    };
    const handle = (update: unknown) => this.handleUpdate(update);
    this.webhooks = options.mode === 'webhook' && options.webhookSecret ? [createWebhookRoute({ secret: options.webhookSecret, log: options.log, handle })] : [];
    this.poller = options.mode === 'polling' ? new UpdatePoller({ api: this.api, token: options.token, log: options.log, handle, ...options.polling }) : null;
  }

  private normalizeContext(): NormalizeContext {
    const { staffChatId, managerChatId, tokens, now } = this.options;
    return {
      botId: this.botId,
      tokens,
      now: now ?? (() => new Date()),
      ...(this.botUsername !== undefined ? { botUsername: this.botUsername } : {}),
      ...(staffChatId ? { staffChatId } : {}),
      ...(managerChatId ? { managerChatId } : {}),
    };
  }

  /** Normalizes one update and hands it to the sink (the webhook route and the poller both land here). */
  handleUpdate(update: unknown): Promise<UpdateOutcome> {
    return handleUpdate(this.inbound, update);
  }

  /** Answers a button press in the background; a failure (e.g. a query older than 15 min) is only logged. */
  private answerCallback(callbackQueryId: string): void {
    const ack = this.api.answerCallbackQuery(callbackQueryId).then(
      () => undefined,
      (error: unknown) => {
        const coded = toDeliveryError(error, this.options.token);
        this.options.log.debug({ code: coded.code, reason: coded.message }, 'telegram: answerCallbackQuery failed');
      },
    );
    this.pendingAcks.add(ack);
    void ack.finally(() => this.pendingAcks.delete(ack));
  }

  /** Waits until every button press answered so far has been sent (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pendingAcks.size > 0) await Promise.all([...this.pendingAcks]);
  }

  /**
   * Learns the bot's username (getMe), registers the command menu in zh and en (setMyCommands)
   * and, in polling mode, removes any webhook and starts the getUpdates loop. Failures of the
   * first two are logged, not thrown: the bot works without them.
   */
  async start(options: { receive?: boolean } = {}): Promise<void> {
    const { log } = this.options;
    try {
      this.botUsername = (await this.api.getMe()).username;
    } catch (error) {
      log.warn({ code: toDeliveryError(error, this.options.token).code }, 'telegram: getMe failed; commands addressed to any bot are accepted');
    }
    for (const set of botCommandSets) {
      try {
        await this.api.setMyCommands(set.commands, set.languageCode ? { language_code: set.languageCode } : {});
      } catch (error) {
        log.warn({ code: toDeliveryError(error, this.options.token).code, languageCode: set.languageCode }, 'telegram: setMyCommands failed');
      }
    }
    if (this.poller && options.receive !== false) {
      // getUpdates answers 409 while a webhook is set; polling mode means the operator wants none.
      await this.api.deleteWebhook().catch((error: unknown) => {
        log.warn({ code: toDeliveryError(error, this.options.token).code }, 'telegram: deleteWebhook failed');
      });
      this.poller.start();
    }
    log.info({ botId: this.botId, mode: this.options.mode }, 'telegram channel started');
  }

  /** Stops polling (aborting the pending long poll) and waits for outstanding button answers. */
  async stop(): Promise<void> {
    await this.poller?.stop();
    await this.settled();
  }

  /** The offset the polling loop asks for next (0 in webhook mode). */
  get pollingOffset(): number {
    return this.poller?.nextOffset ?? 0;
  }

  send(message: OutboundEnvelope): Promise<SendResult> {
    const { token, tokens, log, publicUrl } = this.options;
    return sendEnvelope({ api: this.api, token, tokens, log, progress: this.progress, ...(publicUrl ? { publicUrl } : {}) }, message);
  }

  fetchFile(file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
    return fetchTelegramFile({ api: this.api, apiRoot: this.apiRoot, token: this.options.token }, file, maxBytes);
  }
}

/** Builds the Telegram channel (not started). Throws a TypeError for a malformed token or a webhook without secret. */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  return new TelegramChannel(options);
}
