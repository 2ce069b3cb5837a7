import type { FigureUnit, StatedFigure } from '../answer.ts';

/*
 * Reads every duration, amount of money and percentage a text states, in zh or en, as the checker compares them
 * with the policy: Arabic digits (ASCII or full-width), Chinese numerals (一…十, 两, 二, 半, 十五, 二十), English
 * number words ("two", "forty-eight", "a week") and ranges ("三到五个工作日", "7 to 10 business days").
 * Pure; `quote` is always a verbatim substring of the text. Clause ids, case and order numbers, dates and times
 * are not figures and are not read.
 */

const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const EN_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, half: 0.5,
};

/** The value of a Chinese numeral up to 99 (一, 两, 十, 十五, 二十, 二十四, 半), or undefined. */
export function parseZhNumeral(text: string): number | undefined {
  if (text === '半') return 0.5;
  if (/^[零〇一二两三四五六七八九]$/.test(text)) return ZH_DIGITS[text];
  const match = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (!match) return undefined;
  return (match[1] ? (ZH_DIGITS[match[1]] ?? 0) : 1) * 10 + (match[2] ? (ZH_DIGITS[match[2]] ?? 0) : 0);
}

/** The value of an English number word ("seven", "forty-eight", "a"), or undefined. */
export function parseEnNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower in EN_WORDS) return EN_WORDS[lower];
  const [tens, ones] = lower.split(/[-\s]/);
  const t = tens === undefined ? undefined : EN_WORDS[tens];
  const o = ones === undefined ? undefined : EN_WORDS[ones];
  return t !== undefined && o !== undefined && t >= 20 && t % 10 === 0 && o < 10 ? t + o : undefined;
}

/** Any supported number: Arabic (full-width folded), Chinese numeral or English word. */
export function parseNumber(text: string): number | undefined {
  const folded = text.normalize('NFKC').trim();
  if (/^\d+(?:\.\d+)?$/.test(folded)) return Number(folded);
  return parseZhNumeral(folded) ?? parseEnNumber(folded);
}

const EN_NUM = '(?:\\d+(?:\\.\\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|half(?:\\s+an?)?|an?)';
const ZH_NUM = '(?:[0-9０-９]+(?:\\.[0-9]+)?|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]|半)';

// A number must not continue a code or a clause id (DD2026…, 3.2.1, RT-2026…).
const NOT_CODE_BEFORE = '(?<![A-Za-z0-9０-９.\\-_/=#])';

const ZH_UNITS: Array<[RegExp, FigureUnit, number]> = [
  [/^\s?个?\s?工作日/, 'working_days', 1],
  [/^\s?个?\s?自然日/, 'calendar_days', 1],
  [/^\s?个?日(?=内|之内|以内)/, 'calendar_days', 1],
  [/^\s?个?\s?(?:天|整天)/, 'calendar_days', 1],
  [/^\s?个?\s?(?:小时|钟头)/, 'hours', 1],
  [/^\s?分钟/, 'hours', 1 / 60],
  [/^\s?个?\s?(?:星期|礼拜)|^\s?周(?![一二三四五六日天末年])/, 'weeks', 1],
  [/^\s?个月/, 'calendar_days', 30],
  [/^\s?(?:元|块钱|元钱)/, 'yuan', 1],
  [/^\s?[%％]/, 'percent', 1],
];

const EN_UNITS: Array<[RegExp, FigureUnit, number]> = [
  [/^[\s-]+(?:business|working)[\s-]+days?\b/i, 'working_days', 1],
  [/^[\s-]+(?:calendar[\s-]+|natural[\s-]+)?days?\b/i, 'calendar_days', 1],
  [/^(?:[\s-]+(?:hours?|hrs?)\b|h\b)/i, 'hours', 1],
  [/^[\s-]+(?:minutes?|mins?)\b/i, 'hours', 1 / 60],
  [/^[\s-]+weeks?\b/i, 'weeks', 1],
  [/^[\s-]+months?\b/i, 'calendar_days', 30],
  [/^[\s-]*(?:yuan|rmb|cny|dollars?|usd|bucks)\b/i, 'yuan', 1],
  [/^\s?(?:%|％|percent\b|per cent\b)/i, 'percent', 1],
];

const RANGE_SEP = '\\s*(?:到|至|~|～|-|－|–|—|or|to)\\s*';

interface Hit {
  start: number;
  end: number;
  figure: StatedFigure;
}

