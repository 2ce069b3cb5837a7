import type { Lang, LocalizedText } from '../policy/localized-text.ts';
import type { ActorKind } from './actors.ts';
import type { CaseEventName, CaseStatus, CaseType } from './case-machines.ts';
import type { OPEN_EVENT } from './case-events.ts';

const CASE_TYPE_LABELS: Record<CaseType, LocalizedText> = {
  quality: { zh: '质量问题', en: 'Quality problem' },
  return: { zh: '退货', en: 'Return' },
  exchange: { zh: '换货', en: 'Exchange' },
  consultation_followup: { zh: '咨询跟进', en: 'Consultation follow-up' },
  complaint: { zh: '投诉', en: 'Complaint' },
};

// Keyed by the union of every table's statuses, so a new state without a label fails compilation.
const STATUS_LABELS: Record<CaseStatus, LocalizedText> = {
  reported: { zh: '已报告', en: 'Reported' },
  contacted: { zh: '已联系', en: 'Contacted' },
  in_progress: { zh: '处理中', en: 'In progress' },
  resolved: { zh: '已解决', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  requested: { zh: '已申请', en: 'Requested' },
  approved: { zh: '已通过审核', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  awaiting_goods: { zh: '待寄回商品', en: 'Awaiting returned goods' },
  goods_shipped: { zh: '商品已寄回', en: 'Goods shipped back' },
  goods_received: { zh: '已收到退回商品', en: 'Returned goods received' },
  refunded: { zh: '已退款', en: 'Refunded' },
  exchanged: { zh: '已换货', en: 'Exchanged' },
  open: { zh: '待跟进', en: 'Awaiting follow-up' },
  recorded: { zh: '已记录', en: 'Recorded' },
  under_review: { zh: '经理处理中', en: 'Under review' },
};

// Where one status name reads differently per case type.
const STATUS_LABEL_OVERRIDES: { readonly [T in CaseType]?: Partial<Record<CaseStatus<T>, LocalizedText>> } = {
  return: { requested: { zh: '已申请退货', en: 'Return requested' } },
  exchange: { requested: { zh: '已申请换货', en: 'Exchange requested' } },
  complaint: { resolved: { zh: '已处理', en: 'Resolved' } },
};

const EVENT_LABELS: Record<CaseEventName | typeof OPEN_EVENT, LocalizedText> = {
  open: { zh: '创建', en: 'Open' },
  contact: { zh: '记录已联系', en: 'Record contact' },
  startProcessing: { zh: '开始处理', en: 'Start processing' },
  resolve: { zh: '标记为已解决', en: 'Resolve' },
  close: { zh: '关闭', en: 'Close' },
  cancel: { zh: '取消', en: 'Cancel' },
  approve: { zh: '审核通过', en: 'Approve' },
  reject: { zh: '驳回', en: 'Reject' },
  giveReturnAddress: { zh: '提供退货地址', en: 'Give return address' },
  markShipped: { zh: '登记寄回单号', en: 'Mark shipped' },
  markGoodsReceived: { zh: '确认收到退货', en: 'Mark goods received' },
  refund: { zh: '完成退款', en: 'Refund' },
  exchange: { zh: '完成换货', en: 'Exchange' },
  startReview: { zh: '开始处理投诉', en: 'Start review' },
};

const ACTOR_LABELS: Record<ActorKind, LocalizedText> = {
  merchant: { zh: '商家', en: 'the merchant' },
  staff: { zh: '客服人员', en: 'service staff' },
  manager: { zh: '经理', en: 'managers' },
  system: { zh: '系统', en: 'the system' },
};

/** The human name of a case type. */
export function caseTypeLabel(type: CaseType, lang: Lang): string {
  return CASE_TYPE_LABELS[type][lang];
}

/** The human name of a status of `type`; an unknown status is shown as given. */
export function statusLabel<T extends CaseType>(type: T, status: CaseStatus<T>, lang: Lang): string {
  const overrides: Partial<Record<string, LocalizedText>> = STATUS_LABEL_OVERRIDES[type] ?? {};
  const labels: Partial<Record<string, LocalizedText>> = STATUS_LABELS;
  return (overrides[status] ?? labels[status])?.[lang] ?? status;
}

/** The human name (button text) of an event; an unknown event is shown as given. */
export function eventLabel(event: CaseEventName | typeof OPEN_EVENT, lang: Lang): string {
  const labels: Partial<Record<string, LocalizedText>> = EVENT_LABELS;
  return labels[event]?.[lang] ?? event;
}

/** The human name of an actor kind, as used inside a sentence. */
export function actorLabel(kind: ActorKind, lang: Lang): string {
  return ACTOR_LABELS[kind][lang];
}
