import type { Span } from '../understanding.ts';

/** How much of a message the extractors read: facts sit in the first lines, not in a pasted essay. */
export const HEAD_LENGTH = 2_000;

/**
 * A message folded for matching (NFKC, lower case) that still knows where each folded character came from,
 * so a match in the folded text becomes an exact span of the message as received.
 */
export interface TextView {
  /** The message as received. */
  readonly raw: string;
  /** Its head, folded: full-width ＡＢ１２３ reads as ab123, "：" as ":". */
  readonly text: string;
  /** The same head folded but with its letter case kept (names are told by their capitals); same offsets as `text`. */
  readonly cased: string;
  /** The span of the received message that `text.slice(start, end)` was folded from. */
  span(start: number, end: number): Span;
}

/** Folds the first `HEAD_LENGTH` characters of `raw` code point by code point, keeping an offset map. */
export function viewOf(raw: string, headLength = HEAD_LENGTH): TextView {
  let text = '';
  let cased = '';
  // starts[i] / ends[i]: the received code point that folded character i came from.
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of raw.slice(0, headLength)) {
    const kept = char.normalize('NFKC');
    const folded = kept.toLowerCase();
    cased += kept.length === folded.length ? kept : folded;
    for (let i = 0; i < folded.length; i++) {
      starts.push(offset);
      ends.push(offset + char.length);
    }
    text += folded;
    offset += char.length;
  }
  return {
    raw,
    text,
    cased,
    span(start: number, end: number): Span {
      if (end <= start) {
        const at = starts[start] ?? offset;
        return { start: at, end: at };
      }
      return { start: starts[start] ?? offset, end: ends[end - 1] ?? offset };
    },
  };
}

/** The text of the received message behind folded [start, end): a fact "as the merchant wrote it". */
export function written(view: TextView, start: number, end: number): { value: string; span: Span } {
  const span = view.span(start, end);
  return { value: view.raw.slice(span.start, span.end), span };
}

/** A match in a view: where it is in the folded text. */
export interface Hit {
  start: number;
  end: number;
}

/** Every non-overlapping match of a global pattern in the folded text, as [start, end) with its groups. */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError('allMatches needs a global pattern');
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found.push(match);
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return found;
}
