import { messagesFor } from './messages/index.ts';
import type { ConsultAnswerer } from '../contracts/consult.ts';

export type { Citation, ConsultAnswer, ConsultAnswerer, ConsultQuestion, StoredConsultAnswer } from '../contracts/consult.ts';

/** Without an answerer (tests of the flows alone): acknowledge and promise a person, never a guessed answer. */
export function createPlaceholderAnswerer(): ConsultAnswerer {
  return {
    async answer({ lang }) {
      const text = messagesFor(lang).consultPlaceholder;
      return {
        answerId: null,
        answer: { text, lang: lang === 'en' ? 'en' : 'zh', clauseIds: [], figures: [], needsPerson: true, source: 'offline' },
        check: { verdict: 'pass', violations: [] },
        citations: [],
      };
    },
  };
}
