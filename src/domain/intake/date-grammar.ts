import {
  civilDay,
  dayOfMonth,
  dayOfMonthBack,
  mostRecentWeekday,
  weekdayOfWeek,
  yearlessDay,
  type DateClock,
  type DateReading,
  type IsoWeekday,
} from './date-clock.ts';
import { parseChineseNumber } from './quantity.ts';

/**
 * The one grammar of date phrases, zh and en. Every rule is a regex over the folded text (see date-phrases.ts:
 * ASCII lower case, full-width forms folded, same offsets as the message) and a reading relative to today.
 *
 * needsConfirm marks readings people commonly disagree on, which the bot confirms with the weekday
 * ("上周五是 11月20日（周五），对吗？") instead of guessing:
 * - every weekday phrase (上周X, 周X, last X, on X, X, this X, X last week), except zh 这周X/本周X, which is exact;
 * - week-sized phrases (上周, last week, a week ago, N周前, N weeks ago): approximate by nature;
 * - a month-day without a year that fell back into last year (12月30日 said on 4 January);
 * - a day of the month ("20号", "the 20th") that fell back into an earlier month;
 * - a numeric month-day that reads both ways (11/12, 5.6: November 12 or 11 December), or only day-first (20/11).
 * Exact: 今天/昨天/前天/大前天, today/yesterday/the day before yesterday, N天前/N days ago, dates with a year,
 * month-days in the current year, 这周X/本周X, 上个月20号, 20号 in the current month.
 *
 * Bounded quantifiers only (no nested or adjacent unbounded repeats), so every rule runs in linear time.
 */

/** Which kind of phrase a date was read from. */
export type DatePhraseKind =
  | 'relative_day'
  | 'days_ago'
  | 'weeks_ago'
  | 'last_week'
  | 'previous_week_weekday'
  | 'this_week_weekday'
  | 'next_week_weekday'
  | 'recent_weekday'
  | 'full_date'
  | 'month_day'
  | 'numeric_month_day'
  | 'day_of_month';

/** One rule: where phrases of a kind are, and what a match means (undefined: not a date after all). */
export interface DateRule {
  kind: DatePhraseKind;
  pattern: RegExp;
  read(match: RegExpExecArray, clock: DateClock): DateReading | undefined;
}

const ZH_NUM = '[零〇一二两三四五六七八九十百]';
const ZH_WEEK = '(?:周|星期|礼拜)';
// A digit names a weekday only right after the week word (周5), so "上周 5个坏了" is not Friday.
const ZH_WEEKDAY = '([一二三四五六日天]|(?<=[周期拜])[1-7])(?![0-9次遍回个趟])';
const ZH_WEEK_THEN_DAY = `${ZH_WEEK}(?:的|\\s)?${ZH_WEEK}?${ZH_WEEKDAY}`;
const EN_WEEKDAY_FULL = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const EN_WEEKDAY_ANY = '(monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)\\.?';
const EN_MONTH = '(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)';
// After a day number, "may" is the month only when no word follows ("2 may be broken" is not 2 May).
const EN_MONTH_AFTER_DAY = '(january|jan|february|feb|march|mar|april|apr|may(?!\\s{1,2}[a-z])|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)';
const EN_COUNT = '(\\d{1,6}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)';
// What follows a number pair that is a price, a ratio, a range or a count rather than a month-day.
const NOT_AFTER_NUMERIC_DATE =
  '(?![0-9]|[./-][0-9]|[a-z%]|\\s{0,2}(?:元|块|塊|角|毛|分|倍|寸|尺|斤|克|升|米|吨|折|个|件|只|套|箱|台|瓶|包|盒|天|日|周|月|年|小时|坏|破|碎|漏|裂)|\\s{1,2}(?:of|are|were|is|was|broken|damaged|cracked|pcs|pieces|items|units|days|weeks|kg|g|cm|mm|m|ml|l|lbs?|oz|inch(?:es)?|usd|rmb|yuan|dollars?|euros?)\\b)';
// What follows a day number that makes it a building, a line, a battery size or a shelf rather than a date.
const NOT_AFTER_DAY_NUMBER =
  '(?![0-9前]|\\s?(?:楼|樓|线|線|店|仓|倉|柜|台|口|门|門|房|室|院|位|床|机|機|栋|棟|单|單|电|電|码|碼|字|之前|以前|以后|之后))';

const ZH_WEEKDAYS: Record<string, IsoWeekday> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const EN_WEEKDAYS: Record<string, IsoWeekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_COUNTS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

function zhWeekday(token: string | undefined): IsoWeekday | undefined {
  if (token === undefined) return undefined;
  if (/^[1-7]$/.test(token)) return Number(token) as IsoWeekday;
  return ZH_WEEKDAYS[token];
}

