import type { RatingOutcome } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import { parseLangTag } from '../contracts/lang.ts';
import { caseTypeLabel } from '../domain/cases/case-labels.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import { COMMENT_MAX_CHARS, isLowScore } from '../domain/satisfaction/survey.ts';
import type { SurveyScore } from '../domain/satisfaction/survey.ts';
import type { CaseCardRow, CaseOutboxDraft } from '../store/case-outbox-store.ts';
import { recordRating, recordRatingComment, type RatingContext } from '../store/satisfaction-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { openingCard, planNewCase } from './open-case.ts';
import { caseCardMessage } from './case-card.ts';
import { k } from './survey-message.ts';
import { cardAudience } from './staff-steps.ts';

/** The rated case's refreshed card, which now shows the score (and the comment once given). */
function refreshedCard(deps: CaseServiceDeps, row: CaseCardRow): CaseOutboxDraft {
  const audience = cardAudience(row.type);
  return { to: audience, render: (lang) => caseCardMessage(row, lang, { timeZone: deps.timeZone, actor: audience, photoUrl: deps.photoUrl ?? (() => undefined) }) };
}

/** The managers' alert on a low score: the case, who handled it and their average so far, and the follow-up opened. */
export function lowScoreAlert(ctx: RatingContext, lang: Lang): string {
  const { row, score, followup, staff } = ctx;
  const kind = caseTypeLabel(row.type as CaseType, k(lang));
  const who = row.assignee?.name ?? (k(lang) === 'zh' ? '未分配' : 'unassigned');
  const average = staff ? staff.average.toFixed(1) : null;
  if (k(lang) === 'zh') {
    const stats = staff && average ? `（该处理人共 ${staff.count} 条评分，平均 ${average} 分）` : '';
    return `⚠️ 满意度低分：${kind} ${row.number} 被评 ${score}/5，处理人 ${who}${stats}。${followup ? `已开回访案件 ${followup.number}（合同 3.3.3），请跟进。` : ''}`;
  }
  const stats = staff && average ? ` (${staff.count} rating${staff.count === 1 ? '' : 's'} for them so far, average ${average})` : '';
  return `⚠️ Low satisfaction: ${kind.toLowerCase()} ${row.number} was rated ${score}/5, handled by ${who}${stats}.${followup ? ` Follow-up ${followup.number} is open (contract 3.3.3): please follow up.` : ''}`;
}

/** What the merchant later writes about a low score, passed on to the managers. */
function lowScoreComment(row: CaseCardRow, score: number, comment: string, lang: Lang): string {
  return k(lang) === 'zh' ? `${row.number}（${score}/5）的商家留言：${comment}` : `The merchant's comment on ${row.number} (${score}/5): ${comment}`;
}

/**
 * A score pressed under the survey: stored once, for the merchant's own resolved case; a low score opens a
 * 3.3.3 follow-up linked to the rated case (its `aboutCase`) and alerts the managers, all in one transaction.
 */
export async function rateCase(deps: CaseServiceDeps, input: { merchantId: string; number: string; score: SurveyScore; at: Date }): Promise<RatingOutcome> {
  const result = await recordRating(deps.prisma, {
    ...input,
    followup: (rated) => {
      const lang = parseLangTag(rated.lang) ?? 'zh-CN';
      const description = k(lang) === 'zh' ? `商家对 ${rated.number} 的满意度评分为 ${input.score}/5，请回访。` : `The merchant rated ${rated.number} ${input.score}/5: please follow up.`;
      const plan = planNewCase(deps, {
        chatId: rated.chatId,
        merchantId: input.merchantId,
        lang,
        draft: { type: 'consultation_followup', description, aboutCase: rated.number },
        at: input.at,
        requestKey: `satisfaction:${rated.id}`,
      });
      return { ...plan, outbox: openingCard(deps, 'consultation_followup') };
    },
    outbox: (ctx) => [refreshedCard(deps, ctx.row), ...(isLowScore(ctx.score) ? [{ to: 'manager' as const, render: (lang: Lang) => ({ text: lowScoreAlert(ctx, lang) }) }] : [])],
  });
  if (result.kind === 'not_rateable') return result;
  if (result.kind === 'already') return { kind: 'already', score: result.score };
  deps.onOutbox?.(result.touched);
  deps.log.info({ caseNumber: result.number, score: result.score, followup: result.followup?.number }, 'satisfaction rating stored');
  return { kind: 'rated', score: result.score, followup: result.followup };
}

/** The merchant's comment after their score: kept with the rating, shown on the card, passed to managers for a low score. */
export async function commentOnRating(deps: CaseServiceDeps, input: { merchantId: string; number: string; comment: string; at: Date }): Promise<boolean> {
  const comment = input.comment.trim().slice(0, COMMENT_MAX_CHARS);
  const stored = await recordRatingComment(deps.prisma, {
    ...input,
    comment,
    outbox: ({ row, score }) => [refreshedCard(deps, row), ...(isLowScore(score) ? [{ to: 'manager' as const, render: (lang: Lang) => ({ text: lowScoreComment(row, score, comment, lang) }) }] : [])],
  });
  if (stored) deps.onOutbox?.(stored.touched);
  return stored !== null;
}
