import type { CaseDraft, CaseSummary } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import { isIsoDate } from '../domain/calendar/civil-date.ts';
import { openCase as openTransition } from '../domain/cases/apply-transition.ts';
import type { ReturnWindow, StartedDeadline } from '../domain/sla/index.ts';
import { caseCalendarLabel, caseNumberDay, planDeadlines, returnWindow } from '../domain/sla/index.ts';
import { CodedError } from '../errors.ts';
import type { NewCase } from '../store/case-store.ts';
import { insertCase } from '../store/case-store.ts';
import type { CaseOutboxBuilder } from '../store/case-outbox-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { caseCardMessage } from './case-card.ts';
import { RECEIVED_ON_INVALID } from './case-messages.ts';
import { photoPosts } from './case-thread.ts';

/** What the conversation hands over when the merchant confirmed a draft. */
export interface OpenCaseInput {
  chatId: string;
  merchantId: string;
  lang: Lang;
  draft: CaseDraft;
  at: Date;
  requestKey?: string;
}

const WINDOWED_TYPES: ReadonlySet<string> = new Set(['return', 'exchange']);

/** Opens a case: the state machine's initial status, its SLA clocks, the 3.2.1 window flag; one transaction. */
export async function openMerchantCase(deps: CaseServiceDeps, input: OpenCaseInput): Promise<CaseSummary> {
  const opened = await insertCase(deps.prisma, { ...planNewCase(deps, input), outbox: openingCard(deps, input.draft.type) });
  deps.onOutbox?.(opened.touched);
  deps.onDeadlines?.();
  return opened.summary;
}

/**
 * A new case's card: to the staff desk, or for a complaint (4.3.2) to managers only; then the
 * merchant's photos, each uploaded into the card's thread (after the card, in the same order).
 */
export function openingCard(deps: CaseServiceDeps, type: CaseDraft['type']): CaseOutboxBuilder {
  const to = type === 'complaint' ? 'manager' : 'staff';
  return (row) => [
    { to, render: (lang) => caseCardMessage(row, lang, { timeZone: deps.timeZone, actor: to, photoUrl: deps.photoUrl ?? (() => undefined) }) },
    ...photoPosts(deps, row, row.attachments.map((a) => ({ ref: a.externalRef, mimeType: a.mimeType, sizeBytes: a.sizeBytes, fileName: a.fileName }))),
  ];
}

/** Computes the rows of a new case from the domain rules; nothing is written. */
export function planNewCase(deps: CaseServiceDeps, input: OpenCaseInput): NewCase {
  const { draft, at, merchantId } = input;
  if (draft.receivedOn !== undefined && !isIsoDate(draft.receivedOn)) {
    throw new CodedError('case.draft_invalid', `receivedOn "${draft.receivedOn}" is not a YYYY-MM-DD date`, RECEIVED_ON_INVALID);
  }
  const opened = openTransition(draft.type, { actor: { kind: 'merchant', id: merchantId }, at });
  if (!opened.ok) throw new CodedError(opened.code, `a merchant may not open a ${draft.type} case`, opened.message);
  const calendar = deps.calendar();
  const deadlines = planDeadlines(opened.deadlineEffects, at, calendar, deps.policy).start;
  // 3.2.1: a late request is accepted and flagged for staff, never refused.
  const window = draft.receivedOn !== undefined && WINDOWED_TYPES.has(draft.type) ? returnWindow(draft.receivedOn, at, calendar, deps.policy, deps.timeZone) : undefined;
  const calendarLabel = caseCalendarLabel(deadlines.map((d) => ({ ...d, metAt: null, cancelledAt: null })));
  return {
    type: draft.type,
    requestKey: input.requestKey ?? null,
    status: opened.status,
    merchantId,
    chatId: input.chatId,
    lang: input.lang,
    openedAt: at,
    localDay: caseNumberDay(at, deps.timeZone),
    fields: draftFields(draft),
    outsideWindow: window !== undefined && !window.within,
    calendarLabel,
    details: { ...(window === undefined ? {} : { returnWindow: windowJson(window) }), ...(draft.aboutCase === undefined ? {} : { aboutCase: draft.aboutCase }) },
    deadlines,
    event: {
      kind: opened.event.event,
      actorId: merchantId,
      toStatus: opened.status,
      data: {
        deadlines: deadlines.map(deadlineJson),
        outsideWindow: window !== undefined && !window.within,
        ...(window === undefined ? {} : { returnWindow: windowJson(window) }),
        attachments: draft.attachments?.length ?? 0,
        ...(draft.aboutCase === undefined ? {} : { aboutCase: draft.aboutCase }),
      },
    },
    ...(draft.type === 'complaint' ? { complaint: complaintOf(draft) } : {}),
    attachments: draft.attachments ?? [],
  };
}

function draftFields(draft: CaseDraft): NewCase['fields'] {
  const { orderNumber, itemName, quantity, problemCategory, description, wishedRemedy, reason, receivedOn } = draft;
  // Absent (undefined) fields are simply not written.
  return { orderNumber, itemName, quantity, problemCategory, description, wishedRemedy, reason, receivedOn };
}

function complaintOf(draft: CaseDraft): NonNullable<NewCase['complaint']> {
  const description = draft.description ?? draft.reason ?? '';
  return draft.accusedName === undefined ? { description } : { accusedName: draft.accusedName, description };
}

function windowJson(window: ReturnWindow): { within: boolean; deadline: string; calendar: string; clause: string } {
  return { within: window.within, deadline: window.deadline.toISOString(), calendar: window.calendar, clause: window.clause };
}

/** A started deadline as event data. */
export function deadlineJson(d: StartedDeadline): { step: string; dueAt: string; calendar: string; clause: string } {
  return { step: d.step, dueAt: d.dueAt.toISOString(), calendar: d.calendar, clause: d.clause };
}
