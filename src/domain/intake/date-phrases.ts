import { dateOfEpochDay, epochDayOf, tryParseDate, weekdayOfEpochDay } from '../calendar/civil-date.ts';
import { parseReceivedDate } from './received-date.ts';
import { allMatches, viewOf } from './understand/text-view.ts';
import type { DateProblem, FoundDate, Span } from './understanding.ts';

/*
 * Interim date-phrase finder (the full reader is written on branch `date-phrases` with this signature; at merge
 * that one replaces this file). It finds the first date phrase in a message, with its span, and computes the day
 * with parseReceivedDate, adding the weekday phrases parseReceivedDate does not know.
 */

const WEEKDAY_ZH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const WEEKDAY_EN: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

const PHRASES = new RegExp(
  [
    '\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}\\s*[日号]?',
    '\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]?',
    '(?<![\\d月./-])\\d{1,2}\\s*[日号](?![\\d])',
    '(?<![\\d.])\\d{1,2}[./]\\d{1,2}(?![\\d.%/])',
    '\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s*\\d{4}\\b)?',
    '\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\b(?:,?\\s*\\d{4}\\b)?',
    '(?:上上|上|这|本)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天1-7]',
    '\\b(?:(?:last|this|on|past)\\s+)?(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?\\b',
    '大前天|前天|昨天|昨日|今天|今日|大后天|后天|明天|明日',
    '(?:\\d{1,3}|[一二两三四五六七八九十]{1,3})\\s*(?:天|日)(?:之)?前',
    '(?:\\d{1,2}|[一二两三四五六七八九十]{1,3})\\s*(?:个)?(?:周|星期|礼拜)(?:之)?前',
    '\\b(?:\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\\s+(?:days?|weeks?)\\s+ago\\b',
    '\\b(?:the\\s+)?day\\s+before\\s+yesterday\\b',
    '\\byesterday\\b|\\btoday\\b|\\bthis morning\\b|\\btonight\\b|\\btomorrow\\b',
    '上周|上个星期|上星期|上礼拜|\\blast week\\b',
  ].join('|'),
  'g',
);

function weekdayDate(phrase: string, today: number): number | undefined {
  const zh = /(上上|上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])/.exec(phrase);
  const en = /(last|this|on|past)?\s*(mon|tue|wed|thu|fri|sat|sun)/.exec(phrase);
  const target = zh ? WEEKDAY_ZH[zh[2] ?? ''] : en ? WEEKDAY_EN[en[2] ?? ''] : undefined;
  if (target === undefined) return undefined;
  const todayWeekday = weekdayOfEpochDay(today) || 7;
  const monday = today - (todayWeekday - 1);
  const which = zh?.[1] ?? '';
  if (which === '上上') return monday - 14 + (target - 1);
  // 上周五 and "last Friday": that weekday of the previous calendar week (weeks start on Monday).
  if (which === '上' || en?.[1] === 'last') return monday - 7 + (target - 1);
  if (which === '这' || which === '本' || en?.[1] === 'this') return monday + (target - 1);
  // "周五", "on Friday", "last Friday": the most recent one before today.
  const back = (todayWeekday - target + 7) % 7 || 7;
  return today - back;
}

/** The most recent day `day` of a month, not after today ("29号" on 4 Jan is 29 Dec). */
function dayOfMonth(day: number, today: string): string | undefined {
  if (day < 1 || day > 31) return undefined;
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let tries = 0; tries < 3; tries++) {
    const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (tryParseDate(text) && text <= today) return text;
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return undefined;
}

/** The first received-date phrase in `text` and its day (or why the day cannot be a receipt date), or undefined. */
export function findReceivedDate(text: string, today: string): FoundDate | { problem: DateProblem; span: Span } | undefined {
  if (!tryParseDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  const view = viewOf(text);
  const todayDay = epochDayOf(today);
  for (const match of allMatches(PHRASES, view.text)) {
    const phrase = match[0];
    const span = view.span(match.index, match.index + phrase.length);
    const weekday = /周|星期|礼拜|day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\b/.test(phrase) && !/前|ago|yesterday|today/.test(phrase) ? weekdayDate(phrase, todayDay) : undefined;
    if (weekday !== undefined) {
      if (weekday > todayDay) return { problem: 'future', span };
      return { value: dateOfEpochDay(weekday), span, needsConfirm: true };
    }
    const slashed = /^(\d{1,2})[./](\d{1,2})$/.exec(phrase);
    const dayOnly = /^(\d{1,2})\s*[日号]$/.exec(phrase);
    if (dayOnly) {
      const found = dayOfMonth(Number(dayOnly[1]), today);
      if (found === undefined) return { problem: 'invalid', span };
      return { value: found, span, needsConfirm: false };
    }
    const result = parseReceivedDate(slashed ? `${slashed[1]}月${slashed[2]}日` : phrase.replace(/the\s+day\s+before\s+yesterday/, '2 days ago'), today);
    if (result.ok) return { value: result.date, span, needsConfirm: false };
    if (result.problem !== 'unrecognized') return { problem: result.problem, span };
  }
  return undefined;
}
