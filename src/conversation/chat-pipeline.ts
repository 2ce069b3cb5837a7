import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../log.ts';
import { asCodedError } from '../errors.ts';
import type { ChatContext, Orchestrator, Reply } from '../contracts/conversation.ts';
import type { Completion, ConversationStore, PendingInbound } from '../contracts/pipeline.ts';
import type { Lang } from '../contracts/lang.ts';

/**
 * Emits `processed` with the inbound id once its replies are stored, and the replies themselves
 * when this pipeline stored them: a request waiting in this process takes them from here.
 */
export type PipelineEvents = EventEmitter<{ processed: [inboundId: bigint, replies?: Reply[]] }>;

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
  /** Set when the job's event is not in this database (a job of another database's queue): nothing was done. */
  unknownEvent?: true;
}

const apology: Record<Lang, string> = {
  'zh-CN': '抱歉，处理您的消息时出错了。消息已保存，工作人员会查看。请稍后再试，或发送“帮助”。',
  en: 'Sorry, something went wrong while handling your message. It has been saved and staff will look at it. Please try again later, or send "help".',
};

/**
 * Processes a chat's pending inbound events strictly in arrival order.
 * A database lease makes one worker at a time own a chat, whichever process it runs in. Taking it
 * reads the first pending event in the same statement, and completing an event reads the next one
 * and, when none is left, releases the lease in that statement too: an idle chat's message costs
 * two statements. A worker that finds the lease held marks it wanted, and the holder then looks
 * again before letting go, so an event stored while the holder was finishing is never stranded.
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

  async function processOne(pending: PendingInbound, leaseToken: string): Promise<Completion> {
    const { chat } = pending;
    let replies: Reply[];
    let completion: Completion;
    try {
      const result = await deps.orchestrator.handle(chat, pending.input);
      replies = result.replies;
      completion = await deps.store.completeInbound({ inboundId: pending.id, chatId: chat.chatId, replies, state: result.state, lang: result.lang, leaseToken });
    } catch (error) {
      const coded = asCodedError(error);
      const attempts = await deps.store.recordInboundFailure(pending.id, coded.code);
      deps.log.error({ err: coded, inboundId: String(pending.id), chatId: chat.chatId, attempts }, 'conversation failed');
      if (attempts < MAX_ATTEMPTS) throw coded;
      replies = [{ text: apology[chat.lang] }];
      completion = await deps.store.completeInbound({ inboundId: pending.id, chatId: chat.chatId, replies, state: chat.state, lang: chat.lang, leaseToken });
    }
    // Replies this pipeline stored go to a request waiting in this process as they are; none otherwise (it reads them).
    events.emit('processed', pending.id, completion.done ? replies : undefined);
    deps.onCompleted?.(chat);
    return completion;
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
   * when that lease ends (`busyUntil`): that worker will process them, and the caller retries then
   * only in case it died. `jobInboundId`, the event a job names, is checked to exist first.
   */
  async function processChat(chatId: string, leaseMs = LEASE_MS, jobInboundId?: bigint): Promise<DrainResult> {
    for (;;) {
      const token = randomUUID();
      const claim = await deps.store.claimChat(chatId, token, leaseMs, jobInboundId);
      if (claim.kind === 'unknown') return { processed: 0, busyUntil: null, unknownEvent: true };
      if (claim.kind === 'idle') return { processed: 0, busyUntil: null };
      if (claim.kind === 'busy') {
        if (claim.remainingMs !== null) return { processed: 0, busyUntil: new Date(Date.now() + claim.remainingMs) };
        continue;
      }
      let processed = 0;
      let letGo = false;
      const stop = heartbeat(chatId, token, leaseMs);
      try {
        let next = claim.next ?? (await deps.store.nextPendingInbound(chatId));
        for (;;) {
          if (!next) {
            // Nothing seen, but someone may have asked for the chat meanwhile: let go only if nobody did.
            if ((letGo = await deps.store.releaseChatLeaseIfIdle(chatId, token))) break;
            next = await deps.store.nextPendingInbound(chatId);
            continue;
          }
          const completion = await processOne(next, token);
          processed += 1;
          if (completion.released) letGo = true;
          else if (!completion.held) {
            // Another worker took the chat (this lease ran out): it drains the rest.
            deps.log.warn({ chatId }, 'chat lease lost while processing; leaving the chat to its holder');
            letGo = true;
          }
          if (letGo) break;
          next = completion.next;
        }
      } finally {
        stop();
        if (!letGo) await releaseLease(chatId, token);
      }
      return { processed, busyUntil: null };
    }
  }

  return { processChat, events };
}

export type ChatPipeline = ReturnType<typeof createChatPipeline>;