function unitAfter(text: string, at: number, units: Array<[RegExp, FigureUnit, number]>): { unit: FigureUnit; factor: number; length: number } | undefined {
  const rest = text.slice(at, at + 16);
  for (const [pattern, unit, factor] of units) {
    const match = pattern.exec(rest);
    if (match) return { unit, factor, length: match[0].length };
  }
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Every figure the text states, in text order. */
export function readFigures(text: string): StatedFigure[] {
  const hits: Hit[] = [];
  const taken = (start: number, end: number) => hits.some((hit) => start < hit.end && end > hit.start);
  const push = (start: number, end: number, value: number, unit: FigureUnit) => {
    if (taken(start, end)) return;
    hits.push({ start, end, figure: { value: round(value), unit, quote: text.slice(start, end) } });
  };

  // Money before its number: ¥50, $10, RMB 200, USD 20.
  for (const match of text.matchAll(/(?:[¥￥$]|\b(?:RMB|CNY|USD)\s?)\s?([0-9０-９]+(?:[.,][0-9]+)?)/gi)) {
    const value = parseNumber((match[1] ?? '').replace(',', ''));
    if (value !== undefined) push(match.index, match.index + match[0].length, value, 'yuan');
  }
  // 百分之二十
  for (const match of text.matchAll(/百分之([0-9０-９]+|[一二两三四五六七八九]?十?[一二三四五六七八九]?|百)/g)) {
    const value = match[1] === '百' ? 100 : parseNumber(match[1] ?? '');
    if (value !== undefined) push(match.index, match.index + match[0].length, value, 'percent');
  }
  // Chinese: number (optionally a range) then unit; "半个月", "一周", "两个工作日", "三到五个工作日".
  const zh = new RegExp(`${NOT_CODE_BEFORE}(${ZH_NUM})(?:${RANGE_SEP}(${ZH_NUM}))?`, 'g');
  for (const match of text.matchAll(zh)) {
    const end = match.index + match[0].length;
    const before = text.slice(Math.max(0, match.index - 1), match.index);
    if (before === '月' || before === '第' || before === '周' || before === '星' ) continue;
    const unit = unitAfter(text, end, ZH_UNITS);
    if (!unit) continue;
    const first = parseNumber(match[1] ?? '');
    const second = match[2] === undefined ? undefined : parseNumber(match[2]);
    if (first === undefined) continue;
    if (second !== undefined) {
      const secondStart = match.index + match[0].length - (match[2]?.length ?? 0);
      push(secondStart, end + unit.length, second * unit.factor, unit.unit);
      push(match.index, match.index + (match[1]?.length ?? 0), first * unit.factor, unit.unit);
      // The first number of a range has no unit of its own; its quote is the whole range.
      const last = hits.at(-1);
      if (last && last.start === match.index) {
        last.end = end + unit.length;
        last.figure.quote = text.slice(match.index, end + unit.length);
      }
    } else push(match.index, end + unit.length, first * unit.factor, unit.unit);
  }
  // English: number word or digits (optionally a range) then unit.
  const en = new RegExp(`(?<![A-Za-z0-9.\\-_/=#])(${EN_NUM})(?:${RANGE_SEP}(${EN_NUM}))?(?![A-Za-z0-9])`, 'gi');
  for (const match of text.matchAll(en)) {
    const end = match.index + match[0].length;
    const unit = unitAfter(text, end, EN_UNITS);
    if (!unit) continue;
    const word = (match[1] ?? '').toLowerCase();
    // "half a day", "half an hour"
    const first = word.startsWith('half') ? 0.5 : parseNumber(match[1] ?? '');
    const second = match[2] === undefined ? undefined : parseNumber(match[2]);
    if (first === undefined) continue;
    // "a"/"an" count only before a time unit ("a week"), never before money or a percentage.
    if ((word === 'a' || word === 'an') && (unit.unit === 'yuan' || unit.unit === 'percent')) continue;
    if (second !== undefined) {
      const secondStart = end - (match[2]?.length ?? 0);
      push(secondStart, end + unit.length, second * unit.factor, unit.unit);
      if (!taken(match.index, secondStart)) hits.push({ start: match.index, end: end + unit.length, figure: { value: round(first * unit.factor), unit: unit.unit, quote: text.slice(match.index, end + unit.length) } });
    } else push(match.index, end + unit.length, first * unit.factor, unit.unit);
  }
  return hits.sort((a, b) => a.start - b.start).map((hit) => hit.figure);
}

/** Renders a working-day, hour, week or money figure the ways answers write it (for tests and the docs). */
export const FIGURE_UNIT_WORDS: Record<FigureUnit, { zh: string; en: string }> = {
  working_days: { zh: '个工作日', en: ' working days' },
  calendar_days: { zh: '天', en: ' days' },
  hours: { zh: '小时', en: ' hours' },
  weeks: { zh: '周', en: ' weeks' },
  yuan: { zh: '元', en: ' yuan' },
  percent: { zh: '%', en: '%' },
  count: { zh: '次', en: ' times' },
};
