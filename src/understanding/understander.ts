import type { LlmPort, Prompt } from '../contracts/llm.ts';
import { localDate } from '../domain/calendar/index.ts';
import { classifyMessage } from '../domain/intake/classify-message.ts';
import { extractFacts } from '../domain/intake/extract-facts.ts';
import type { Understanding, UnderstandingContext } from '../domain/intake/understanding.ts';
import { asCodedError } from '../errors.ts';
import type { AppMetrics } from '../http/metrics.ts';
import type { Logger } from '../log.ts';
import { ambiguityOf } from './ambiguity.ts';
import { assistReplySchema } from './assist-reply.ts';
import { mergeAssist } from './merge-assist.ts';

/** Reads a merchant's message: the offline rules always, the model only for an ambiguous message and only as a suggestion. */
export interface Understander {
  /**
   * The intent and facts of `text`. `now` and `timeZone` give the business day that relative dates count from.
   * Never rejects because of the model: any model failure yields the offline understanding.
   */
  understand(text: string, ctx: UnderstandingContext, now: Date, timeZone: string): Promise<Understanding>;
}

/** What the understander needs; with `llm` it also needs the prompt file it sends (loaded at start). */
export type UnderstanderDeps = {
  log: Logger;
  metrics?: Pick<AppMetrics, 'understandingAssist'>;
} & ({ llm?: undefined } | { llm: LlmPort; prompt: Prompt });

// The model reads the head of a message; facts sit in the first lines, not in a pasted essay.
const MODEL_INPUT_CHARS = 2_000;

/**
 * The user message of a call: the merchant's text and the chat's context as a JSON object. JSON keeps the text
 * data: it cannot close a delimiter or pose as instructions, and the prompt says to treat it as data only.
 */
export function assistInput(text: string, ctx: UnderstandingContext): string {
  return JSON.stringify({
    message: text.slice(0, MODEL_INPUT_CHARS),
    context: {
      ...(ctx.draft ? { draftFlow: ctx.draft.flow, awaitingAnswerTo: ctx.draft.awaiting } : {}),
      ...(ctx.lastIntent ? { previousIntent: ctx.lastIntent } : {}),
      openCases: (ctx.openCases ?? []).map((c) => ({ type: c.type, status: c.status })),
    },
  });
}

/** Creates the understander. Without `llm` it is the offline understanding, unchanged (the default). */
export function createUnderstander(deps: UnderstanderDeps): Understander {
  const { log, metrics } = deps;
  return {
    async understand(text, ctx, now, timeZone) {
      const today = localDate(now, timeZone);
      const facts = extractFacts(text, ctx, today);
      const offline: Understanding = { intent: classifyMessage(text, ctx, facts), facts };
      const reason = deps.llm === undefined ? undefined : ambiguityOf(text, offline);
      if (deps.llm === undefined || reason === undefined) {
        metrics?.understandingAssist.inc({ outcome: 'offline' });
        return offline;
      }
      try {
        const reply = await deps.llm.structured({ prompt: deps.prompt, input: assistInput(text, ctx), schema: assistReplySchema, schemaName: 'understanding' });
        const assisted = mergeAssist({ text, offline, reply, ctx, today });
        metrics?.understandingAssist.inc({ outcome: 'assisted' });
        log.info({ assist: 'assisted', reason, prompt: deps.prompt.id, kept: assisted.kept, dropped: assisted.dropped, intentTaken: assisted.intentTaken }, 'understanding assisted by the model');
        return assisted.understanding;
      } catch (error) {
        // The merchant notices nothing: the offline reading is the answer. The client has logged the call's outcome.
        metrics?.understandingAssist.inc({ outcome: 'fallback' });
        log.info({ assist: 'fallback', reason, prompt: deps.prompt.id, code: asCodedError(error).code }, 'understanding fell back to the offline reading');
        return offline;
      }
    },
  };
}
