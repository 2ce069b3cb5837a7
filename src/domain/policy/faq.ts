import { z } from 'zod';
import type { Clause } from './clauses.ts';
import { clauseById, clauseIdSchema } from './clauses.ts';
import type { Lang } from './localized-text.ts';
import { localizedTextSchema } from './localized-text.ts';
import { PolicyInvalidError } from './policy-invalid-error.ts';
import type { DeadlineName, Policy } from './policy-schema.ts';
import { MERCHANT_DEADLINE_NAMES } from './policy-schema.ts';

/** `{returnRequestWindow}`: a policy deadline, rendered from the policy in force ("7个工作日" / "7 working days"). */
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

const questionsSchema = z.strictObject({
  zh: z.array(z.string().min(2)).min(1),
  en: z.array(z.string().min(2)).min(1),
});

/**
 * One FAQ entry (policy/faq.json): question variants in both languages, an answer template grounded in the
 * cited clauses, and the topic (a tag of one of those clauses). Figures in a template are placeholders naming a
 * policy deadline, never digits, so an operator's POLICY_FILE override changes every answer with it.
 */
export const faqEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z_]*$/, 'ids are snake_case'),
  topic: z.string().regex(/^[a-z][a-z_]*$/, 'topics are snake_case clause tags'),
  clauseIds: z.array(clauseIdSchema).min(1),
  /** The contract leaves this open (or the merchant needs staff): the answer says so and a person is offered. */
  needsPerson: z.boolean(),
  questions: questionsSchema,
  answer: localizedTextSchema,
});

/** One validated FAQ entry. */
export type FaqEntry = z.infer<typeof faqEntrySchema>;

/** The FAQ file: entries with unique ids. */
export const faqSchema = z.array(faqEntrySchema).min(1);

/** The deadline names a template uses, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Validates the FAQ file against the clauses: unique ids, cited clauses exist, the topic is a tag of a cited
 * clause, every placeholder names a policy deadline and no template states a digit of its own.
 * Throws `PolicyInvalidError` (code `policy.invalid`).
 */
export function parseFaq(json: unknown, clauses: readonly Clause[]): readonly FaqEntry[] {
  const result = faqSchema.safeParse(json);
  if (!result.success) throw PolicyInvalidError.fromZod(result.error, 'faq');
  const seen = new Set<string>();
  result.data.forEach((entry, index) => {
    const at = `faq[${index}]`;
    if (seen.has(entry.id)) throw new PolicyInvalidError(`${at}.id`, `duplicate FAQ id "${entry.id}"`);
    seen.add(entry.id);
    const cited = entry.clauseIds.map((id) => {
      const clause = clauseById(clauses, id);
      if (clause === undefined) throw new PolicyInvalidError(`${at}.clauseIds`, `cites clause "${id}", which is not in the clauses file`);
      return clause;
    });
    if (!cited.some((clause) => clause.tags.includes(entry.topic))) {
      throw new PolicyInvalidError(`${at}.topic`, `topic "${entry.topic}" is not a tag of any cited clause`);
    }
    for (const lang of ['zh', 'en'] as const) {
      const template = entry.answer[lang];
      for (const name of placeholdersOf(template)) {
        if (!(MERCHANT_DEADLINE_NAMES as readonly string[]).includes(name)) throw new PolicyInvalidError(`${at}.answer.${lang}`, `placeholder {${name}} is not a policy deadline merchants are told`);
      }
      if (/[0-9０-９]/.test(template.replace(PLACEHOLDER, ''))) {
        throw new PolicyInvalidError(`${at}.answer.${lang}`, 'figures come from the policy: use a {deadline} placeholder, not a digit');
      }
    }
  });
  return result.data;
}

/** A figure a rendered answer states, with its exact words (for `StatedFigure`). */
export interface RenderedFigure {
  deadline: DeadlineName;
  value: number;
  quote: string;
}

/** "7个工作日" / "7 working days" (1 working day). */
export function workingDaysText(days: number, lang: Lang): string {
  if (lang === 'zh') return `${days}个工作日`;
  return `${days} working ${days === 1 ? 'day' : 'days'}`;
}

/** Fills an entry's answer template from the policy in force; returns the text and the figures it states. */
export function renderFaqAnswer(entry: FaqEntry, lang: Lang, policy: Policy): { text: string; figures: RenderedFigure[] } {
  const figures: RenderedFigure[] = [];
  const text = entry.answer[lang].replace(PLACEHOLDER, (_, name: string) => {
    const deadline = name as DeadlineName;
    const value = policy.deadlines[deadline].workingDays;
    const quote = workingDaysText(value, lang);
    figures.push({ deadline, value, quote });
    return quote;
  });
  return { text, figures };
}
