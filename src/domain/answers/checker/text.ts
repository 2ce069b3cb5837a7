/** Text helpers shared by the rules: sentences, comma segments, clause references, links and codes. */

/** A span of the text with its offset. */
export interface Piece {
  text: string;
  start: number;
}

function split(text: string, pattern: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[0].length;
    pieces.push({ text: text.slice(start, end), start });
    start = end;
  }
  if (start < text.length) pieces.push({ text: text.slice(start), start });
  return pieces.filter((piece) => piece.text.trim() !== '');
}

// A full stop ends a sentence only before white space or the end (so "3.2.1" and "example.com" stay whole).
const SENTENCE_END = /[。；;！？!?\n]+|\.(?=\s|$)/g;
const SEGMENT_END = /[，,：:、]+|[。；;！？!?\n]+|\.(?=\s|$)/g;

/** Sentences (split at 。；！？, newlines and a full stop before a space). */
export function sentencesOf(text: string): Piece[] {
  return split(text, SENTENCE_END);
}

/** Comma-level segments of a sentence. */
export function segmentsOf(text: string): Piece[] {
  return split(text, SEGMENT_END);
}

/** A clause id written in the text ("第3.2.1条", "clause 3.2.1", "（3.2.1）"); ids, in order, without repeats. */
export function clauseIdsIn(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(/(?<![\d.A-Za-z/])(\d{1,2}\.\d{1,2}\.\d{1,2})(?![\d.]*\d)/g)) {
    const id = match[1] ?? '';
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Links: http(s) URLs, www. addresses and bare domains with a common top-level domain. */
export function linksIn(text: string): string[] {
  const links: string[] = [];
  const pattern = /\bhttps?:\/\/[^\s，。、）)"'”<>]+|\bwww\.[^\s，。、）)"'”<>]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|cn|net|org|io|co|ly|gl|me|info|biz|app|dev|shop|top|xyz)(?:\/[^\s，。、）)"'”<>]*)?(?![\w.-]*@)/gi;
  for (const match of text.matchAll(pattern)) {
    const link = match[0].replace(/[.,;:!?]+$/, '');
    // A bare domain inside a URL already found is the same link.
    if (!links.some((known) => known.includes(link))) links.push(link);
  }
  return links;
}

/** Case numbers (RT-20261120-0003) in the text, upper-cased. */
export function caseNumbersIn(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(/(?<![A-Za-z0-9])([A-Za-z]{2,4}-\d{8}-\d{3,6})(?![A-Za-z0-9])/g)].map((m) => (m[1] ?? '').toUpperCase());
}

/** Removes what a language count must ignore: links, codes, clause ids, numbers, e-mail addresses. */
export function withoutCodes(text: string): string {
  let out = text.normalize('NFKC');
  for (const link of linksIn(out)) out = out.replace(link, ' ');
  return out
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/[A-Za-z]{2,4}-\d{8}-\d{3,6}/g, ' ')
    .replace(/\b[A-Za-z]{0,4}\d[A-Za-z0-9-]*\b/g, ' ')
    .replace(/\d+(?:\.\d+)*/g, ' ');
}

/** Whether a negation comes shortly before `index` in the sentence ("无法保证", "cannot promise", "does not provide for compensation"). */
export function negatedAt(sentence: string, index: number): boolean {
  const before = sentence.slice(Math.max(0, index - 40), index);
  return /(?:无法|不能|不会|不可能|没有|不提供|不做|不)[\u4e00-\u9fa5]{0,3}$/.test(before) || /\b(?:cannot|can't|can ?not|won't|will not|unable to|do(?:es)? not|don't|doesn't|no|not|never|without)\b(?:\s+[A-Za-z']+){0,3}\s*$/i.test(before);
}
