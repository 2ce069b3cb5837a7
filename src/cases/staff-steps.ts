import type { FormFieldName } from '../contracts/channel.ts';
import type { CaseActionResult } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import type { CaseEventName } from '../domain/cases/case-machines.ts';
import type { QualityRemedy } from '../domain/policy/policy-schema.ts';
import type { CaseCardRow, CaseOutboxBuilder, CaseOutboxDraft } from '../store/case-outbox-store.ts';
import { assignCase, findCaseIdByNumber } from '../store/case-assign-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { caseCardMessage } from './case-card.ts';
import { caseNotFound } from './case-messages.ts';
import { staffMessageNotice, stepNotice } from './case-notices.ts';
import { transitionCase } from './transition-case.ts';
import { asksQuestion } from '../domain/sla/merchant-reminders.ts';
import { surveyAfter } from '../domain/satisfaction/survey.ts';
import { surveyDraft } from './survey-message.ts';

/** A staff member or manager acting on a case from a card, with the name the merchant may be told. */
export interface DeskActor {
  kind: 'staff' | 'manager';
  staffId: string;
  name: string;
}

/** Who sees a case's card: complaints go to managers only (4.3.2), never to the staff they name. */
export function cardAudience(type: string): 'staff' | 'manager' {
  return type === 'complaint' ? 'manager' : 'staff';
}

/**
 * Whether the actor may see and act on a case of this type at all. A case only managers see is, to anyone
 * else, a case that does not exist: a staff member who presses a forged button naming a complaint learns
 * nothing of it (not even that it is real) and cannot claim it, which would make it theirs.
 */
export function visibleTo(type: string, actor: Pick<DeskActor, 'kind'>): boolean {
  return cardAudience(type) === 'staff' || actor.kind === 'manager';
}

/** The messages a staff change sends: the merchant's notice (if the step has one) and the refreshed card. */
function afterStep(deps: CaseServiceDeps, event: string, extra: { note?: string; staffName?: string }): CaseOutboxBuilder {
  return (row: CaseCardRow) => {
    const audience = cardAudience(row.type);
    const drafts: CaseOutboxDraft[] = [{ to: audience, render: (lang) => caseCardMessage(row, lang, { timeZone: deps.timeZone, actor: audience, photoUrl: deps.photoUrl ?? (() => undefined) }) }];
    // The notice is written in the merchant chat's language, which may differ from the case's.
    const notice = (lang: Lang) => stepNotice(event, row, lang, { ...extra, timeZone: deps.timeZone });
    if (notice('zh-CN') !== null) drafts.unshift({ to: 'merchant', render: (lang) => ({ text: notice(lang) ?? '' }) });
    // 6.2.3: the step that resolves the case also asks the merchant to rate it, in the same transaction.
    if (surveyAfter(row.type, event)) drafts.push(surveyDraft(row));
    return drafts;
  };
}

/** After a merchant's own step: only the staff card is refreshed (the conversation answers the merchant itself). */
export function refreshedCard(deps: CaseServiceDeps): CaseOutboxBuilder {
  return (row: CaseCardRow) => {
    const audience = cardAudience(row.type);
    return [{ to: audience, render: (lang) => caseCardMessage(row, lang, { timeZone: deps.timeZone, actor: audience, photoUrl: deps.photoUrl ?? (() => undefined) }) }];
  };
}

/**
 * A staff step from a card: the state table decides whether it is allowed for this actor now,
 * the inputs are validated by the domain, and the case change, the merchant's notice and the
 * updated cards commit together.
 */
export async function takeStaffStep(
  deps: CaseServiceDeps,
  input: { caseNumber: string; event: CaseEventName; remedy?: QualityRemedy; fields?: Partial<Record<FormFieldName, string>>; actor: DeskActor; at: Date },
): Promise<CaseActionResult> {
  const found = await findCaseIdByNumber(deps.prisma, input.caseNumber);
  if (found === null || !visibleTo(found.type, input.actor)) return { ok: false, code: 'case.not_found', message: caseNotFound(input.caseNumber) };
  const { reason, ...rest } = input.fields ?? {};
  const fields: Record<string, string> = Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (input.remedy) fields.remedy = input.remedy;
  return transitionCase(
    deps,
    found.id,
    { event: input.event, actor: { kind: input.actor.kind, id: input.actor.staffId }, at: input.at, ...(reason ? { reason } : {}), fields },
    afterStep(deps, input.event, { ...(rest.note ? { note: rest.note } : {}) }),
  );
}

/**
 * Claims an unassigned case for the actor; a case someone already holds is refused. With `reassign`
 * (the "take over" button of an SLA reminder or escalation) the actor takes an open case from whoever holds it.
 */
export async function claimCase(deps: CaseServiceDeps, input: { caseNumber: string; actor: DeskActor; at: Date; reassign?: boolean }): Promise<CaseActionResult> {
  const found = await findCaseIdByNumber(deps.prisma, input.caseNumber);
  if (found === null || !visibleTo(found.type, input.actor)) return { ok: false, code: 'case.not_found', message: caseNotFound(input.caseNumber) };
  const claimed = await assignCase(deps.prisma, {
    caseId: found.id,
    staffId: input.actor.staffId,
    actorKind: input.actor.kind,
    at: input.at,
    reassign: input.reassign === true,
    outbox: afterStep(deps, 'claim', { staffName: input.actor.name }),
  });
  if (claimed === null) {
    const message = input.reassign
      ? { zh: `${input.caseNumber} 已由你负责，或已结案。`, en: `${input.caseNumber} is already yours, or closed.` }
      : { zh: `${input.caseNumber} 已有人认领。`, en: `${input.caseNumber} is already claimed.` };
    return { ok: false, code: 'case.conflict', message };
  }
  deps.onOutbox?.(claimed.touched);
  return { ok: true, summary: claimed.summary };
}

/** A staff member's words to the merchant of a case (a reply in the case thread), sent through the outbox. */
export async function relayStaffMessage(deps: CaseServiceDeps, input: { caseId: string; text: string; actor: DeskActor; at: Date }): Promise<boolean> {
  const relayed = await assignCase(deps.prisma, {
    caseId: input.caseId,
    staffId: input.actor.staffId,
    actorKind: input.actor.kind,
    at: input.at,
    onlyRecord: { kind: 'staff_message', data: { length: input.text.length } },
    outbox: (row) => [{ to: 'merchant', render: (lang) => ({ text: staffMessageNotice(row.number, input.text, lang), ...(asksQuestion(input.text) ? { payload: { staffQuestion: true } } : {}) }) }],
  });
  if (relayed) deps.onOutbox?.(relayed.touched);
  return relayed !== null;
}
