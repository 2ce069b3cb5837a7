import type { Button } from './conversation.ts';
import type { Lang } from './lang.ts';

/**
 * The one port every chat platform implements (console, Slack, Telegram), in the spirit of
 * Bolt's `Receiver`: verify and normalize what arrives, render and send what the outbox hands
 * over. A channel never touches the database and never calls the orchestrator; it hands each
 * verified event to an `InboundSink` and gets everything it sends from the outbox.
 */

export const platforms = ['console', 'slack', 'telegram'] as const;
export type Platform = (typeof platforms)[number];

/**
 * Where a chat lives. `workspace` scopes ids that are only unique per app: the Slack team id,
 * the Telegram bot id, '' for the console. Merchant identity = (platform, workspace, user id).
 */
export interface ChatAddress {
  platform: Platform;
  workspace: string;
  externalChatId: string;
}

/** Which surface an event came from or a message goes to. */
export const surfaces = ['merchant', 'staff', 'manager'] as const;
export type Surface = (typeof surfaces)[number];

/**
 * What a chat is (its row's kind): a surface, or a staff member's private chat with the bot
 * (`staff_dm`), where SLA warnings reach the case's assignee. Events from a staff DM are desk
 * events; it is never a desk cards are posted to.
 */
export type ChatKind = Surface | 'staff_dm';

/**
 * Whether a platform can reach a staff member in a private chat: `bot_opens` (Slack: posting to a
 * user id opens the app's DM), `user_opens` (Telegram: only once the user has written to the bot).
 */
export type DirectMessages = 'bot_opens' | 'user_opens';

/** A file a platform user sent, not fetched yet (the conversation fetches and checks it as an image). */
export interface PlatformFile {
  /** Slack file id, Telegram file_id, or `upload:<sha256>` for the console. */
  fileId: string;
  fileName?: string;
  /** What the platform claims; never trusted for storage, only as a hint. */
  mimeType?: string;
  sizeBytes?: number;
}

/** Who sent an event, as the platform names them. */
export interface ChannelUser {
  externalUserId: string;
  displayName?: string;
  /** The platform's language hint (Telegram `language_code`, Slack locale). */
  langTag?: string;
}

/** A verified, normalized inbound event. */
export interface ChannelEvent {
  /**
   * The platform's own identity of this delivery, unique within (platform, workspace): Slack
   * `event_id` or the interaction's action id + ts, Telegram `update_id`. Redeliveries repeat it.
   */
  deliveryId: string;
  address: ChatAddress;
  surface: Surface;
  user: ChannelUser;
  kind: 'message' | 'action';
  text?: string;
  /** For actions: the id of the button pressed (expanded if the platform carried a short token). */
  actionId?: string;
  /** Values a form collected with an action (a Slack modal): reason, address, trackingNumber, note. */
  fields?: Partial<Record<FormFieldName, string>>;
  files?: PlatformFile[];
  /**
   * The platform message this one answers or sits under (Slack `thread_ts`, Telegram
   * `reply_to_message.message_id`): staff replies under a case card reach that case's merchant.
   */
  inReplyTo?: string;
  receivedAt: Date;
}

/** Fields a staff step can ask for before it runs (3.2.2 reason, 3.2.3 address, tracking number). */
export const formFieldNames = ['reason', 'address', 'trackingNumber', 'note'] as const;
export type FormFieldName = (typeof formFieldNames)[number];

/** A button that asks for fields first: Slack opens a modal, Telegram and the console ask for a reply. */
export interface FormButton extends Button {
  form?: { title: string; fields: Array<{ name: FormFieldName; label: string; multiline?: boolean }> };
}

/** A case as staff and managers see it on a card: facts, photos, deadline and the steps allowed now. */
export interface CaseCard {
  caseNumber: string;
  title: string;
  fields: Array<{ label: string; value: string }>;
  /** The next deadline, in words, e.g. "审核截止 11月30日 18:00（剩 2 个工作日）". */
  deadline?: string;
  /**
   * Photos by URL on our server (console) or by platform file id (already on the platform).
   * `inThread`: the photo is also posted into the card's thread as a file, so a channel that
   * posts files need not send it again with the card.
   */
  photos: Array<{ url?: string; platformFileId?: string; fileName?: string; inThread?: boolean }>;
}

/** A photo to put into a chat as a file of its own (a merchant's photo in a case's staff thread). */
export interface OutboundPhoto {
  bytes: Buffer;
  /** The type measured when the photo was stored (JPEG, PNG, WebP or HEIC). */
  mimeType: string;
  fileName: string;
  /** Our signed link to the same photo (relative to PUBLIC_URL), for where an upload is impossible. */
  url?: string;
}

/** What the outbox hands a channel: one message to one chat. */
export interface OutboundEnvelope {
  /** The OutboundMessage id; a channel may use it as an idempotency key. */
  id: string;
  address: ChatAddress;
  lang: Lang;
  text: string;
  buttons?: FormButton[];
  card?: CaseCard;
  /** Post under this platform message (a case card's thread). */
  threadOf?: string;
  /** Edit this earlier platform message instead of posting a new one (a card after a step). */
  replaces?: string;
  /** Upload this photo, with `text` as its caption or comment. */
  photo?: OutboundPhoto;
}

/** What a platform returned for a delivered message. */
export interface SendResult {
  platformMessageId: string;
}

/** A platform's own HTTP request, as a webhook route receives it (raw body kept for signatures). */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: URLSearchParams;
}

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A webhook on the one HTTP server. */
export interface WebhookRoute {
  path: string;
  bodyLimit: number;
  handle(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Short ids for button payloads a platform cannot carry whole (Telegram callback_data ≤ 64 bytes). */
export interface ActionTokenStore {
  shorten(actionId: string, address: ChatAddress): Promise<string>;
  /** The full action id, or null for an unknown or expired token. */
  expand(token: string): Promise<string | null>;
}

/** Where a channel hands each verified event; answers once the event is stored (not processed). */
export interface InboundSink {
  accept(event: ChannelEvent): Promise<{ duplicate: boolean }>;
}

/** The port itself. */
export interface Channel {
  readonly platform: Platform;
  /** The staff and manager surfaces configured on this platform, if any. */
  readonly staffChat: ChatAddress | null;
  readonly managerChat: ChatAddress | null;
  /** How the bot reaches a staff member privately on this platform; absent: it cannot (the console). */
  readonly directMessages?: DirectMessages;
  /** Webhook routes (none in polling or socket mode). */
  readonly webhooks: WebhookRoute[];
  /**
   * Registers commands and learns what sending needs; with `receive` (the default) also starts the
   * long-running receivers (Telegram polling, Slack Socket Mode), which a worker process leaves to the web processes.
   */
  start(options?: { receive?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /**
   * Sends one message within the platform's limits (splitting long text, escaping user text).
   * Throws `DeliveryError`: rate limited (with the platform's retry-after), rejected for good, or transient.
   */
  send(message: OutboundEnvelope): Promise<SendResult>;
  /** Downloads a file a user sent, refusing past `maxBytes`. */
  fetchFile(file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }>;
}
