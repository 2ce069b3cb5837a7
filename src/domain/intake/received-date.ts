import { dateOfEpochDay, epochDayOf, tryParseDate } from '../calendar/civil-date.ts';
import { parseChineseNumber } from './quantity.ts';
import { normalizeInput } from './text-limits.ts';

/** How far back a receipt date may lie; anything older is a typo, not a delivery. */
export const MAX_RECEIPT_AGE_DAYS = 365;
// A month-day without a year that would lie ahead means last year only near the turn of the year.
const YEARLESS_LOOKBACK_DAYS = 180;

/** Why a receipt date was refused. */
export type ReceivedDateProblem = 'unrecognized' | 'invalid' | 'future' | 'too_old';

/** A local date 'YYYY-MM-DD' never after `today`, or why none could be read. */
export type ReceivedDateResult = { ok: true; date: string } | { ok: false; problem: ReceivedDateProblem };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Whole month names or their abbreviations only, so "decided 3" is not December 3.
const MONTH_NAME =
  '(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\\.?';
const FULL = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const ZH_MONTH_DAY = /(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?/;
const EN_MONTH_DAY = new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(\\d{4})\\b)?`);
const EN_DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\b(?:,?\\s*(\\d{4})\\b)?`);
const ZH_DAYS_AGO = /([0-9]{1,6}|[零〇一二两三四五六七八九十百]{1,6})\s*(?:天|日)(?:之)?前/;
const ZH_WEEKS_AGO = /([0-9]{1,4}|[一二两三四五六七八九十]{1,4})\s*(?:个)?(?:周|星期|礼拜)(?:之)?前/;
const EN_AGO = /\b(\d{1,6}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week)s?\s+ago\b/;
const EN_NUMBERS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

// Longest words first so 大前天 is not read as 前天.
const RELATIVE_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/大前天/, 3],
  [/前天|前日/, 2],
  [/昨天|昨日|\byesterday\b/, 1],
  [/今天|今日|\btoday\b|\btonight\b|\bthis morning\b/, 0],
  [/大后天/, -3],
  [/后天|\bday after tomorrow\b/, -2],
  [/明天|明日|\btomorrow\b/, -1],
  [/上周|上个星期|上星期|上礼拜|\blast week\b|\ba week ago\b/, 7],
];

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3)) + 1;
}

function checkAge(epochDay: number, today: number): ReceivedDateResult {
  if (epochDay > today) return { ok: false, problem: 'future' };
  if (today - epochDay > MAX_RECEIPT_AGE_DAYS) return { ok: false, problem: 'too_old' };
  return { ok: true, date: dateOfEpochDay(epochDay) };
}

function exactDate(year: number, month: number, day: number, today: number): ReceivedDateResult {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!tryParseDate(text)) return { ok: false, problem: 'invalid' };
  return checkAge(epochDayOf(text), today);
}

function yearlessDate(month: number, day: number, todayText: string, today: number): ReceivedDateResult {
  const year = Number(todayText.slice(0, 4));
  const thisYear = exactDate(year, month, day, today);
  if (thisYear.ok || thisYear.problem !== 'future') return thisYear;
  const lastYear = exactDate(year - 1, month, day, today);
  if (lastYear.ok && today - epochDayOf(lastYear.date) <= YEARLESS_LOOKBACK_DAYS) return lastYear;
  return thisYear;
}

function daysAgo(count: number, today: number): ReceivedDateResult {
  if (!Number.isSafeInteger(count)) return { ok: false, problem: 'invalid' };
  return checkAge(today - count, today);
}

function countOf(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  return EN_NUMBERS[token] ?? parseChineseNumber(token);
}

/**
 * Reads the day the merchant received the goods, relative to `today` (the local date in the business zone):
 * `2026-11-20`, `2026年11月20日`, `11月20日`, `Nov 20`, `20 Nov 2026`, `昨天`, `前天`, `3天前`, `3 days ago`, `today`.
 * Never returns a date after `today` or more than a year before it; never throws.
 */
export function parseReceivedDate(raw: string, todayText: string): ReceivedDateResult {
  if (!tryParseDate(todayText)) throw new RangeError(`today must be YYYY-MM-DD, got "${todayText}"`);
  const today = epochDayOf(todayText);
  // A date answer is short; looking at the head keeps every regex linear on 10,000-character messages.
  const text = normalizeInput(raw.slice(0, 300)).toLowerCase();

  const full = FULL.exec(text);
  if (full) return exactDate(Number(full[1]), Number(full[2]), Number(full[3]), today);
  const zh = ZH_MONTH_DAY.exec(text);
  if (zh) return yearlessDate(Number(zh[1]), Number(zh[2]), todayText, today);
  const enMonthDay = EN_MONTH_DAY.exec(text);
  if (enMonthDay) {
    const [, month = '', day = '', year] = enMonthDay;
    return year ? exactDate(Number(year), monthIndex(month), Number(day), today) : yearlessDate(monthIndex(month), Number(day), todayText, today);
  }
  const enDayMonth = EN_DAY_MONTH.exec(text);
  if (enDayMonth) {
    const [, day = '', month = '', year] = enDayMonth;
    return year ? exactDate(Number(year), monthIndex(month), Number(day), today) : yearlessDate(monthIndex(month), Number(day), todayText, today);
  }
  const zhAgo = ZH_DAYS_AGO.exec(text);
  const zhCount = zhAgo?.[1] === undefined ? undefined : countOf(zhAgo[1]);
  if (zhCount !== undefined) return daysAgo(zhCount, today);
  const zhWeeks = ZH_WEEKS_AGO.exec(text);
  const zhWeekCount = zhWeeks?.[1] === undefined ? undefined : countOf(zhWeeks[1]);
  if (zhWeekCount !== undefined) return daysAgo(zhWeekCount * 7, today);
  const enAgo = EN_AGO.exec(text);
  const enCount = enAgo?.[1] === undefined ? undefined : countOf(enAgo[1]);
  if (enAgo && enCount !== undefined) return daysAgo(enAgo[2] === 'week' ? enCount * 7 : enCount, today);
  for (const [pattern, offset] of RELATIVE_WORDS) {
    if (pattern.test(text)) return daysAgo(offset, today);
  }
  return { ok: false, problem: 'unrecognized' };
}
