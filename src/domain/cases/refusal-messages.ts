import type { LocalizedText } from '../policy/localized-text.ts';
import type { ActorKind } from './actors.ts';
import { effectiveActors } from './actors.ts';
import type { CaseFieldName } from './case-fields.ts';
import { CASE_FIELDS } from './case-fields.ts';
import { actorLabel, caseTypeLabel, eventLabel, statusLabel } from './case-labels.ts';
import type { CaseEventName, CaseStatus, CaseType } from './case-machines.ts';
import { machineOf } from './case-machines.ts';

const REVIEWED: LocalizedText = {
  zh: '该申请已审核，不能再取消。',
  en: 'This request has already been reviewed and can no longer be cancelled.',
};
const GOODS_ON_THEIR_WAY: LocalizedText = {
  zh: '退回的商品已寄出，该申请不能再取消。',
  en: 'The goods are already on their way back, so this request can no longer be cancelled.',
};

const STAFF_CONTACTED: LocalizedText = {
  zh: '工作人员已与您联系并在处理，该质量问题报告不能再取消。',
  en: 'Staff have already contacted you and are handling this report, so it can no longer be cancelled.',
};
const FOLLOWED_UP: LocalizedText = {
  zh: '工作人员已跟进您的问题，不能再取消。',
  en: 'Staff have already followed up on your question, so it can no longer be cancelled.',
};

// Cancelling is the refusal merchants meet most, so it gets a reason in their terms rather than a status name.
const CANCEL_REFUSALS: { readonly [T in CaseType]?: Partial<Record<CaseStatus<T>, LocalizedText>> } = {
  quality: { contacted: STAFF_CONTACTED, in_progress: STAFF_CONTACTED, resolved: STAFF_CONTACTED },
  return: {
    rejected: REVIEWED,
    goods_shipped: GOODS_ON_THEIR_WAY,
    goods_received: GOODS_ON_THEIR_WAY,
    refunded: { zh: '退款已完成，该申请不能再取消。', en: 'The refund has already been made, so this request can no longer be cancelled.' },
  },
  exchange: {
    rejected: REVIEWED,
    goods_shipped: GOODS_ON_THEIR_WAY,
    goods_received: GOODS_ON_THEIR_WAY,
    exchanged: { zh: '换货已完成，该申请不能再取消。', en: 'The exchange has already been made, so this request can no longer be cancelled.' },
  },
  consultation_followup: { contacted: FOLLOWED_UP, resolved: FOLLOWED_UP },
};

/** The event does not exist for this case type at all. */
export function eventNotInTable(type: CaseType, event: CaseEventName): LocalizedText {
  return {
    zh: `${caseTypeLabel(type, 'zh')}案件没有「${eventLabel(event, 'zh')}」操作。`,
    en: `"${eventLabel(event, 'en')}" does not apply to ${caseTypeLabel(type, 'en').toLowerCase()} cases.`,
  };
}

/** The event exists for this case type but not from the current status. */
export function eventNotAllowedInStatus<T extends CaseType>(type: T, status: CaseStatus<T>, event: CaseEventName): LocalizedText {
  const special: Partial<Record<string, LocalizedText>> = event === 'cancel' ? (CANCEL_REFUSALS[type] ?? {}) : {};
  const specific = special[status];
  if (specific !== undefined) return specific;
  const zhStatus = statusLabel(type, status, 'zh');
  const enStatus = statusLabel(type, status, 'en');
  const zhEvent = eventLabel(event, 'zh');
  const enEvent = eventLabel(event, 'en');
  if (machineOf(type).terminal.includes(status)) {
    return {
      zh: `该案件已结束（「${zhStatus}」），不能再执行「${zhEvent}」。`,
      en: `This case has ended ("${enStatus}"); "${enEvent}" is no longer possible.`,
    };
  }
  return {
    zh: `该案件当前状态为「${zhStatus}」，不能执行「${zhEvent}」。`,
    en: `This case is currently "${enStatus}", so "${enEvent}" is not possible.`,
  };
}

/** The actor's kind may not perform this event. */
export function actorNotAllowed(event: CaseEventName, allowed: readonly ActorKind[]): LocalizedText {
  // People are told which people may act; the bot itself is only named when nobody else may.
  const people = effectiveActors(allowed).filter((kind) => kind !== 'system');
  const named = people.length > 0 ? people : effectiveActors(allowed);
  return {
    zh: `只有${joinZh(named.map((kind) => actorLabel(kind, 'zh')))}可以执行「${eventLabel(event, 'zh')}」。`,
    en: `Only ${joinEn(named.map((kind) => actorLabel(kind, 'en')))} can do "${eventLabel(event, 'en')}".`,
  };
}

/** A required input is missing or blank. */
export function fieldRequired(event: CaseEventName, field: CaseFieldName): LocalizedText {
  const label = CASE_FIELDS[field].label;
  return {
    zh: `「${eventLabel(event, 'zh')}」需要填写${label.zh}。`,
    en: `"${eventLabel(event, 'en')}" needs a ${label.en}.`,
  };
}

/** A required input is present but not valid. */
export function fieldInvalid(field: CaseFieldName): LocalizedText {
  const label = CASE_FIELDS[field].label;
  return {
    zh: `${label.zh}格式不正确，请检查后重试。`,
    en: `The ${label.en} is not valid; please check it and try again.`,
  };
}

/** This actor kind may not open a case of this type. */
export function openNotAllowed(type: CaseType, allowed: readonly ActorKind[]): LocalizedText {
  return {
    zh: `只有${joinZh(effectiveActors(allowed).map((kind) => actorLabel(kind, 'zh')))}可以创建${caseTypeLabel(type, 'zh')}案件。`,
    en: `Only ${joinEn(effectiveActors(allowed).map((kind) => actorLabel(kind, 'en')))} can open a ${caseTypeLabel(type, 'en').toLowerCase()} case.`,
  };
}

function joinZh(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('、')}或${parts.at(-1) ?? ''}`;
}

function joinEn(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1) ?? ''}`;
}
