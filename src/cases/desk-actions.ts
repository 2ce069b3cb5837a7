import { z } from 'zod';
import type { FormButton, FormFieldName } from '../contracts/channel.ts';
import type { Lang } from '../contracts/lang.ts';
import { CASE_FIELDS } from '../domain/cases/case-fields.ts';
import { eventLabel } from '../domain/cases/case-labels.ts';
import { caseEventNameSchema, type CaseEventName, type CaseStatus, type CaseType } from '../domain/cases/case-machines.ts';
import { allowedEvents, transitionFor } from '../domain/cases/case-queries.ts';
import { QUALITY_REMEDIES, type QualityRemedy } from '../domain/policy/policy-schema.ts';
import type { LocalizedText } from '../domain/policy/localized-text.ts';

/**
 * Buttons on staff and manager cards carry one short grammar, `desk:<verb>:<case number>[:<remedy>]`,
 * short enough for Telegram's 64-byte callback_data. Verbs are the state tables' staff events
 * plus the desk's own: claim a case, reassign it to oneself, take over or hand back a chat.
 */
const CASE_NUMBER = /^[A-Z]{2,4}-\d{8}-\d{3,6}$/;
const deskVerbs = ['claim', 'reassign', 'takeover', 'handback'] as const;
export type DeskVerb = (typeof deskVerbs)[number];

/** A parsed desk button: a state-table step on a case, a claim, or a chat's handoff change. */
export type DeskAction =
  | { kind: 'step'; event: CaseEventName; caseNumber: string; remedy?: QualityRemedy }
  | { kind: 'claim'; subject: string }
  | { kind: 'reassign'; subject: string }
  | { kind: 'takeover'; subject: string }
  | { kind: 'handback'; subject: string };

export const deskActionSchema = z
  .string()
  .max(64)
  .transform((id, ctx): DeskAction => {
    const parts = id.split(':');
    if (parts[0] !== 'desk' || parts.length < 3 || parts.length > 4) {
      ctx.addIssue({ code: 'custom', message: 'not a desk action' });
      return z.NEVER;
    }
    const [, verb = '', subject = '', option] = parts;
    const event = caseEventNameSchema.safeParse(verb);
    const own = (deskVerbs as readonly string[]).includes(verb) ? (verb as DeskVerb) : undefined;
    const remedy = option === undefined ? undefined : (QUALITY_REMEDIES as readonly string[]).includes(option) ? (option as QualityRemedy) : null;
    // Chat actions (take over, hand back) name a chat id, not a case.
    const subjectOk = verb === 'takeover' || verb === 'handback' ? /^[A-Za-z0-9-]{8,64}$/.test(subject) : CASE_NUMBER.test(subject);
    if ((!event.success && own === undefined) || !subjectOk || remedy === null) {
      ctx.addIssue({ code: 'custom', message: 'not a desk action' });
      return z.NEVER;
    }
    if (own === 'claim') return { kind: 'claim', subject };
    if (own === 'reassign') return { kind: 'reassign', subject };
    if (own === 'takeover') return { kind: 'takeover', subject };
    if (own === 'handback') return { kind: 'handback', subject };
    return { kind: 'step', event: event.data as CaseEventName, caseNumber: subject, ...(remedy ? { remedy } : {}) };
  });

/** A step's action id. */
export function stepActionId(event: CaseEventName, caseNumber: string, remedy?: QualityRemedy): string {
  return remedy ? `desk:${event}:${caseNumber}:${remedy}` : `desk:${event}:${caseNumber}`;
}

const REMEDY_LABELS: Record<QualityRemedy, LocalizedText> = {
  replace: { zh: '更换', en: 'replace' },
  repair: { zh: '维修', en: 'repair' },
  refund: { zh: '退款', en: 'refund' },
  other: { zh: '其他', en: 'other' },
};

const FORM_FIELDS: readonly FormFieldName[] = ['reason', 'address', 'trackingNumber', 'note'];

/**
 * The buttons of a case card: claim while unassigned, then every step the state table lets
 * `actor` take from the current status. A step that needs a remedy gets one button per remedy;
 * a step that needs text (a reason, an address) asks for it first (a form).
 */
export function caseCardButtons(input: { type: CaseType; status: string; number: string; assigned: boolean; actor: 'staff' | 'manager'; lang: Lang }): FormButton[] {
  const key = input.lang === 'en' ? 'en' : 'zh';
  const buttons: FormButton[] = [];
  const events = allowedEvents(input.type, input.status as CaseStatus, input.actor);
  if (!input.assigned && events.length > 0) buttons.push({ id: `desk:claim:${input.number}`, label: key === 'zh' ? '认领' : 'Claim' });
  for (const event of events) {
    const requires = transitionFor(input.type, input.status as CaseStatus, event)?.requires ?? [];
    const label = eventLabel(event, key);
    if (requires.includes('remedy')) {
      for (const remedy of QUALITY_REMEDIES) buttons.push({ id: stepActionId(event, input.number, remedy), label: `${label}: ${REMEDY_LABELS[remedy][key]}` });
      continue;
    }
    const fields = requires.filter((f): f is FormFieldName => FORM_FIELDS.includes(f as FormFieldName));
    const button: FormButton = { id: stepActionId(event, input.number), label };
    if (fields.length > 0) {
      button.form = {
        title: `${label} · ${input.number}`,
        fields: fields.map((name) => ({ name, label: CASE_FIELDS[name].label[key], multiline: name !== 'trackingNumber' })),
      };
    }
    buttons.push(button);
  }
  return buttons;
}
