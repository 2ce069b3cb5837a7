import { QUANTITY_RANGE, parseChineseNumber, parseQuantity } from '../quantity.ts';
import type { Found } from '../understanding.ts';
import { EN_ITEM_HEADS, ZH_ITEM_HEADS } from './item-words.ts';
import { allMatches, type TextView } from './text-view.ts';

/*
 * The number of items a request is about. A Chinese count needs its measure word (三个, 两副, 一双, 3件) and,
 * when a noun follows, that noun must be goods (两件T恤, not 一块污渍 or 一个遥控器); an English count needs
 * "of the", an item noun, or a verb of what happened to them ("2 of the mugs", "3 plates", "5 are broken").
 * Digits inside a code, a date, a duration or a price are not counts. When a message gives a total and the
 * affected part ("收到五个，其中两个坏了"), the affected part wins.
 */

const ZH_NUMBER = '\\d{1,4}|[零〇一二两三四五六七八九十百千]{1,6}|俩|仨';
// Measure words for goods; 根/颗/粒 count parts (腿断了一根, 螺丝少了几颗) unless goods follow them.
const MEASURE = '个|件|只|台|套|箱|双|条|瓶|包|盒|张|把|支|本|份|副|片|袋|罐|组|对|根|顶|枚|桶|卷|盏|部|辆|颗|粒|听|款|樽|扎|捆';
const PART_MEASURES = new Set(['根', '颗', '粒', '片', '张', '条']);
// What follows a measure word when the phrase is a duration, money or a thing that is not goods.
const NOT_GOODS = '月|多月|星期|礼拜|小时|钟头|工作日|钱|问题|人|事|地方|意思|办法|原因|理由|电话|消息|建议|要求|说法|订单|单子|客服|图|照片|视频|评价|差评|字';
const ZH_COUNT = new RegExp(`(?<![\\d.a-z第])(${ZH_NUMBER})\\s*(${MEASURE})(?!${NOT_GOODS})`, 'g');
// Characters that may follow a count without starting a noun: punctuation, verbs and adverbs of what happened.
const ZH_NOT_A_NOUN_START = /^(?:$|[\s\p{P}\p{S}\d]|都|全|也|已|还|就|又|不|没|坏|破|裂|碎|漏|断|掉|划|有|是|在|被|给|要|想|吧|啊|呀|哦|了|的|我|你|他|她|它|换|退|发|收|买|寄|其|左|右|均|共|一起|全部)/u;

const EN_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12,
};
const EN_NUMBER = '\\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\\s+)?dozen';
const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const EN_GOODS = [...new Set(EN_ITEM_HEADS)].sort((a, b) => b.length - a.length).map(escape).join('|');
// "2 of the mugs", "3 mugs", "two cups", "4 of them leak", "5 are broken", "12 pcs", "2 boxes of".
const EN_COUNT = new RegExp(
  `(?<![\\w.#-])(${EN_NUMBER})\\s+(?:of\\s+(?:the|my|them|these|those)\\b|(?:[a-z-]+\\s+){0,2}(?:${EN_GOODS})(?:e?s)?\\b|(?:pcs?|pieces?|units?|items?|boxes|packs?|sets?|pairs?)\\b|(?:are|were|came|arrived|have|had)\\b)`,
  'g',
);
// A digit count before any noun ("3 plates") when the noun is not a duration, money or rating.
const NOT_A_NOUN =
  'days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|seconds?|times?|stars?|dollars?|bucks|yuan|rmb|usd|euros?|cents?|percent|am|pm|st|nd|rd|th|kg|g|cm|mm|ml|l|inch(?:es)?|mah|w|v|ago|more|or|and|to|of|business|working|orders?|cases?|photos?|pictures?|pics?|images?|messages?|emails?|calls?|people|persons?|agents?|is|are|was|were|i|you|we|they|it|that|which|who|he|she|in|on|at|for|with|by|but|so|not|sides?|parts?|legs?|screws?';
// A day after a month name ("Nov 21") is a date, not a count.
const MONTH_BEFORE = '(?<!\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?\\s+)';
const EN_DIGIT_COUNT = new RegExp(`${MONTH_BEFORE}(?<![\\w.#-])(\\d{1,4})\\s+(?!(?:${NOT_A_NOUN})\\b)[a-z][a-z-]*`, 'g');
// A label before the count (数量 3, qty: 3), or x3 / ×3 (not the x of "box of 6").
const LABELLED = /(?:(?:数量|件数|qty|quantity|个数)\s*(?:是|为|:|=|of|should be|is)?\s*|(?<![a-z])[x×]\s*)(\d{1,4})(?![\d.])/g;

// Words before a count that make it the total received, and words around it that make it the affected part.
const TOTAL_BEFORE = /(?:收到|收了|买了|买|订了|订|下单|一共|共|总共|总计|\bordered|\bbought|\breceived|\bgot|\bpurchased|\btotal(?: of)?|\bthe|\ball|\bof the)\s*(?:了)?\s*$/;
const AFFECTED_BEFORE = /(?:其中|其中有|里面有|里有|中有|有|(?:坏|碎|裂|破|漏|断|划|错|少)了|of which|of them|\bbut|\band)\s*$/;
const AFFECTED_AFTER = /^\s*(?:的)?\s*(?:都|全|全部)?\s*(?:是|有|坏|破|裂|碎|漏|划|掉|不|没|少|发错|错|变形|凹|脏|有问题|(?:of them\s+)?(?:arrived|are|were|is|was|came|have|had|broken|damaged|cracked|leak|defect|faulty|missing|wrong|scratch))/;

