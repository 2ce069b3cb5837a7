import { findReceivedDate } from './date-phrases.ts';
import type { DateProblem } from './understanding.ts';

export { MAX_RECEIPT_AGE_DAYS } from './date-clock.ts';

/** Why a receipt date was refused. */
export type ReceivedDateProblem = 'unrecognized' | DateProblem;

/** A local date 'YYYY-MM-DD' never after `today`, or why none could be read. */
export type ReceivedDateResult = { ok: true; date: string } | { ok: false; problem: ReceivedDateProblem };

/**
 * Reads a whole answer to "when did you receive the goods?" relative to `today` (the local date in the business
 * zone), with the one date grammar of {@link findReceivedDate}: `2026-11-20`, `2026年11月20日`, `11月20日`, `11.20`,
 * `Nov 20`, `20 Nov 2026`, `昨天`, `前天`, `大前天`, `3天前`, `上周五`, `周五`, `3 days ago`, `the day before yesterday`,
 * `last Monday`, `today`. Never returns a date after `today` or more than a year before it; throws only when
 * `today` is not a 'YYYY-MM-DD' date.
 */
export function parseReceivedDate(raw: string, todayText: string): ReceivedDateResult {
  const found = findReceivedDate(raw, todayText);
  if (found === undefined) return { ok: false, problem: 'unrecognized' };
  return 'problem' in found ? { ok: false, problem: found.problem } : { ok: true, date: found.value };
}
