import { linksIn } from '../text.ts';
import type { AnswerRule } from '../rule.ts';

/** links.allowed: every link starts with a configured prefix. */
export const linksAllowed: AnswerRule = {
  id: 'links.allowed',
  description: 'No links except those starting with a configured prefix.',
  check({ answer, ctx }) {
    return linksIn(answer.text)
      .filter((link) => !ctx.allowedLinks.some((prefix) => link.toLowerCase().startsWith(prefix.toLowerCase())))
      .map((link) => `link not allowed: ${link}`);
  },
};
