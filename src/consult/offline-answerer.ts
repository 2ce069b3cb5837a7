import type { AnswerLang, StatedFigure, StructuredAnswer } from '../domain/answers/answer.ts';
import type { Clause } from '../domain/policy/clauses.ts';
import { clauseById } from '../domain/policy/clauses.ts';
import type { FaqEntry } from '../domain/policy/faq.ts';
import { renderFaqAnswer } from '../domain/policy/faq.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import type { FaqMatch, Retrieval } from './retrieval.ts';

/**
 * When the best FAQ entry is trusted: a BM25 score of at least `SURE_FAQ_SCORE`, or at least `MIN_FAQ_SCORE` with
 * two or more of the question's tokens in the matched variant (one shared word such as "tell" or "returns" is
 * chance). Measured on test/fixtures/consult/retrieval-questions.jsonl and the FAQ's own variants (every correct
 * top entry passes) and on greetings, jokes, poems, injections and off-topic questions (test/consult/retrieval.test.ts).
 */
export const MIN_FAQ_SCORE = 6.5;
export const SURE_FAQ_SCORE = 8.5;

/** The best FAQ entry when it is trusted enough to answer from, else undefined. */
export function confidentFaq(retrieval: Retrieval): FaqMatch | undefined {
  const match = retrieval.faq;
  if (match === undefined) return undefined;
  return match.score >= SURE_FAQ_SCORE || (match.score >= MIN_FAQ_SCORE && match.shared >= 2) ? match : undefined;
}

const NOT_SURE: Record<AnswerLang, string> = {
  zh: '这个问题我不确定能准确回答，不想给您错误的信息。工作人员会回复您；您也可以点“不满意，找人工”或发送“人工”。',
  en: 'I am not sure I can answer this correctly, and I do not want to give you wrong information. A member of staff will answer you; you can also press "Not satisfied, talk to a person" or send "human".',
};

const PERSON_OFFER: Record<AnswerLang, string> = {
  zh: '如需进一步说明，工作人员会回复您。',
  en: 'If you need more, a member of staff will answer you.',
};

/** What the offline answerer needs: the policy in force and the bundled clauses. */
export interface OfflineAnswererDeps {
  policy: Policy;
  clauses: readonly Clause[];
}

/** The figures a FAQ answer states, as `StatedFigure`s (all are working-day deadlines of the policy). */
function statedFigures(rendered: ReturnType<typeof renderFaqAnswer>): StatedFigure[] {
  return rendered.figures.map((f) => ({ value: f.value, unit: 'working_days', quote: f.quote }));
}

/** The FAQ entry's answer, filled from the policy in force, with its citations. */
export function faqAnswer(entry: FaqEntry, lang: AnswerLang, policy: Policy): StructuredAnswer {
  const rendered = renderFaqAnswer(entry, lang, policy);
  return { text: rendered.text, lang, clauseIds: [...entry.clauseIds], figures: statedFigures(rendered), needsPerson: entry.needsPerson, source: 'offline' };
}

/** "I am not sure; a person will answer": no figures, no citations, a person offered. */
export function notSureAnswer(lang: AnswerLang, source: StructuredAnswer['source'] = 'offline'): StructuredAnswer {
  return { text: NOT_SURE[lang], lang, clauseIds: [], figures: [], needsPerson: true, source };
}

/**
 * Deterministic answers from the FAQ and the policy object (contract 3.3.2): the matched entry's template with
 * every figure taken from policy.json, or, when no entry is trusted (`confidentFaq`), an honest "not sure" with a person offered.
 */
export function offlineAnswer(retrieval: Retrieval, lang: AnswerLang, deps: OfflineAnswererDeps): StructuredAnswer {
  const match = confidentFaq(retrieval);
  if (match === undefined) return notSureAnswer(lang);
  return faqAnswer(match.entry, lang, deps.policy);
}

const CLAUSE_FIGURE: Record<AnswerLang, RegExp> = { zh: /(\d+)个工作日/g, en: /(\d+) working days?/g };

/**
 * The safe answer after a blocked model answer (issue #16): the policy's own words and the offer of a person.
 * The FAQ answer when retrieval is confident, else the text of the best clause quoted as it stands, else "not sure".
 */
export function safeAnswer(retrieval: Retrieval, lang: AnswerLang, deps: OfflineAnswererDeps): StructuredAnswer {
  const match = confidentFaq(retrieval);
  if (match !== undefined) {
    const base = faqAnswer(match.entry, lang, deps.policy);
    return { ...base, text: match.entry.needsPerson ? base.text : `${base.text}${lang === 'zh' ? '' : ' '}${PERSON_OFFER[lang]}`, needsPerson: true, source: 'safe' };
  }
  const top = retrieval.clauses[0] === undefined ? undefined : clauseById(deps.clauses, retrieval.clauses[0].id);
  if (top === undefined || top.truncated) return notSureAnswer(lang, 'safe');
  const quoted = lang === 'zh' ? `合同第${top.id}条规定：“${top.text.zh}”` : `Clause ${top.id} of the contract says: "${top.text.en}"`;
  const text = `${quoted}${lang === 'zh' ? '' : ' '}${PERSON_OFFER[lang]}`;
  const figures: StatedFigure[] = [...text.matchAll(CLAUSE_FIGURE[lang])].map((m) => ({ value: Number(m[1]), unit: 'working_days', quote: m[0] }));
  return { text, lang, clauseIds: [top.id], figures, needsPerson: true, source: 'safe' };
}
