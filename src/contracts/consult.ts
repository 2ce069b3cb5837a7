import type { CheckResult, StructuredAnswer } from '../domain/answers/answer.ts';
import type { Lang } from './lang.ts';

/** A merchant's question for the answerer. */
export interface ConsultQuestion {
  question: string;
  /** The language the question is in (the chat follows the merchant's language). */
  lang: Lang;
  chatId: string;
  merchantId: string | null;
  at: Date;
  /** The inbound event that asked (the pipeline's): answering it again replaces its stored answer instead of adding one. */
  inboundId?: string;
}

/** A contract clause an answer relies on, for the "依据：第3.2.1条" / "Source: clause 3.2.1" line. */
export interface Citation {
  clauseId: string;
  /** The clause's section heading in the answer's language. */
  title: string;
}

/** A checked answer, ready for the conversation to render. */
export interface ConsultAnswer {
  /** The stored `ConsultationAnswer` row (the feedback buttons name it); null when nothing was stored. */
  answerId: string | null;
  answer: StructuredAnswer;
  /** The rule checker's verdict on `answer` (always "pass" for an answer that reaches a merchant). */
  check: CheckResult;
  citations: Citation[];
}

/** A stored answer, as the "not satisfied" follow-up case needs it. */
export interface StoredConsultAnswer {
  id: string;
  chatId: string;
  question: string;
  answer: string;
  lang: string;
  clauseIds: string[];
  helpful: boolean | null;
  caseId: string | null;
  /** The answer said a person would answer: the question went to the staff desks with it. */
  needsPerson: boolean;
}

/** Answers consultation questions (contract 3.3) and records what the merchant thought of an answer (3.3.3). */
export interface ConsultAnswerer {
  answer(question: ConsultQuestion): Promise<ConsultAnswer>;
  /** The answer `answerId` given in `chatId`, or null (unknown, or another chat's). */
  findAnswer?(input: { answerId: string; chatId: string }): Promise<StoredConsultAnswer | null>;
  /** Records "this helped" / "not satisfied"; `caseId` is the follow-up case opened for it. */
  recordFeedback?(input: { answerId: string; chatId: string; helpful: boolean; caseId?: string; at: Date }): Promise<void>;
}
