import type { AttachmentRef } from './cases.ts';
import type { ChannelUser, ChatAddress, ChatKind, FormFieldName, PlatformFile } from './channel.ts';
import type { Lang } from './lang.ts';

/** A button under a reply; `id` comes back as the action id when pressed. */
export interface Button {
  id: string;
  label: string;
}

/** One message the bot sends. */
export interface Reply {
  text: string;
  buttons?: Button[];
}

/** A normalized inbound event, whatever the platform. */
export interface ConversationInput {
  kind: 'message' | 'action';
  text?: string;
  actionId?: string;
  /** Language the client asked for explicitly, if any. */
  lang?: Lang;
  /** Files sent with the message, by reference (platform file id, URL or upload id); the flow checks type and size. */
  attachments?: AttachmentRef[];
  /** Who sent it, as the platform names them (staff are recognised by this identity). */
  sender?: ChannelUser;
  /** Values a form collected with an action (a Slack modal): a refusal reason, a return address. */
  fields?: Partial<Record<FormFieldName, string>>;
  /** Platform files not fetched yet; the file intake turns them into attachments before the flows see them. */
  files?: PlatformFile[];
  /** The platform message this one answers (a staff reply under a case card). */
  inReplyTo?: string;
  receivedAt: Date;
  /** The stored inbound event this input is (set by the pipeline): what is stored for it is stored once, however often it is retried. */
  inboundId?: string;
}

/** What the orchestrator knows of a chat before handling one input. */
export interface ChatContext {
  chatId: string;
  merchantId: string | null;
  lang: Lang;
  state: unknown;
  /** Where the chat is: a merchant's chat, a staff or manager desk, or a staff member's DM. Unset means a merchant chat. */
  surface?: ChatKind;
  /** Where the chat lives, for looking up who is staff. */
  address?: ChatAddress;
  /** Set while a person holds the chat (3.3.3 handoff): the bot stays quiet except for commands. */
  handoff?: { since: Date; staffId: string | null } | null;
}

export interface ConversationResult {
  replies: Reply[];
  state: unknown;
  lang: Lang;
}

/** Turns one input into replies and the chat's next state. Never imports a platform. */
export interface Orchestrator {
  handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult>;
}
