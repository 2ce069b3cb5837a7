import type { CaseType } from '../cases/case-machines.ts';
import { isAcknowledgement, parseCommand } from '../intake/commands.ts';
import { normalizeInput } from '../intake/text-limits.ts';

/** The survey's scores (6.2.3): 1 = very dissatisfied … 5 = very satisfied. */
export const SURVEY_SCORES = [1, 2, 3, 4, 5] as const;
export type SurveyScore = (typeof SURVEY_SCORES)[number];

/** A score at or below this alerts the managers and opens a 3.3.3 follow-up case. */
export const LOW_SCORE_MAX = 2;

/** Longest comment kept with a rating (a longer message is cut, not refused). */
export const COMMENT_MAX_CHARS = 1000;

/**
 * The transition that resolves a case of each type, after which the merchant is surveyed once:
 * the remedy given (3.1.4), the refund (3.2.4), the exchange shipped (3.2.4), the follow-up answered (3.3.3).
 * A refusal, a cancellation and the later `close` send no survey. Complaints (4.3.2) are never surveyed:
 * the only person a complaint's survey could rate is the accused or the manager judging them, and the
 * complaint itself is the merchant's feedback on staff.
 */
const RESOLVING_EVENT: Record<CaseType, string | null> = {
  quality: 'resolve',
  return: 'refund',
  exchange: 'exchange',
  consultation_followup: 'resolve',
  complaint: null,
};

/** Whether `event` on a case of `type` resolves it, so the merchant gets the survey with that step's notice. */
export function surveyAfter(type: string, event: string): boolean {
  return (RESOLVING_EVENT as Record<string, string | null | undefined>)[type] === event;
}

/** The event that, once in the case's history, lets the merchant rate it; null for types never surveyed. */
export function resolvingEvent(type: string): string | null {
  return (RESOLVING_EVENT as Record<string, string | null | undefined>)[type] ?? null;
}

/** Whether a score is low enough to alert managers and open a follow-up. */
export function isLowScore(score: number): boolean {
  return score <= LOW_SCORE_MAX;
}

// "没有了", "不用了", "no comment", "nothing else": the merchant has nothing to add.
const NO_COMMENT = /^(?:没有了?|没了|没有意见|没意见|没什么|没什么了|没啥|没啥了|不用了?|无|暂时没有|就这样吧?|no|nope|none|nothing|nothing else|no comment|no comments|that'?s all|all good|no thanks|no thank you)$/;
const DECORATION = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * Whether a message after "any comment?" declines rather than comments: an acknowledgement ("好的", "ok thanks"),
 * a skip ("跳过", "没有") or a plain "nothing to add" ("没有了", "不用了", "no comment").
 */
export function declinesComment(raw: string): boolean {
  if (raw.length > 40) return false;
  if (isAcknowledgement(raw) || parseCommand(raw)?.kind === 'skip') return true;
  const word = normalizeInput(raw).toLowerCase().replace(DECORATION, '').replace(/\s+/g, ' ');
  return NO_COMMENT.test(word) || word.split(/[,，;；、]/).every((part) => part.trim() === '' || NO_COMMENT.test(part.trim()) || isAcknowledgement(part));
}

// "我要…", "帮我…", "I want to…", "can you…": words that ask for something rather than describe what happened.
const ASKS = /我要|我想|想要|要求|申请|帮我|请帮|麻烦|能不能|能否|可以.{0,12}吗|怎么|如何|i want|i'd like|i would like|i need|please|can i|can you|could you|how do|how can|\?|？/;

/**
 * Whether a message that names a request ("换货", "return") asks for one, or only mentions it: after a score,
 * "师傅换货很快" is a comment on the exchange just made, "我要退货" a new request.
 */
export function asksForSomething(raw: string): boolean {
  return ASKS.test(normalizeInput(raw.slice(0, 500)).toLowerCase());
}
