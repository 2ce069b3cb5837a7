import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../log.ts';
import { asCodedError } from '../errors.ts';
import type { ChatContext, ConversationInput, Lang, Orchestrator, Reply } from './types.ts';

/** An accepted inbound event waiting for the orchestrator. */
export interface PendingInbound {
  id: bigint;
  chat: ChatContext;
  input: ConversationInput;
  attempts: number;
}

/** Storage the pipeline needs; implemented over Prisma in src/store/conversation-store.ts. */
export interface ConversationStore {
  acquireChatLease(chatId: string, token: string, leaseMs: number): Promise<boolean>;
  releaseChatLease(chatId: string, token: string): Promise<void>;
  /** The chat's oldest unprocessed event, with the chat's current state. */
  nextPendingInbound(chatId: string): Promise<PendingInbound | null>;
  /** Stores replies and state and marks the event processed, atomically; false if it already was. */
  completeInbound(input: { inboundId: bigint; chatId: string; replies: Reply[]; state: unknown; lang: Lang }): Promise<boolean>;
  recordInboundFailure(inboundId: bigint, errorCode: string): Promise<number>;
}

/** Emits `processed` with the inbound id once its replies are stored. */
export type PipelineEvents = EventEmitter<{ processed: [inboundId: bigint] }>;

/** After this many failed attempts the merchant gets an apology and the event is closed with its error kept. */
export const MAX_ATTEMPTS = 3;
const LEASE_MS = 60_000;

const apology: Record<Lang, string> = {
  'zh-CN': '抱歉，处理您的消息时出错了。消息已保存，工作人员会查看。请稍后再试，或发送“帮助”。',
  en: 'Sorry, something went wrong while handling your message. It has been saved and staff will look at it. Please try again later, or send "help".',
};

/**
 * Processes a chat's pending inbound events strictly in arrival order.
 * A database lease makes one worker at a time own a chat, whichever process it runs in; the
 * holder drains every pending event, releases, then looks again so an event that arrived while
 * another worker gave up on the lease is never stranded.
 */
export function createChatPipeline(deps: { store: ConversationStore; orchestrator: Orchestrator; log: Logger; events?: PipelineEvents }) {
  const events: PipelineEvents = deps.events ?? new EventEmitter();

  async function processOne(pending: PendingInbound): Promise<void> {
    const { chat } = pending;
    try {
      const result = await deps.orchestrator.handle(chat, pending.input);
      await deps.store.completeInbound({ inboundId: pending.id, chatId: chat.chatId, replies: result.replies, state: result.state, lang: result.lang });
    } catch (error) {
      const coded = asCodedError(error);
      const attempts = await deps.store.recordInboundFailure(pending.id, coded.code);
      deps.log.error({ err: coded, inboundId: String(pending.id), chatId: chat.chatId, attempts }, 'conversation failed');
      if (attempts < MAX_ATTEMPTS) throw coded;
      await deps.store.completeInbound({ inboundId: pending.id, chatId: chat.chatId, replies: [{ text: apology[chat.lang] }], state: chat.state, lang: chat.lang });
    }
    events.emit('processed', pending.id);
  }

  /**
   * Releases a lease, retrying while the database is away: a lease left behind by a release that
   * failed in an outage would keep every worker off the chat until it expired (LEASE_MS), and its
   * pending events would wait that long after the database came back. Never longer than the lease.
   */
  async function releaseLease(chatId: string, token: string): Promise<void> {
    const giveUpAt = Date.now() + LEASE_MS;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await deps.store.releaseChatLease(chatId, token);
      } catch (error) {
        if (Date.now() + delay > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Drains the chat; returns how many events this call processed. */
  async function processChat(chatId: string): Promise<number> {
    let processed = 0;
    for (;;) {
      const token = randomUUID();
      if (!(await deps.store.acquireChatLease(chatId, token, LEASE_MS))) return processed;
      try {
        for (let next = await deps.store.nextPendingInbound(chatId); next; next = await deps.store.nextPendingInbound(chatId)) {
          await processOne(next);
          processed += 1;
        }
      } finally {
        await releaseLease(chatId, token);
      }
      if (!(await deps.store.nextPendingInbound(chatId))) return processed;
    }
  }

  return { processChat, events };
}

export type ChatPipeline = ReturnType<typeof createChatPipeline>;
