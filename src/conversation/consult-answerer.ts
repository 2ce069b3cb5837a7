import { messagesFor } from './messages/index.ts';
import type { Lang } from '../contracts/lang.ts';
import type { Reply } from '../contracts/conversation.ts';

/** A merchant's question for the answerer. */
export interface ConsultQuestion {
  question: string;
  lang: Lang;
  chatId: string;
  merchantId: string | null;
  at: Date;
}

/** Answers consultation questions (contract 3.3); the consultation issue swaps in the LLM + rule-checked one. */
export interface ConsultAnswerer {
  answer(question: ConsultQuestion): Promise<Reply[]>;
}

/** Until the real answerer exists: acknowledge and promise a person, never a guessed answer. */
export function createPlaceholderAnswerer(): ConsultAnswerer {
  return {
    async answer({ lang }) {
      return [{ text: messagesFor(lang).consultPlaceholder }];
    },
  };
}
