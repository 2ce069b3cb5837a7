import { dateOfEpochDay, epochDayOf } from '../calendar/civil-date.ts';
import { checkReceiptDay, clockOf, isoWeekdayOfEpochDay, type DateReading, type IsoWeekday } from './date-clock.ts';
import { DATE_RULES, type DatePhraseKind } from './date-grammar.ts';
import type { DateProblem, FoundDate, Span } from './understanding.ts';

/** A date phrase found in a message and what it means as a receipt date. */
export interface DatePhrase {
  kind: DatePhraseKind;
  /** [start, end) offsets into the message as received. */
  span: Span;
  /** The day ('YYYY-MM-DD', never after today, at most a year back), or why the phrase names no receipt date. */
  reading: { date: string; needsConfirm: boolean } | { problem: DateProblem };
  /**
   * What the words next to the phrase, in its own clause, say happened that day: 'receipt' ("上周五收到的",
   * "arrived on Nov 20"), 'other' (bought, ordered, shipped, sent back, complained, not yet arrived: "11月11日买的",
   * "上周就反馈过了", "说好的昨天到"), or 'none'. When both kinds stand next to it, the nearer word decides ("ordered on Nov 10 and received …").
   */
  cue: DateCue;
}

/** What the words next to a date phrase say happened on that day. */
export type DateCue = 'receipt' | 'other' | 'none';

/** A date phrase that was found but cannot be a receipt date, and where it is. */
export interface RefusedDate {
  problem: DateProblem;
  span: Span;
}

// Words looked for a few characters either side of a phrase; windows are bounded so the scan stays linear.
const RECEIPT_CUE = /收到|收货|到货|签收|送到|送达|到的|到了|才到|拿到|寄到|到手|\b(?:received?|got|gotten|arrived?|came|delivered|delivery)\b/g;
// Purchase, shipping, return-shipping, promise, complaint and discovery dates are not receipt dates, nor is a day
// on which nothing arrived ("说好的昨天到", "今天还没收到").
const OTHER_EVENT_CUE =
  /买|购|下单|下的单|拍的|付款|付的款|发|寄出|寄回|退回|说好|承诺|投诉|反馈|联系|审核|还没|没收到|未收到|没到|\b(?:ordered|bought|purchased|paid|shipped|dispatched|sent|send|sending|returned|promised|complain\w{0,4}|contacted|called|reported|approved|stuck|not yet|haven't|hasn't|didn't|still no)\b/g;
const CUE_BEFORE = 24;
const CUE_AFTER = 12;
const CLAUSE_BREAK = /[，。！？；、,;!?\n]/;

// One UTF-16 unit in, one out, so offsets into the folded text are offsets into the message.
const FOLDS: Record<string, string> = { 號: '号', 這: '这', 禮: '礼', 週: '周', 後: '后', 個: '个' };

/**
 * Folds what people type interchangeably to one form without changing any offset: full-width ASCII (１１／２０,
 * Ｎｏｖ) to ASCII, the ideographic space to a space, A–Z to a–z, and a few traditional characters to simplified.
 */
export function foldDateText(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000A-Z號這禮週後個]/g, (char) => {
    const code = char.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
    if (code === 0x3000) return ' ';
    return FOLDS[char] ?? char.toLowerCase();
  });
}

/** Monday = 1 … Sunday = 7 for a 'YYYY-MM-DD' date, for confirming a date with its weekday ("11月20日（周五）"). */
export function isoWeekdayOf(date: string): IsoWeekday {
  return isoWeekdayOfEpochDay(epochDayOf(date));
}

interface Match {
  kind: DatePhraseKind;
  start: number;
  end: number;
  reading: DateReading;
}

/**
 * Every date phrase in `text`, in order, relative to `today` ('YYYY-MM-DD' in the business time zone).
 * Overlapping phrases are settled leftmost-longest, so 大前天 is not 前天, 上周五 is not 周五 and
 * "the day before yesterday" is not "yesterday". Never throws on any text; linear in its length.
 * See date-grammar.ts for the phrases and for which readings need confirming.
 */
