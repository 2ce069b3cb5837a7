import type { Lang } from '../contracts/lang.ts';
import type { CaseCardRow, CaseOutboxDraft } from '../store/case-outbox-store.ts';
import type { TimedDeadline, TimerNoticeBuilder } from '../store/followup-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { caseCardMessage, shortTime, stepWords } from './case-card.ts';
import { cardAudience } from './staff-steps.ts';

const zh = (lang: Lang) => lang !== 'en';

function holder(row: CaseCardRow, lang: Lang): string {
  if (row.assignee) return zh(lang) ? `负责人：${row.assignee.name}` : `Assignee: ${row.assignee.name}`;
  return zh(lang) ? '尚未认领，请认领后处理' : 'Nobody has claimed it yet';
}

/**
 * A timer's message: a new post on the desk (so people are notified; it is not the case card, which
 * a post naming the card would edit in place), headed by the reminder, with the card's facts and
 * its buttons (claim, the steps the state table allows now, their forms) plus "take over" once
 * someone holds the case, so the step is done from the reminder itself.
 */
function timerCard(deps: CaseServiceDeps, row: CaseCardRow, lang: Lang, actor: 'staff' | 'manager', headline: string) {
  const card = caseCardMessage(row, lang, { timeZone: deps.timeZone, actor, photoUrl: deps.photoUrl ?? (() => undefined) });
  const buttons = row.assigneeId === null ? card.buttons : [...card.buttons, { id: `desk:reassign:${row.number}`, label: zh(lang) ? '转给我处理' : 'Take it over' }];
  return { text: `${headline}\n${card.text}`, buttons, ...(card.payload.forms ? { payload: { forms: card.payload.forms } } : {}) };
}

/** From this share of a deadline's time on, a warning to the assignee is copied to the desk too (colleagues can step in). */
export const DESK_COPY_FROM_PERCENT = 80;

/**
 * The warning at `percent` of a deadline's business time. A claimed case's goes to the assignee as
 * a direct message on each platform where they have one (see `staffDmChats`), and from
 * {@link DESK_COPY_FROM_PERCENT} on to the desk as well; an unclaimed case's, or one whose assignee
 * has no DM on any platform that is on, goes to the desk that works the case (staff; managers for complaints).
 */
export function slaWarningNotice(deps: CaseServiceDeps, percent: number): TimerNoticeBuilder {
  return (row: CaseCardRow, deadline: TimedDeadline): CaseOutboxDraft[] => {
    const audience = cardAudience(row.type);
    const headline = (lang: Lang) =>
      zh(lang)
        ? `⏰ 时限提醒（已过 ${percent}%）：${row.number} ${stepWords(deadline.step, lang)}截止 ${shortTime(deadline.dueAt, deps.timeZone)}（${deadline.clause}）。${holder(row, lang)}`
        : `⏰ SLA reminder (${percent}% of the time gone): ${row.number} ${stepWords(deadline.step, lang).toLowerCase()} due ${shortTime(deadline.dueAt, deps.timeZone)} (${deadline.clause}). ${holder(row, lang)}`;
    const render = (lang: Lang) => timerCard(deps, row, lang, audience, headline(lang));
    if (row.assigneeId === null) return [{ to: audience, render }];
    return [{ to: 'assignee', staffId: row.assigneeId, via: deps.directMessages ?? [], orElse: audience, alsoDesk: percent >= DESK_COPY_FROM_PERCENT, render }];
  };
}

/** The breach of a deadline: an escalation to the managers, who can act or take the case over from it. */
export function slaBreachNotice(deps: CaseServiceDeps): TimerNoticeBuilder {
  return (row: CaseCardRow, deadline: TimedDeadline): CaseOutboxDraft[] => {
    const headline = (lang: Lang) =>
      zh(lang)
        ? `🚨 超时升级：${row.number} ${stepWords(deadline.step, lang)}已于 ${shortTime(deadline.dueAt, deps.timeZone)} 到期未完成（${deadline.clause}）。${holder(row, lang)}`
        : `🚨 SLA breached: ${row.number} ${stepWords(deadline.step, lang).toLowerCase()} was due ${shortTime(deadline.dueAt, deps.timeZone)} and is not done (${deadline.clause}). ${holder(row, lang)}`;
    return [{ to: 'manager', render: (lang) => timerCard(deps, row, lang, 'manager', headline(lang)) }];
  };
}
