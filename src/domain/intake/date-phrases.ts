import { parseReceivedDate } from './received-date.ts';
import type { DateProblem, FoundDate, Span } from './understanding.ts';

// PLACEHOLDER (branch llm-assist): the real date reader is written on branch `date-phrases` with this signature and
// replaces this file at merge. It reads the whole text as one phrase with the existing parser.
/** The first received-date phrase in `text` and its day (or why it cannot be a receipt date), or undefined. */
export function findReceivedDate(text: string, today: string): FoundDate | { problem: DateProblem; span: Span } | undefined {
  const result = parseReceivedDate(text, today);
  const span = { start: 0, end: text.length };
  if (result.ok) return { value: result.date, span, needsConfirm: false };
  return result.problem === 'unrecognized' ? undefined : { problem: result.problem, span };
}
