import type { Lang } from '../../contracts/lang.ts';
import type { Messages } from './catalogue.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type { LocalWhen, Messages, PolicyDays } from './catalogue.ts';

const catalogues: Record<Lang, Messages> = { 'zh-CN': zh, en };

/** The message catalogue of a language. */
export function messagesFor(lang: Lang): Messages {
  return catalogues[lang];
}
