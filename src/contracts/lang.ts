import { z } from 'zod';

/** Languages the bot speaks. zh-CN is the default (the contract's language). */
export const languages = ['zh-CN', 'en'] as const;
export type Lang = (typeof languages)[number];
export const langSchema = z.enum(languages);

/** Normalizes what a client or platform sends ("zh", "zh-CN", "en-US", ...) to a language we speak, or null. */
export function parseLangTag(tag: string | undefined | null): Lang | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}
