import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../log.ts';
import { asCodedError } from '../errors.ts';
import type { ChatContext, Orchestrator } from '../contracts/conversation.ts';
import type { ConversationStore, PendingInbound } from '../contracts/pipeline.ts';
import type { Lang } from '../contracts/lang.ts';

/** Emits `processed` with the inbound id once its replies are stored. */
export type PipelineEvents = EventEmitter<{ processed: [inboundId: bigint] }>;

/** After this many failed attempts the merchant gets an apology and the event is closed with its error kept. */
export const MAX_ATTEMPTS = 3;
/**
 * A chat lease lasts this long and is renewed every third of it while the chat is processed, so a
 * slow event keeps its chat, and a killed process (whose lease nobody renews) frees it within this.
 */
export const LEASE_MS = 15_000;

/** What one drain of a chat did: how many events it processed, and, when another worker holds the chat with events pending, until when. */
export interface DrainResult {
  processed: number;
  busyUntil: Date | null;
}

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
export function createChatPipeline(deps: {
  store: ConversationStore;
  orchestrator: Orchestrator;
  log: Logger;
  events?: PipelineEvents;
  /** Told once an event's replies are stored, so their delivery starts at once (a sweeper covers a crash in between). */
  onCompleted?: (chat: ChatContext) => void;
}) {
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
    deps.onCompleted?.(chat);
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

  /** Keeps the lease alive while the chat is processed; stopped by the returned function. */
  function heartbeat(chatId: string, token: string, leaseMs: number): () => void {
    const timer = setInterval(() => {
      deps.store.renewChatLease(chatId, token, leaseMs).then(
        (held) => held || deps.log.warn({ chatId }, 'chat lease lost while processing'),
        (error: unknown) => deps.log.warn({ err: error, chatId }, 'chat lease renewal failed'),
      );
    }, Math.max(leaseMs / 3, 50));
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Drains the chat. When another worker holds the chat's lease while events are pending, returns
   * when that lease ends (`busyUntil`), so the caller retries then instead of dropping the work.
   */
  async function processChat(chatId: string, leaseMs = LEASE_MS): Promise<DrainResult> {
    let processed = 0;
    for (;;) {
      const token = randomUUID();
      if (!(await deps.store.acquireChatLease(chatId, token, leaseMs))) {
        if (!(await deps.store.nextPendingInbound(chatId))) return { processed, busyUntil: null };
        // Read after the failed acquire: a lease released in between reads as null, and we simply try again.
        const remainingMs = await deps.store.chatLeaseRemainingMs(chatId);
        if (remainingMs !== null) return { processed, busyUntil: new Date(Date.now() + remainingMs) };
        continue;
      }
      const stop = heartbeat(chatId, token, leaseMs);
      try {
        for (let next = await deps.store.nextPendingInbound(chatId); next; next = await deps.store.nextPendingInbound(chatId)) {
          await processOne(next);
          processed += 1;
        }
      } finally {
        stop();
        await releaseLease(chatId, token);
      }
      if (!(await deps.store.nextPendingInbound(chatId))) return { processed, busyUntil: null };
    }
  }

  /** Whether the event a job names exists in this database. */
  const inboundExists = (inboundId: bigint, chatId: string) => deps.store.inboundExists(inboundId, chatId);

  return { processChat, inboundExists, events };
}

export type ChatPipeline = ReturnType<typeof createChatPipeline>;
