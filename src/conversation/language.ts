import type { Lang } from '../contracts/lang.ts';

const han = /\p{Script=Han}/u;
const latinWord = /\p{Script=Latin}{2,}/u;
// Codes such as RT-20261124-0007 or JD2026112008151 are written the same in every language.
const code = /[\p{L}\p{N}-]*\p{N}[\p{L}\p{N}-]*/gu;

/**
 * The language a merchant writes in: any Chinese character means zh-CN, Latin words without one mean en.
 * Emoji, digits, codes with digits or other scripts alone say nothing, and the chat keeps its language.
 */
export function detectLanguage(text: string): Lang | null {
  // Only the head is read: a 10,000-character message does not need every character to tell its language.
  const head = text.slice(0, 1_000);
  if (han.test(head)) return 'zh-CN';
  if (latinWord.test(head.replace(code, ' '))) return 'en';
  return null;
}

