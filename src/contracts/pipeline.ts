import type { ChatContext, ConversationInput, Reply } from './conversation.ts';
import type { Lang } from './lang.ts';

/** An accepted inbound event waiting for the orchestrator. */
export interface PendingInbound {
  id: bigint;
  chat: ChatContext;
  input: ConversationInput;
  attempts: number;
}

/** What claiming a chat found: its job's event unknown, nothing pending, another worker's lease, or the lease taken (with the next event when read fresh, else null: read it again). */
export type ChatClaim =
  | { kind: 'unknown' }
  | { kind: 'idle' }
  | { kind: 'busy'; remainingMs: number | null }
  | { kind: 'leased'; next: PendingInbound | null };

/** What completing an event did, and what comes next under the lease. */
export interface Completion {
  /** False if the event was already completed (by another worker). */
  done: boolean;
  /** The chat's next pending event, with the state just written; null when none was seen (or nothing was completed). */
  next: PendingInbound | null;
  /** The lease was let go: nothing pending, nobody asked for the chat. */
  released: boolean;
  /** The lease is still this worker's. */
  held: boolean;
}

/** Storage the pipeline needs; implemented in plain SQL in src/store/conversation-store.ts. */
export interface ConversationStore {
  acquireChatLease(chatId: string, token: string, leaseMs: number): Promise<boolean>;
  /**
   * Takes the chat's lease and reads its oldest pending event at once, when one is pending and the
   * job's event (if named) exists in this database. When another worker holds the lease, marks it
   * wanted: that worker looks for pending events again before it lets go.
   */
  claimChat(chatId: string, token: string, leaseMs: number, jobInboundId?: bigint): Promise<ChatClaim>;
  /** Extends a lease this token still holds; false if it was lost. */
  renewChatLease(chatId: string, token: string, leaseMs: number): Promise<boolean>;
  releaseChatLease(chatId: string, token: string): Promise<void>;
  /** Lets the lease go unless an event is pending or another worker asked for the chat; true when let go (or no longer held). */
  releaseChatLeaseIfIdle(chatId: string, token: string): Promise<boolean>;
  /** The chat's oldest unprocessed event, with the chat's current state. */
  nextPendingInbound(chatId: string): Promise<PendingInbound | null>;
  /**
   * Stores replies and state and marks the event processed, atomically, and reads the next pending
   * event; with `leaseToken`, lets the lease go in the same statement when nothing is left.
   */
  completeInbound(input: { inboundId: bigint; chatId: string; replies: Reply[]; state: unknown; lang: Lang; leaseToken?: string }): Promise<Completion>;
  recordInboundFailure(inboundId: bigint, errorCode: string): Promise<number>;
}
