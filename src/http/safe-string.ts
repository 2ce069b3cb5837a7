import { z } from 'zod';

// PostgreSQL text refuses byte 0x00, and a lone UTF-16 surrogate has no UTF-8 encoding: either one
// reaching the database is a 500. Every string field at the boundary is checked with these.
const nul = /\u0000/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const loneSurrogates = new RegExp(loneSurrogate.source, 'g');

/** Whether a string can be stored as PostgreSQL text: no NUL, no lone surrogate. */
export function isStorableText(value: string): boolean {
  return !nul.test(value) && !loneSurrogate.test(value);
}

/** Replaces each lone surrogate with U+FFFD (what a UTF-8 decoder does with a broken sequence). */
export function replaceLoneSurrogates(value: string): string {
  return value.replace(loneSurrogates, '\uFFFD');
}

/** A string field of at most `max` characters that PostgreSQL can store; anything else is a 400. */
export function safeString(field: string, max: number) {
  return z
    .string({ message: `${field} must be a string` })
    .max(max, { message: `${field} is longer than ${max} characters` })
    .refine(isStorableText, { message: `${field} contains a NUL character or a lone surrogate` });
}