function enWeekday(token: string | undefined): IsoWeekday | undefined {
  return token === undefined ? undefined : EN_WEEKDAYS[token.slice(0, 3)];
}

function enMonth(token: string | undefined): number {
  return token === undefined ? 0 : EN_MONTHS.indexOf(token.slice(0, 3)) + 1;
}

/** A count in ASCII digits, Chinese numerals or English words; undefined when it is none. */
function countOf(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (/^\d+$/.test(token)) return Number(token);
  return EN_COUNTS[token] ?? parseChineseNumber(token);
}

function daysBack(days: number | undefined, needsConfirm: boolean, clock: DateClock): DateReading | undefined {
  return days === undefined ? undefined : { day: clock.today - days, needsConfirm };
}

function exactDay(year: number, month: number, day: number): DateReading {
  const epochDay = civilDay(year, month, day);
  return epochDay === undefined ? { problem: 'invalid' } : { day: epochDay, needsConfirm: false };
}

/**
 * Two numbers that may be month-day (China, US) or day-month (UK): month first when it can be, day first when
 * only that reads, the other order when the first is refused and the second is not; confirmed unless only one
 * order is a possible month and day.
 */
function numericMonthDay(first: number, second: number, year: number | undefined, clock: DateClock): DateReading | undefined {
  const monthFirst = first >= 1 && first <= 12 && second >= 1 && second <= 31;
  const dayFirst = second >= 1 && second <= 12 && first >= 1 && first <= 31;
  if (!monthFirst && !dayFirst) return undefined;
  const ambiguous = monthFirst && dayFirst && first !== second;
  const read = (month: number, day: number, confirm: boolean): DateReading => {
    if (year === undefined) return yearlessDay(clock, month, day, confirm);
    const exact = exactDay(year, month, day);
    return 'problem' in exact ? exact : { ...exact, needsConfirm: confirm };
  };
  if (!monthFirst) return read(second, first, true);
  const primary = read(first, second, ambiguous);
  if (!ambiguous || !('problem' in primary)) return primary;
  const other = read(second, first, true);
  return 'problem' in other ? primary : other;
}

// Weekday X of the week weeksBack weeks before this one (0 this week, -1 next week); confirmed unless this week.
const weekdayInWeek = (weeksBack: number, weekday: IsoWeekday | undefined, clock: DateClock): DateReading | undefined =>
  weekday === undefined ? undefined : { day: weekdayOfWeek(clock, weeksBack, weekday), needsConfirm: weeksBack !== 0 };

const recentWeekday = (weekday: IsoWeekday | undefined, clock: DateClock): DateReading | undefined =>
  weekday === undefined ? undefined : { day: mostRecentWeekday(clock, weekday), needsConfirm: true };

function rule(kind: DatePhraseKind, source: string, read: DateRule['read']): DateRule {
  return { kind, pattern: new RegExp(source, 'g'), read };
}

