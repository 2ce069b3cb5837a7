import type { ChatContext, ConversationInput, Reply } from './conversation.ts';
import type { Lang } from './lang.ts';

/** An accepted inbound event waiting for the orchestrator. */
export interface PendingInbound {
  id: bigint;
  chat: ChatContext;
  input: ConversationInput;
  attempts: number;
}

/** Storage the pipeline needs; implemented in plain SQL in src/store/conversation-store.ts. */
export interface ConversationStore {
  acquireChatLease(chatId: string, token: string, leaseMs: number): Promise<boolean>;
  /** Extends a lease this token still holds; false if it was lost. */
  renewChatLease(chatId: string, token: string, leaseMs: number): Promise<boolean>;
  releaseChatLease(chatId: string, token: string): Promise<void>;
  /** How long the chat's current lease still runs, or null when nobody holds it. */
  chatLeaseRemainingMs(chatId: string): Promise<number | null>;
  /** Whether this database has the event (a job of another database's queue may name one it lacks). */
  inboundExists(inboundId: bigint, chatId: string): Promise<boolean>;
  /** The chat's oldest unprocessed event, with the chat's current state. */
  nextPendingInbound(chatId: string): Promise<PendingInbound | null>;
  /** Stores replies and state and marks the event processed, atomically; false if it already was. */
  completeInbound(input: { inboundId: bigint; chatId: string; replies: Reply[]; state: unknown; lang: Lang }): Promise<boolean>;
  recordInboundFailure(inboundId: bigint, errorCode: string): Promise<number>;
}

