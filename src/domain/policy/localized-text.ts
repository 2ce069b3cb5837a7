import { z } from 'zod';

/** The languages the bot speaks; zh is zh-CN. */
export const LANGS = ['zh', 'en'] as const;

/** One of the bot's languages. */
export type Lang = (typeof LANGS)[number];

/** A text given in both languages; neither may be empty. */
export const localizedTextSchema = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
});

/** A text in zh-CN and en. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;