export function findDatePhrases(text: string, today: string): DatePhrase[] {
  const clock = clockOf(today);
  const folded = foldDateText(text);
  const matches: Match[] = [];
  for (const { kind, pattern, read } of DATE_RULES) {
    for (const match of folded.matchAll(pattern)) {
      if (match[0] === '') continue;
      const reading = read(match, clock);
      if (reading !== undefined) matches.push({ kind, start: match.index, end: match.index + match[0].length, reading });
    }
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const match of matches) {
    const last = kept.at(-1);
    if (last === undefined || match.start >= last.end) kept.push(match);
  }
  const phrases: DatePhrase[] = [];
  kept.forEach(({ kind, start, end, reading }, index) => {
    // A cue word belongs to the phrase in its own clause, not to a neighbouring date ("今天才发现，上周五收到的").
    const before = folded.slice(Math.max(kept[index - 1]?.end ?? 0, start - CUE_BEFORE), start).split(CLAUSE_BREAK).at(-1) ?? '';
    const after = folded.slice(end, Math.min(kept[index + 1]?.start ?? folded.length, end + CUE_AFTER)).split(CLAUSE_BREAK)[0] ?? '';
    const checked = checkReceiptDay(reading, clock);
    // "收到3天了" holds its receipt word.
    const receipt = folded.slice(start, end).search(RECEIPT_CUE) >= 0 ? 0 : cueDistance(RECEIPT_CUE, before, after);
    const other = cueDistance(OTHER_EVENT_CUE, before, after);
    const cue: DateCue = receipt === Infinity && other === Infinity ? 'none' : receipt <= other ? 'receipt' : 'other';
    phrases.push({
      kind,
      span: { start, end },
      reading: 'problem' in checked ? checked : { date: dateOfEpochDay(checked.day), needsConfirm: checked.needsConfirm },
      cue,
    });
  });
  return phrases;
}

/** How many characters lie between the phrase and the nearest cue word before or after it (Infinity: none). */
function cueDistance(cue: RegExp, before: string, after: string): number {
  let distance = after.search(cue);
  if (distance < 0) distance = Infinity;
  for (const match of before.matchAll(cue)) distance = Math.min(distance, before.length - match.index - match[0].length);
  return distance;
}

function rank(phrase: DatePhrase): number {
  return (phrase.cue === 'receipt' ? 0 : 2) + ('problem' in phrase.reading ? 1 : 0);
}

/**
 * The day the merchant received the goods, read from a date phrase anywhere in `text` ("订单 2026112012345
 * 上周五收到的保温杯漏水了", "got them the day before yesterday, 2 broken"), relative to `today` ('YYYY-MM-DD'
 * local). A phrase next to another event's word (买, 下单, 发货, 寄回, 反馈, ordered, shipped, sent…) is not a
 * receipt date and is skipped. Of the rest, the one next to a receipt word wins, then a readable one over a refused
 * one (明天 in "明天给我答复" is not a receipt date), then the first.
 *
 * Returns the date with its span and whether to confirm it (see date-grammar.ts), or the problem of a phrase that
 * names a day after today ('future'), a day that does not exist ('invalid', 2月30日) or more than
 * MAX_RECEIPT_AGE_DAYS back ('too_old'), or undefined when the message names no day.
 * Throws RangeError only when `today` is not a 'YYYY-MM-DD' date (a programming error).
 */
export function findReceivedDate(text: string, today: string): FoundDate | RefusedDate | undefined {
  const phrases = findDatePhrases(text, today);
  let best: DatePhrase | undefined;
  for (const phrase of phrases) {
    if (phrase.cue !== 'other' && (best === undefined || rank(phrase) < rank(best))) best = phrase;
  }
  if (best === undefined) return undefined;
  const { reading, span } = best;
  return 'problem' in reading ? { problem: reading.problem, span } : { value: reading.date, span, needsConfirm: reading.needsConfirm };
}

