import type { QualityRemedy } from '../policy/policy-schema.ts';
import { normalizeInput } from './text-limits.ts';

/** Problem categories offered as buttons for a quality report. */
export const PROBLEM_CATEGORIES = ['damaged', 'defect', 'wrong_item', 'missing_parts', 'appearance', 'other'] as const;

/** A problem category. */
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

const CATEGORY_WORDS: ReadonlyArray<[ProblemCategory, RegExp]> = [
  ['wrong_item', /发错|错发|不是我(?:订|买)的|型号不对|颜色不对|\bwrong (?:item|product|size|colou?r|model)\b/],
  ['missing_parts', /缺件|少件|缺少|少了|配件不全|\bmissing\b|\bincomplete\b/],
  ['damaged', /破损|碎|裂|摔坏|压坏|变形|运输|\bdamaged?\b|\bbroken\b|\bcrack|\bshatter|\bdent/],
  ['appearance', /划痕|刮花|色差|污渍|脏|掉漆|外观|\bscratch|\bstain|\bappearance\b|\bcolou?r difference\b/],
  ['defect', /故障|不能用|用不了|不工作|失灵|坏了|坏的|没反应|开不了机|质量|\bdefect|\bfaulty\b|\bnot working\b|\bdoes(?:n't| not) work\b|\bmalfunction/],
  ['other', /^(?:其他|其它|别的|other|others|something else)$/],
];

/** The category a free-text answer names ("屏幕碎了" → damaged), or undefined. */
export function matchProblemCategory(raw: string): ProblemCategory | undefined {
  const text = normalizeInput(raw.slice(0, 500)).toLowerCase();
  return CATEGORY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}

const REMEDY_WORDS: ReadonlyArray<[QualityRemedy, RegExp]> = [
  ['refund', /退款|退钱|返款|\brefund|\bmoney back\b/],
  ['repair', /维修|修理|修一下|修好|返修|\brepair|\bfix\b/],
  ['replace', /更换|换新|换一[个件台]|换货|补发|\breplace|\bnew one\b|\bexchange\b/],
  ['other', /^(?:其他|其它|别的|都行|other|others|anything|something else)$/],
];

/** The remedy a free-text answer names ("换新的" → replace), or undefined. */
export function matchRemedy(raw: string): QualityRemedy | undefined {
  const text = normalizeInput(raw.slice(0, 300)).toLowerCase();
  return REMEDY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}
