/*
 * Text as PostgreSQL can store it and a chat means it. PostgreSQL text (and jsonb) refuses byte 0x00, and a lone
 * UTF-16 surrogate has no UTF-8 encoding: either one reaching the database fails the insert.
 */

const nul = /\u0000/;
const nuls = /\u0000/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const loneSurrogates = new RegExp(loneSurrogate.source, 'g');
// Control characters other than tab and newline carry no meaning in a chat.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Whether a string can be stored as PostgreSQL text: no NUL, no lone surrogate. */
export function isStorableText(value: string): boolean {
  return !nul.test(value) && !loneSurrogate.test(value);
}

/** Replaces each lone surrogate with U+FFFD (what a UTF-8 decoder does with a broken sequence). */
export function replaceLoneSurrogates(value: string): string {
  return value.replace(loneSurrogates, '\uFFFD');
}

/** What a person typed, as the conversation reads it: control characters removed, CR LF as LF, lone surrogates as U+FFFD. */
export function cleanTypedText(text: string): string {
  return replaceLoneSurrogates(text.replace(controlCharacters, '').replace(/\r\n?/g, '\n'));
}

/** An identifier or a name from a platform, storable: NUL removed, lone surrogates as U+FFFD. */
export function storableText(value: string): string {
  return isStorableText(value) ? value : replaceLoneSurrogates(value.replace(nuls, ''));
}
