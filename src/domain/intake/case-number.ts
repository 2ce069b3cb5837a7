import { normalizeInput } from './text-limits.ts';

// Case numbers look like RT-20261124-0007: a type prefix, the local day, a counter.
const CASE_NUMBER_BODY = '[A-Z]{2,4}-\\d{8}-\\d{3,6}';
const IN_TEXT = new RegExp(`(?<![A-Z0-9])(${CASE_NUMBER_BODY})(?![A-Z0-9])`);
const EXACT = new RegExp(`^${CASE_NUMBER_BODY}$`);

/** The first case number in a message, upper-cased, or undefined. */
export function findCaseNumber(text: string): string | undefined {
  // Only the head of a message is searched: a case number is never buried in an essay.
  const head = normalizeInput(text.slice(0, 500)).toUpperCase();
  return IN_TEXT.exec(head)?.[1];
}

/** True when `text` is exactly a case number (used to validate button ids). */
export function isCaseNumber(text: string): boolean {
  return EXACT.test(text);
}