const ZH_HEADS = new RegExp(`^(?:[^\\s\\p{P}\\d]{0,4}?)(?:${[...ZH_ITEM_HEADS].map((w) => escape(w.toLowerCase())).join('|')})`, 'u');

interface Candidate {
  value: number;
  start: number;
  end: number;
  role: 'affected' | 'total' | 'plain';
}

function countOf(token: string): number | undefined {
  const word = token.replace(/^a\s+/, '');
  if (/^\d+$/.test(word)) return Number(word);
  if (word === '俩') return 2;
  if (word === '仨') return 3;
  return EN_NUMBERS[word] ?? parseChineseNumber(word);
}

function roleOf(text: string, start: number, end: number): Candidate['role'] {
  const before = text.slice(Math.max(0, start - 8), start);
  const after = text.slice(end, end + 16);
  if (TOTAL_BEFORE.test(before)) return 'total';
  if (AFFECTED_BEFORE.test(before) || AFFECTED_AFTER.test(after)) return 'affected';
  return 'plain';
}

/** A Chinese count counts goods: no noun after it, or a noun that is goods (两件T恤, 3个保温杯). */
function countsGoods(text: string, measure: string, after: number): boolean {
  const rest = text.slice(after, after + 12);
  if (ZH_NOT_A_NOUN_START.test(rest)) return !PART_MEASURES.has(measure);
  return ZH_HEADS.test(rest);
}

function candidatesIn(text: string): Candidate[] {
  const found: Candidate[] = [];
  const add = (value: number | undefined, start: number, end: number, role: Candidate['role']): void => {
    if (value === undefined || value < QUANTITY_RANGE.min || value > QUANTITY_RANGE.max) return;
    if (found.some((other) => other.start < end && start < other.end)) return;
    found.push({ value, start, end, role });
  };
  for (const match of allMatches(LABELLED, text)) {
    const token = match[1] ?? '';
    const start = match.index + match[0].lastIndexOf(token);
    add(countOf(token), start, start + token.length, 'affected');
  }
  for (const match of allMatches(ZH_COUNT, text)) {
    const token = match[1] ?? '';
    if (!countsGoods(text, match[2] ?? '', match.index + match[0].length)) continue;
    add(countOf(token), match.index, match.index + token.length, roleOf(text, match.index, match.index + match[0].length));
  }
  for (const pattern of [EN_COUNT, EN_DIGIT_COUNT]) {
    for (const match of allMatches(pattern, text)) {
      const token = match[1] ?? '';
      add(countOf(token), match.index, match.index + token.length, roleOf(text, match.index, match.index + token.length));
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The quantity a message states, or undefined. */
export function findQuantityIn(view: TextView): Found<number> | undefined {
  const candidates = candidatesIn(view.text);
  const chosen = candidates.find((c) => c.role === 'affected') ?? candidates.find((c) => c.role === 'plain') ?? candidates[0];
  if (!chosen) return undefined;
  return { value: chosen.value, span: view.span(chosen.start, chosen.end) };
}

/**
 * The quantity a short answer gives when the draft asks for one: a bare "3", "三个", "3件吧", or the one number
 * of a short answer ("all of them, 6"). A question such as "运费谁出啊？" yields nothing.
 */
export function readQuantityAnswer(view: TextView): Found<number> | undefined {
  const trimmed = view.text.replace(/^[\s,.!?，。！？~～]+|[\s,.!?，。！？~～吧啊呀哈的]+$/g, '');
  const at = view.text.indexOf(trimmed);
  const body = trimmed.replace(/^(?:就|一共|共|是|有|大概|应该是)\s*/, '');
  const result = parseQuantity(body);
  if (trimmed !== '' && result.ok) return { value: result.value, span: view.span(at + trimmed.length - body.length, at + trimmed.length) };
  if (view.text.length > 40 || /[?？]/.test(view.text)) return undefined;
  // A size, a volume or a price is not a count: "运动鞋 42码", "size 42", "500 ml", "99元".
  const numbers = allMatches(/(?<![\w.#-])(?<!(?:size|尺码|码数|尺寸)\s?)\d{1,4}(?![\w.-])(?!\s*(?:码|号|寸|英寸|厘米|毫米|毫升|升|公斤|斤|克|米|元|块|%|°|cm\b|mm\b|ml\b|kg\b|inch|gb\b))/gi, view.text);
  const only = numbers.length === 1 ? numbers[0] : undefined;
  if (!only || findQuantityIn(view)) return undefined;
  const value = Number(only[0]);
  if (value < QUANTITY_RANGE.min || value > QUANTITY_RANGE.max) return undefined;
  return { value, span: view.span(only.index, only.index + only[0].length) };
}
