import { withoutCodes } from '../text.ts';
import type { AnswerRule } from '../rule.ts';

/** The share of Han characters among Han characters and Latin letters, codes and numbers left out. */
export function hanShare(text: string): number {
  const rest = withoutCodes(text);
  const han = rest.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = rest.match(/[A-Za-z]/g)?.length ?? 0;
  // Latin letters carry less per character than Han ones: weigh a word (~5 letters) like two characters.
  const total = han + latin / 2.5;
  return total === 0 ? 0.5 : han / total;
}

/** language.matches: the answer is in the question's language (its `lang` and its script). */
export const languageMatches: AnswerRule = {
  id: 'language.matches',
  description: 'The answer is written in the question\'s language (its lang field and the script of its text; clause ids, numbers and codes aside).',
  check({ answer, ctx }) {
    const details: string[] = [];
    if (answer.lang !== ctx.questionLang) details.push(`answer says lang ${answer.lang}, question is ${ctx.questionLang}`);
    const share = hanShare(answer.text);
    if (ctx.questionLang === 'zh' && share < 0.6) details.push(`question is zh, text is mostly Latin script (${Math.round(share * 100)}% Han)`);
    if (ctx.questionLang === 'en' && share > 0.15) details.push(`question is en, text is ${Math.round(share * 100)}% Han`);
    return details;
  },
};
