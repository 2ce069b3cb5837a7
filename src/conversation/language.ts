import type { Lang } from './types.ts';

const han = /\p{Script=Han}/u;
const latinWord = /\p{Script=Latin}{2,}/u;

/**
 * The language a merchant writes in: any Chinese character means zh-CN, Latin words without one mean en.
 * Emoji, digits or other scripts alone say nothing, and the chat keeps its language.
 */
export function detectLanguage(text: string): Lang | null {
  if (han.test(text)) return 'zh-CN';
  if (latinWord.test(text)) return 'en';
  return null;
}

/** Normalizes what a client sends ("zh", "zh-CN", "en-US", ...) to a language we speak, or null. */
export function parseLangTag(tag: string | undefined): Lang | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}
