import type { Clause } from '../../policy/clauses.ts';
import type { DeadlineName, Policy } from '../../policy/policy-schema.ts';
import { MERCHANT_DEADLINE_NAMES } from '../../policy/policy-schema.ts';
import type { StatedFigure } from '../answer.ts';
import { clauseIdsIn, segmentsOf, sentencesOf } from './text.ts';
import { readFigures } from './figure-reader.ts';

/** One policy deadline as the checker compares figures with it. */
export interface PolicyDeadline {
  name: DeadlineName;
  workingDays: number;
  clause: string;
}

/** The policy's deadlines merchants may be told: an internal service target (complaint handling) is no figure an answer may state. */
export function policyDeadlines(policy: Policy): PolicyDeadline[] {
  return MERCHANT_DEADLINE_NAMES.map((name) => ({ name, workingDays: policy.deadlines[name].workingDays, clause: policy.deadlines[name].clause }));
}

// The words that tie a figure to one deadline, most specific first: a review beats a refund beats a window
// ("退货申请…2个工作日内审核" is the review, "收到退回商品后…退款" the refund, "收到商品后…申请" the window).
const DEADLINE_WORDS: Array<[DeadlineName, RegExp]> = [
  ['returnReview', /审核|审批|批复|(?:收到|接到)(?:您的)?(?:退换货|退货|换货)?申请|review|approv|receiv(?:e|es|ed|ing) (?:your |the )?(?:\w+ )?request/i],
  ['refundOrExchangeAfterGoodsReceived', /退回(?:的)?商品|退回的|收到退货|收到退回|寄回(?:的)?商品(?:到|后)|商品到达|退货到达|到仓|完成退款|完成换货|换货操作|退款操作|(?:we|us) (?:receive|get)(?! (?:your |the )?(?:\w+ )?request)(?: (?:the|your) (?:returned )?(?:goods|product|item|parcel|package|return))?|retur?ned (?:goods|item|product)|get (?:the|your) (?:item|goods|product) back|item back|arrives?|arrival/i],
  ['returnRequestWindow', /收到商品|收到货|收货|签收|退货期限|退换货期限|退货时间|申请退|提出申请|退换货|return window|(?<!we |us )receiv(?:e|es|ed|ing) (?:the |your )?(?:goods|product|item|order|parcel|package)\b|receipt|the day you receive|delivery|delivered|request (?:a )?return|to return|request(?:ing)? returns?/i],
  ['refundOrExchangeAfterGoodsReceived', /退款|退钱|到账|refund/i],
  ['consultationFollowUpContact', /不满意|跟进|转人工|not satisf|follow(?:s|ed)?[ -]?up|ask a person/i],
  ['qualityFirstContact', /质量|反馈|联系您|与您(?:取得)?联系|quality|defect|faulty|report|contact you|get in touch|call you|reach out/i],
];

/** A figure with the deadline the text ties it to, and the clauses cited beside it. */
export interface PlacedFigure {
  figure: StatedFigure;
  /** The deadline named by the words around the figure, if any. */
  deadline?: PolicyDeadline;
  /** Clause ids cited in the same segment, else in the same sentence. */
  nearbyClauses: string[];
}

const DEADLINE_WORDS_GLOBAL = DEADLINE_WORDS.map(([name, pattern]) => [name, new RegExp(pattern.source, 'gi')] as const);

// The deadline whose words sit nearest the figure (in characters between them); ties go to the more specific words.
function deadlineByWords(text: string, figureAt: number, figureEnd: number, deadlines: readonly PolicyDeadline[]): PolicyDeadline | undefined {
  let best: { name: DeadlineName; gap: number } | undefined;
  for (const [name, pattern] of DEADLINE_WORDS_GLOBAL) {
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      const gap = end <= figureAt ? figureAt - end : match.index >= figureEnd ? match.index - figureEnd : 0;
      if (!best || gap < best.gap) best = { name, gap };
    }
  }
  return best ? deadlines.find((d) => d.name === best.name) : undefined;
}

/** Every figure of the text, placed: which deadline its words name and which clauses sit beside it. */
export function placeFigures(text: string, deadlines: readonly PolicyDeadline[]): PlacedFigure[] {
  const placed: PlacedFigure[] = [];
  for (const sentence of sentencesOf(text)) {
    for (const segment of segmentsOf(sentence.text)) {
      for (const figure of readFigures(segment.text)) {
        const at = segment.text.indexOf(figure.quote);
        const inSentence = segment.start + at;
        const deadline =
          deadlineByWords(segment.text, at, at + figure.quote.length, deadlines) ??
          deadlineByWords(sentence.text, inSentence, inSentence + figure.quote.length, deadlines);
        const inSegment = clauseIdsIn(segment.text);
        placed.push({ figure, ...(deadline ? { deadline } : {}), nearbyClauses: inSegment.length > 0 ? inSegment : clauseIdsIn(sentence.text) });
      }
    }
  }
  return placed;
}

/** Whether a figure states this deadline exactly (same number of working days). */
export function statesDeadline(figure: StatedFigure, deadline: PolicyDeadline): boolean {
  return figure.unit === 'working_days' && figure.value === deadline.workingDays;
}

/** Time units: a figure in one of these is a deadline. */
export const TIME_UNITS = new Set(['working_days', 'calendar_days', 'hours', 'weeks']);

// Tags too general to say what a clause is about.
const GENERIC_TAGS = new Set(['deadline', 'party_a_duty', 'party_b_duty', 'party_a_right', 'party_b_right', 'compliance', 'service_quality']);

/** The topical tags of a clause. */
export function topicalTags(clause: Clause): string[] {
  return clause.tags.filter((tag) => !GENERIC_TAGS.has(tag));
}

// What a question is about, from its words, as clause tags.
const QUESTION_TOPICS: Array<[RegExp, string[]]> = [
  [/退|换货|return|exchange|send .* back/i, ['return', 'exchange']],
  [/退款|退钱|到账|refund|money back|reimburs/i, ['refund', 'return']],
  [/审核|审批|review|approv/i, ['review', 'return']],
  [/质量|坏|破|瑕疵|少了|缺件|defect|faulty|broken|damage|quality|missing/i, ['product_quality']],
  [/投诉|complain|客服不|agent|staff/i, ['complaint', 'staff']],
  [/不满意|not (?:happy|satisfied)|unhappy|dissatisf|follow up/i, ['dissatisfaction', 'consultation', 'followup']],
  [/寄|地址|send|ship|address/i, ['shipping', 'return_address']],
];

/** The tags a question is about (empty when its words name none). */
export function questionTags(question: string): string[] {
  const tags = new Set<string>();
  for (const [pattern, list] of QUESTION_TOPICS) if (pattern.test(question)) for (const tag of list) tags.add(tag);
  return [...tags];
}
