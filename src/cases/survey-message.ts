import type { Lang } from '../contracts/lang.ts';
import { surveyActionId } from '../contracts/survey-action.ts';
import { caseTypeLabel } from '../domain/cases/case-labels.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import { SURVEY_SCORES } from '../domain/satisfaction/survey.ts';
import type { CaseCardRow, CaseOutboxDraft } from '../store/case-outbox-store.ts';

/** The catalogue key ('zh' | 'en') of a chat language. */
export const k = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

/**
 * The survey (6.2.3) sent with the notice of the step that resolves a case: five score buttons, and the
 * merchant is told a comment is welcome. Written in the merchant chat's language.
 */
export function surveyDraft(row: CaseCardRow): CaseOutboxDraft {
  return {
    to: 'merchant',
    render: (lang) => {
      const kind = caseTypeLabel(row.type as CaseType, k(lang));
      const text =
        k(lang) === 'zh'
          ? `请为${kind} ${row.number} 的处理打个分：1 分非常不满意，5 分非常满意。打分后也欢迎直接回复留言，告诉我们哪里做得好、哪里要改进。`
          : `How satisfied are you with how we handled your ${kind.toLowerCase()} ${row.number}? Tap a score: 1 = very dissatisfied, 5 = very satisfied. After that, a comment is welcome too: just reply here.`;
      const buttons = SURVEY_SCORES.map((score) => ({ id: surveyActionId(score, row.number), label: k(lang) === 'zh' ? `${score} 分` : `${score}` }));
      return { text, buttons };
    },
  };
}
