import type { AttachmentRef } from './cases.ts';
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
  receivedAt: Date;
}

/** What the orchestrator knows of a chat before handling one input. */
export interface ChatContext {
  chatId: string;
  merchantId: string | null;
  lang: Lang;
  state: unknown;
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
