import { normalizeInput } from './text-limits.ts';

/** Quantities the bot accepts for one request. */
export const QUANTITY_RANGE = { min: 1, max: 9999 } as const;

/** The parsed quantity or why it was refused. */
export type QuantityResult = { ok: true; value: number } | { ok: false; problem: 'format' | 'range' };

const UNIT = /\s*(?:件|个|只|台|套|箱|双|条|瓶|包|盒|张|把|支|本|份|pcs?\.?|pieces?|units?|items?|boxes|box)$/i;
const PREFIX = /^(?:数量\s*[:：]?|x|×|qty\s*[:：]?|quantity\s*[:：]?)\s*/i;
const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const EN_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, a: 1, an: 1, single: 1, dozen: 12,
};

/** Parses Chinese numerals below 10,000 (三, 十二, 两百零五); undefined when it is not one. */
export function parseChineseNumber(text: string): number | undefined {
  if (text === '' || text.length > 12 || !/^[零〇一二两三四五六七八九十百千]+$/.test(text)) return undefined;
  let total = 0;
  let digit: number | undefined;
  for (const char of text) {
    const unit = ZH_UNITS[char];
    if (unit !== undefined) {
      // "十二" starts with the unit: an implied 一.
      total += (digit ?? 1) * unit;
      digit = undefined;
    } else {
      digit = ZH_DIGITS[char];
    }
  }
  return total + (digit ?? 0);
}

/** Parses a quantity ("3", "3件", "x3", "三件", "two") within 1–9999. */
export function parseQuantity(raw: string): QuantityResult {
  const text = normalizeInput(raw).replace(PREFIX, '').replace(UNIT, '').trim().toLowerCase();
  let value: number | undefined;
  if (/^-?\d{1,12}$/.test(text)) value = Number(text);
  else value = EN_WORDS[text] ?? parseChineseNumber(text);
  if (value === undefined || !Number.isSafeInteger(value)) return { ok: false, problem: 'format' };
  if (value < QUANTITY_RANGE.min || value > QUANTITY_RANGE.max) return { ok: false, problem: 'range' };
  return { ok: true, value };
}
