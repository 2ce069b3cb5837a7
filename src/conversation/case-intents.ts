import type { CaseStatus, CaseType } from '../domain/cases/case-machines.ts';
import { machineOf } from '../domain/cases/case-machines.ts';
import { normalizeInput } from '../domain/intake/index.ts';
import type { MessageFacts } from '../domain/intake/understanding.ts';
import type { CaseSummary } from '../contracts/cases.ts';
import { deadlineLine } from './case-text.ts';
import { reportPortFailure } from './confirm-draft.ts';
import { showCase, showCases, showOne } from './case-status.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

/** How many of the merchant's recent cases the bot looks at to place a message. */
const RECENT = 10;

/** Whether a case is still being handled (not in a terminal state of its machine). */
export function isOpen(summary: Pick<CaseSummary, 'type' | 'status'>): boolean {
  return !(machineOf(summary.type).terminal as readonly string[]).includes(summary.status as CaseStatus);
}

/** The merchant's recent cases, newest first; empty without a merchant or when the store fails (the caller carries on). */
export async function recentCases(turn: Turn): Promise<CaseSummary[]> {
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return [];
  try {
    const cases = await turn.deps.cases.listCases(merchantId, { limit: RECENT });
    return [...cases].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
  } catch (error) {
    turn.deps.log.warn({ err: error, chatId: turn.chat.chatId }, 'recent cases unavailable for understanding');
    return [];
  }
}

// Which kinds of case a message is about, by the words it uses ("退款怎么还没到" → a return first).
const TYPE_WORDS: ReadonlyArray<[RegExp, CaseType[]]> = [
  [/投诉|complain/, ['complaint']],
  [/换货|换的|exchange|swap|replacement/, ['exchange']],
  [/退款|退钱|钱|refund|money|paid back/, ['return', 'exchange', 'quality']],
  [/退货|退回|return/, ['return']],
  [/质量|坏|漏|裂|碎|quality|broken|defect|damaged|crack/, ['quality']],
];

function typesNamed(text: string): CaseType[] | undefined {
  const lower = normalizeInput(text.slice(0, 500)).toLowerCase();
  return TYPE_WORDS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** The case a message is about: the one it names, else the latest of the type its words name, else the only candidate. */
function caseAbout(cases: readonly CaseSummary[], text: string, facts: MessageFacts, candidates: (c: CaseSummary) => boolean): CaseSummary | undefined {
  const named = facts.caseNumber?.value;
  if (named) return cases.find((c) => c.number === named);
  const pool = cases.filter(candidates);
  const types = typesNamed(text);
  if (types) {
    for (const type of types) {
      const match = pool.find((c) => c.type === type);
      if (match) return match;
    }
  }
  return pool.length === 1 ? pool[0] : undefined;
}

/**
 * "退款怎么还没到", "Where is my money??", "投诉多久有结果": answers from the relevant open case (the one named, the
 * latest of the type the words name, or the only one open) with its status and next deadline. Never opens a case.
 */
export async function answerStatus(turn: Turn, text: string, facts: MessageFacts, cases: readonly CaseSummary[]): Promise<void> {
  if (turn.chat.merchantId === null) return say(turn, turn.m.noMerchant);
  if (facts.caseNumber) return showCase(turn, facts.caseNumber.value);
  const open = cases.filter(isOpen);
  const found = caseAbout(cases, text, facts, isOpen);
  if (found) return showOne(turn, found);
  if (open.length > 1) return showCases(turn);
  if (cases.length === 0) return say(turn, turn.m.noCases);
  say(turn, turn.m.statusNoMatch);
}

/**
 * "上次那个质量问题处理得我不满意", "差评": opens the 3.3.3 follow-up about the case meant (named, of the type the words
 * name, or the latest), linked to it, and says when staff will be in touch.
 */
export async function openFollowup(turn: Turn, text: string, facts: MessageFacts, cases: readonly CaseSummary[]): Promise<void> {
  const merchantId = turn.chat.merchantId;
  if (merchantId === null) return say(turn, turn.m.noMerchant);
  const handled = (c: CaseSummary) => c.type !== 'consultation_followup';
  const about = caseAbout(cases, text, facts, handled) ?? cases.find(handled);
  const description = (about ? `${about.number}: ${text}` : text).slice(0, 2000);
  try {
    const opened = await turn.deps.cases.openCase({
      chatId: turn.chat.chatId,
      merchantId,
      lang: turn.lang,
      draft: { type: 'consultation_followup', description, ...(about ? { aboutCase: about.number } : {}) },
      at: turn.now,
      // A retried message (same arrival time) finds the follow-up it opened.
      requestKey: `${turn.chat.chatId}:followup:${turn.now.toISOString()}`,
    });
    const lines = [turn.m.followupOpened(opened.number, about?.number)];
    if (opened.nextDeadline) lines.push(deadlineLine(turn, opened.nextDeadline));
    say(turn, lines.join('\n'));
  } catch (error) {
    reportPortFailure(turn, error, 'openCase');
  }
}