/** Every date phrase the bot understands, in no particular order (overlaps are settled leftmost-longest). */
export const DATE_RULES: readonly DateRule[] = [
  // 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日
  rule('full_date', '(?<![0-9])(\\d{4})\\s{0,2}[-/.年]\\s{0,2}(\\d{1,2})\\s{0,2}[-/.月]\\s{0,2}(\\d{1,2})(?![0-9])(?:\\s{0,2}[日号])?', (m) =>
    exactDay(Number(m[1]), Number(m[2]), Number(m[3])),
  ),
  // 11/20/2026, 20.11.2026
  rule('full_date', '(?<![0-9./-])(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})(?![0-9])', (m, clock) =>
    numericMonthDay(Number(m[1]), Number(m[2]), Number(m[3]), clock),
  ),
  // 11月20日, 11月20号, 11月20
  rule('month_day', '(?<![0-9])(\\d{1,2})\\s{0,2}月\\s{0,2}(\\d{1,2})(?![0-9])(?:\\s{0,2}[日号])?', (m, clock) =>
    yearlessDay(clock, Number(m[1]), Number(m[2]), false),
  ),
  // 十一月二十日
  rule('month_day', `(?<!${ZH_NUM})(${ZH_NUM}{1,3})月(${ZH_NUM}{1,3})[日号]`, (m, clock) => {
    const month = countOf(m[1]);
    const day = countOf(m[2]);
    return month === undefined || day === undefined ? undefined : yearlessDay(clock, month, day, false);
  }),
  // Nov 20, November 20th, nov. 20, 2026
  rule('month_day', `\\b${EN_MONTH}\\.?\\s{0,2}(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s{0,2}(\\d{4})\\b)?`, (m, clock) =>
    m[3] ? exactDay(Number(m[3]), enMonth(m[1]), Number(m[2])) : yearlessDay(clock, enMonth(m[1]), Number(m[2]), false),
  ),
  // 20 Nov, on the 20th of November 2026
  rule(
    'month_day',
    `(?:\\bon\\s{1,2})?(?:\\bthe\\s{1,2})?\\b(\\d{1,2})(?:st|nd|rd|th)?\\s{0,2}(?:of\\s{1,2})?${EN_MONTH_AFTER_DAY}\\b\\.?(?:,?\\s{0,2}(\\d{4})\\b)?`,
    (m, clock) => (m[3] ? exactDay(Number(m[3]), enMonth(m[2]), Number(m[1])) : yearlessDay(clock, enMonth(m[2]), Number(m[1]), false)),
  ),
  // 11.20, 11/20, 11-20, 20/11
  rule('numeric_month_day', `(?<![0-9./\\-$¥￥€£a-z])(?<!(?:rmb|usd|cny|eur|[$¥￥€£])\\s{1,2})(\\d{1,2})[-/.](\\d{1,2})${NOT_AFTER_NUMERIC_DATE}`, (m, clock) =>
    numericMonthDay(Number(m[1]), Number(m[2]), undefined, clock),
  ),
  // 20号, 20日, 二十号
  rule('day_of_month', `(?<![0-9月./-])(\\d{1,2})\\s?[号日]${NOT_AFTER_DAY_NUMBER}`, (m, clock) => {
    const day = Number(m[1]);
    return day >= 1 && day <= 31 ? dayOfMonth(clock, day) : undefined;
  }),
  rule('day_of_month', `(?<!${ZH_NUM}|月)([一二三四五六七八九十]{1,3})号${NOT_AFTER_DAY_NUMBER}`, (m, clock) => {
    const day = countOf(m[1]);
    return day !== undefined && day >= 1 && day <= 31 ? dayOfMonth(clock, day) : undefined;
  }),
  // on the 20th ("the 3rd one" is a count, so "on" is required)
  rule('day_of_month', '\\bon\\s{1,2}the\\s{1,2}(\\d{1,2})(?:st|nd|rd|th)\\b', (m, clock) => {
    const day = Number(m[1]);
    return day >= 1 && day <= 31 ? dayOfMonth(clock, day) : undefined;
  }),
  // 上个月20号, 本月3日
  rule('day_of_month', `([上这本])个?月的?\\s?(\\d{1,2}|${ZH_NUM}{1,3})\\s?[号日]${NOT_AFTER_DAY_NUMBER}`, (m, clock) => {
    const day = countOf(m[2]);
    return day === undefined ? undefined : dayOfMonthBack(clock, m[1] === '上' ? 1 : 0, day);
  }),
  // 今天, 昨天, 前天, 大前天, 明天, 后天 …
  rule('relative_day', '大前天', (_m, clock) => daysBack(3, false, clock)),
  rule('relative_day', '(?<![之以提])前天|(?<![之以提日0-9])前日(?!期)', (_m, clock) => daysBack(2, false, clock)),
  rule('relative_day', '昨天|昨日|昨晚|昨儿|昨夜|昨早', (_m, clock) => daysBack(1, false, clock)),
  rule('relative_day', '今天|今日|今早|今晚|今儿|今晨', (_m, clock) => daysBack(0, false, clock)),
  rule('relative_day', '大后天', (_m, clock) => daysBack(-3, false, clock)),
  rule('relative_day', '(?<![售之以然最前])后天', (_m, clock) => daysBack(-2, false, clock)),
  rule('relative_day', '明天|明日|明早|明晚|明儿', (_m, clock) => daysBack(-1, false, clock)),
  rule('relative_day', '\\b(?:the\\s{1,2})?day\\s{1,2}before\\s{1,2}yesterday\\b', (_m, clock) => daysBack(2, false, clock)),
  rule('relative_day', '\\byesterday\\b|\\blast\\s{1,2}night\\b', (_m, clock) => daysBack(1, false, clock)),
  rule('relative_day', '\\btoday\\b|\\btonight\\b|\\bthis\\s{1,2}(?:morning|afternoon|evening)\\b', (_m, clock) => daysBack(0, false, clock)),
  rule('relative_day', '\\b(?:the\\s{1,2})?day\\s{1,2}after\\s{1,2}tomorrow\\b', (_m, clock) => daysBack(-2, false, clock)),
  rule('relative_day', '\\btomorrow\\b', (_m, clock) => daysBack(-1, false, clock)),
  // 3天前, 三天之前, 3 days ago; 收到3天了
  rule('days_ago', `(?<![0-9]|${ZH_NUM})(\\d{1,6}|${ZH_NUM}{1,6})\\s{0,2}[天日][之以]?前`, (m, clock) => daysBack(countOf(m[1]), false, clock)),
  rule('days_ago', `(?:收到|到货|签收|收货|到手)(?:了|已经|已|有){0,2}\\s{0,2}(\\d{1,3}|${ZH_NUM}{1,4})\\s{0,2}[天日](?![内內后後之以])了?`, (m, clock) =>
    daysBack(countOf(m[1]), false, clock),
  ),
  rule('days_ago', `\\b${EN_COUNT}\\s{0,3}days?\\s{1,3}ago\\b`, (m, clock) => daysBack(countOf(m[1]), false, clock)),
  // 一周前, 两个星期前, 2 weeks ago, a week ago
  rule('weeks_ago', `(?<![0-9]|${ZH_NUM})(\\d{1,4}|${ZH_NUM}{1,4})\\s{0,2}个?${ZH_WEEK}[之以]?前`, (m, clock) => {
    const weeks = countOf(m[1]);
    return daysBack(weeks === undefined ? undefined : weeks * 7, true, clock);
  }),
  rule('weeks_ago', `\\b${EN_COUNT}\\s{0,3}weeks?\\s{1,3}ago\\b`, (m, clock) => {
    const weeks = countOf(m[1]);
    return daysBack(weeks === undefined ? undefined : weeks * 7, true, clock);
  }),
  // 上周, last week (no weekday named): a week back, confirmed
  rule('last_week', `上个?${ZH_WEEK}`, (_m, clock) => daysBack(7, true, clock)),
  rule('last_week', '\\blast\\s{1,2}week\\b', (_m, clock) => daysBack(7, true, clock)),
  // 上周五, 上个星期三, 上礼拜天, 上周的周五, 上上周一
  rule('previous_week_weekday', `(上{1,2})个?\\s?${ZH_WEEK_THEN_DAY}`, (m, clock) => weekdayInWeek(m[1]?.length ?? 1, zhWeekday(m[2]), clock)),
  // 这周五, 本周一, 这个星期三
  rule('this_week_weekday', `[这本]个?\\s?${ZH_WEEK_THEN_DAY}`, (m, clock) => weekdayInWeek(0, zhWeekday(m[1]), clock)),
  // 下周五: a future day
  rule('next_week_weekday', `下{1,2}个?\\s?${ZH_WEEK_THEN_DAY}`, (m, clock) => weekdayInWeek(-1, zhWeekday(m[1]), clock)),
  // 周五, 星期天, 礼拜三 (not 每周一, 两周一次)
  rule('recent_weekday', `(?<![每0-9零〇一二两三四五六七八九十几个上下这本])${ZH_WEEK}${ZH_WEEKDAY}`, (m, clock) => recentWeekday(zhWeekday(m[1]), clock)),
  // last Friday, last week Friday, Friday last week
  rule('previous_week_weekday', `\\blast\\s{1,2}(?:week'?s?\\s{1,2}(?:on\\s{1,2})?)?${EN_WEEKDAY_ANY}\\b`, (m, clock) =>
    weekdayInWeek(1, enWeekday(m[1]), clock),
  ),
  rule('previous_week_weekday', `\\b${EN_WEEKDAY_FULL}\\s{1,2}(?:of\\s{1,2})?last\\s{1,2}week\\b`, (m, clock) =>
    weekdayInWeek(1, enWeekday(m[1]), clock),
  ),
  // this Friday (this week's; a Friday said on a Friday is today)
  rule('this_week_weekday', `\\bthis\\s{1,2}${EN_WEEKDAY_ANY}\\b`, (m, clock) => {
    const reading = weekdayInWeek(0, enWeekday(m[1]), clock);
    return reading && 'day' in reading ? { ...reading, needsConfirm: true } : reading;
  }),
  rule('next_week_weekday', `\\bnext\\s{1,2}${EN_WEEKDAY_ANY}\\b`, (m, clock) => weekdayInWeek(-1, enWeekday(m[1]), clock)),
  // on Friday, this past Friday, Friday
  rule('recent_weekday', `\\b(?:this\\s{1,2})?past\\s{1,2}${EN_WEEKDAY_ANY}\\b|\\bon\\s{1,2}${EN_WEEKDAY_ANY}\\b`, (m, clock) =>
    recentWeekday(enWeekday(m[1] ?? m[2]), clock),
  ),
  rule('recent_weekday', `(?<!\\bevery\\s{1,2})\\b${EN_WEEKDAY_FULL}\\b`, (m, clock) => recentWeekday(enWeekday(m[1]), clock)),
];
