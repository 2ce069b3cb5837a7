import type { SocketModeClient } from '@slack/socket-mode';
import { WebClient } from '@slack/web-api';
import type {
  ActionTokenStore,
  Channel,
  ChatAddress,
  InboundSink,
  OutboundEnvelope,
  PlatformFile,
  SendResult,
  WebhookRoute,
} from '../../contracts/channel.ts';
import { DeliveryError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { ACTION_TOKEN_PREFIX, createSlackDispatcher, type SlackDispatch } from './slack-dispatch.ts';
import { toDeliveryError } from './slack-errors.ts';
import { fetchSlackFile } from './slack-files.ts';
import { SLACK_FILE_MAX_BYTES, uploadSlackFile } from './slack-upload.ts';
import { fitMrkdwn } from './slack-card.ts';
import { slackLoggerFor } from './slack-logger.ts';
import { blockLimits } from './slack-card.ts';
import { renderEnvelope, type SlackMessagePart } from './slack-render.ts';
import { createSlackSocket } from './slack-socket.ts';
import { createSlackWebhookRoute } from './slack-webhook.ts';

/** What {@link createSlackChannel} takes; config values come from `SLACK_*` variables. */
export interface SlackChannelOptions {
  /** Bot token (xoxb-...). */
  botToken: string;
  /** Signing secret: HTTP mode (`POST /slack/events`). Required unless `appToken` is set. */
  signingSecret?: string | undefined;
  /** App-level token (xapp-...): Socket Mode, no webhook route. */
  appToken?: string | undefined;
  /** Channel id of the staff surface (case cards). */
  staffChannel?: string | undefined;
  /** Channel id of the manager surface. */
  managerChannel?: string | undefined;
  /** Web API base URL; `https://slack.com/api/` in production, a fake in tests. */
  apiUrl: string;
  sink: InboundSink;
  tokens: ActionTokenStore;
  log: Logger;
  /** The clock for signature windows and `receivedAt`. Default: the system clock. */
  now?: () => Date;
  /** Public base URL, to show relative photo URLs of cards (console uploads) as links. */
  publicUrl?: string | undefined;
  /** Workspace (team) id, if known; otherwise `start()` asks `auth.test`. */
  teamId?: string | undefined;
}

/** Parts already posted per envelope id, so a retried envelope does not post them twice. Bounded. */
const SENT_PARTS_KEPT = 2000;

/**
 * The Slack channel: merchants in app DMs, staff and managers in their channels. Receives over
 * HTTP (`/slack/events`, signed) or Socket Mode, hands every event to the sink, and sends what
 * the outbox hands it with one Web API client that never retries on its own (the outbox retries).
 */
export class SlackChannel implements Channel {
  /** `chat.postMessage` with a user id as the channel posts in the app's DM with them (opened on first use). */
  readonly directMessages = 'bot_opens' as const;
  readonly platform = 'slack' as const;
  readonly webhooks: WebhookRoute[];
  /** The shared dispatch of both transports, exposed for tests and a custom receiver. */
  readonly dispatch: SlackDispatch;
  private readonly client: WebClient;
  private readonly socket: SocketModeClient | undefined;
  private readonly sentParts = new Map<string, string>();
  private teamId: string | undefined;

  constructor(private readonly options: SlackChannelOptions) {
    if (!options.signingSecret && !options.appToken) throw new Error('Slack needs a signing secret (HTTP) or an app token (Socket Mode)');
    const now = options.now ?? (() => new Date());
    const log = options.log.child({ channel: 'slack' });
    this.teamId = options.teamId;
    this.client = new WebClient(options.botToken, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: slackLoggerFor(log),
    });
    this.dispatch = createSlackDispatcher({
      surfaces: { staffChannel: options.staffChannel, managerChannel: options.managerChannel },
      sink: options.sink,
      tokens: options.tokens,
      openView: async (triggerId, view) => void (await this.client.views.open({ trigger_id: triggerId, view })),
      log,
      now,
    });
    if (options.appToken) {
      this.socket = createSlackSocket({ appToken: options.appToken, apiUrl: options.apiUrl, dispatch: this.dispatch, log });
      this.webhooks = [];
    } else {
      this.webhooks = [createSlackWebhookRoute({ signingSecret: options.signingSecret ?? '', dispatch: this.dispatch, log, now })];
    }
  }

  private address(channel: string | undefined): ChatAddress | null {
    return channel ? { platform: 'slack', workspace: this.teamId ?? '', externalChatId: channel } : null;
  }

  get staffChat(): ChatAddress | null {
    return this.address(this.options.staffChannel);
  }

  get managerChat(): ChatAddress | null {
    return this.address(this.options.managerChannel);
  }

  /** Learns the workspace id (`auth.test`; a dead token fails here) and connects Socket Mode if configured. */
  async start(options: { receive?: boolean } = {}): Promise<void> {
    if (this.teamId === undefined) {
      try {
        const auth = await this.client.auth.test();
        this.teamId = auth.team_id;
      } catch (error) {
        const coded = toDeliveryError(error, 'auth.test');
        if (coded.code === 'delivery.rejected') throw coded;
        this.options.log.warn({ code: coded.code }, 'slack auth.test failed; staff chat addresses lack the workspace id until restart');
      }
    }
    if (options.receive !== false) await this.socket?.start();
  }

  async stop(): Promise<void> {
    await this.socket?.disconnect();
  }

  private async actionIds(message: OutboundEnvelope): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const button of message.buttons ?? []) {
      if (button.id.length > blockLimits.actionId && !ids.has(button.id)) {
        ids.set(button.id, ACTION_TOKEN_PREFIX + (await this.options.tokens.shorten(button.id, message.address)));
      }
    }
    return ids;
  }

  private remember(key: string, ts: string): void {
    this.sentParts.set(key, ts);
    if (this.sentParts.size > SENT_PARTS_KEPT) this.sentParts.delete(this.sentParts.keys().next().value ?? key);
  }

  private async post(channel: string, part: SlackMessagePart, threadTs: string | undefined): Promise<string> {
    const result = await this.client.chat.postMessage({
      channel,
      text: part.text,
      ...(part.blocks.length ? { blocks: part.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!result.ts) throw new DeliveryError('delivery.failed', 'chat.postMessage answered without ts');
    return result.ts;
  }

  /**
   * Sends one envelope: rendered within Block Kit limits, posted as one or more messages (in the
   * thread of `threadOf`), or `chat.update` of `replaces` (overflow parts then go to its thread).
   * Returns the ts of the first (or replaced) message, the one later threads and edits refer to.
   */
  async send(message: OutboundEnvelope): Promise<SendResult> {
    const channel = message.address.externalChatId;
    if (message.photo && message.photo.bytes.length <= SLACK_FILE_MAX_BYTES) return this.sendPhoto(message, message.photo);
    if (message.photo?.url && this.options.publicUrl) {
      // Past Slack's file limit: the photo goes as our signed link.
      message = { ...message, text: `${message.text}\n${new URL(message.photo.url, `${this.options.publicUrl}/`).href}` };
    }
    try {
      const ids = await this.actionIds(message);
      const parts = renderEnvelope(message, { actionIdOf: (id) => ids.get(id) ?? id, publicUrl: this.options.publicUrl });
      let first: string | undefined;
      for (const [index, part] of parts.entries()) {
        const key = `${message.id}#${index}`;
        let ts = this.sentParts.get(key);
        if (ts === undefined) {
          if (index === 0 && message.replaces) {
            await this.client.chat.update({ channel, ts: message.replaces, text: part.text, blocks: part.blocks });
            ts = message.replaces;
          } else {
            ts = await this.post(channel, part, message.threadOf ?? message.replaces);
          }
          this.remember(key, ts);
        }
        first ??= ts;
      }
      return { platformMessageId: first ?? '' };
    } catch (error) {
      throw toDeliveryError(error, message.replaces ? 'chat.update' : 'chat.postMessage');
    }
  }

  /**
   * Uploads a photo into the chat (into the thread of `threadOf`, a case card) as a Slack file,
   * with the text as its comment. Each step done is remembered per envelope, so the outbox's
   * retry neither uploads the bytes twice nor shares the file twice. Returns the file id.
   */
  private async sendPhoto(message: OutboundEnvelope, photo: NonNullable<OutboundEnvelope['photo']>): Promise<SendResult> {
    const done = this.sentParts.get(`${message.id}#shared`);
    if (done !== undefined) return { platformMessageId: done };
    const uploadedKey = `${message.id}#uploaded`;
    const fileId = await uploadSlackFile(
      { client: this.client, botToken: this.options.botToken, apiUrl: this.options.apiUrl },
      {
        channel: message.address.externalChatId,
        threadTs: message.threadOf,
        bytes: photo.bytes,
        fileName: photo.fileName,
        comment: message.text.trim() ? fitMrkdwn(message.text, 3000) : undefined,
        uploaded: this.sentParts.get(uploadedKey),
        onUploaded: (id) => this.remember(uploadedKey, id),
      },
    );
    this.remember(`${message.id}#shared`, fileId);
    return { platformMessageId: fileId };
  }

  fetchFile(file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
    return fetchSlackFile({ client: this.client, botToken: this.options.botToken, apiUrl: this.options.apiUrl }, file, maxBytes);
  }
}

/** Builds the Slack channel; see {@link SlackChannelOptions}. Nothing connects before `start()`. */
export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  return new SlackChannel(options);
}
