import type { CaseCard } from '../contracts/channel.ts';
import type { Lang } from '../contracts/lang.ts';
import { formatInZone } from '../domain/calendar/index.ts';
import { caseTypeLabel, statusLabel } from '../domain/cases/case-labels.ts';
import type { CaseStatus, CaseType } from '../domain/cases/case-machines.ts';
import type { CaseCardRow } from '../store/case-outbox-store.ts';
import type { OutboundPayload } from '../store/outbox-store.ts';
import { caseCardButtons } from './desk-actions.ts';

const key = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

const FIELD_LABELS = {
  merchant: { zh: '商家', en: 'Merchant' },
  order: { zh: '订单号', en: 'Order' },
  item: { zh: '商品', en: 'Item' },
  quantity: { zh: '数量', en: 'Quantity' },
  problem: { zh: '问题', en: 'Problem' },
  description: { zh: '描述', en: 'Description' },
  wished: { zh: '希望的处理方式', en: 'Wished remedy' },
  received: { zh: '收货日期', en: 'Received on' },
  window: { zh: '申请期限', en: 'Request window' },
  reason: { zh: '原因', en: 'Reason' },
  assignee: { zh: '处理人', en: 'Assignee' },
  address: { zh: '退货地址', en: 'Return address' },
  tracking: { zh: '寄回单号', en: 'Tracking number' },
  accused: { zh: '被投诉人', en: 'About' },
  rejectReason: { zh: '驳回原因', en: 'Refusal reason' },
  question: { zh: '咨询问题', en: 'Question' },
  botAnswer: { zh: '机器人的回答（依据条款）', en: "The bot's answer (clauses)" },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  ratingComment: { zh: '商家评价留言', en: "Merchant's comment" },
} as const;

const DEADLINE_WORDS = {
  first_contact: { zh: '联系商家', en: 'Contact the merchant' },
  review: { zh: '审核', en: 'Review' },
  refund_or_exchange: { zh: '退款/换货', en: 'Refund or exchange' },
  followup_contact: { zh: '跟进联系', en: 'Follow-up contact' },
  complaint_handling: { zh: '投诉处理', en: 'Complaint handling' },
} as const;

/** A deadline step in staff words, e.g. "审核" / "Review". */
export function stepWords(step: string, lang: Lang): string {
  return (DEADLINE_WORDS as Record<string, { zh: string; en: string }>)[step]?.[key(lang)] ?? step;
}

/** Wall time in the business zone, "11-30 18:00". */
export function shortTime(at: Date, timeZone: string): string {
  const local = formatInZone(at, timeZone);
  return `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

/** The next running deadline in staff words, e.g. "审核截止 11-30 18:00（3.2.2）". */
export function deadlineLine(row: CaseCardRow, lang: Lang, timeZone: string): string | undefined {
  const next = row.deadlines[0];
  if (!next) return undefined;
  const words = stepWords(next.step, lang);
  const estimated = next.calendarLabel === 'cn' ? '' : key(lang) === 'zh' ? '，按估算日历' : ', estimated calendar';
  const breached = next.breachedAt ? (key(lang) === 'zh' ? ' ⚠️ 已超时' : ' ⚠️ overdue') : '';
  return key(lang) === 'zh'
    ? `${words}截止 ${shortTime(next.dueAt, timeZone)}（${next.clause}${estimated}）${breached}`
    : `${words} due ${shortTime(next.dueAt, timeZone)} (${next.clause}${estimated})${breached}`;
}

/** The facts of a case for its staff or manager card; only what is known is shown. */
export function caseCard(row: CaseCardRow, lang: Lang, timeZone: string, photoUrl: (ref: string) => string | undefined): CaseCard {
  const k = key(lang);
  // 3.3.3: a follow-up carries the merchant's question and the answer they were not satisfied with.
  const followup = row.type === 'consultation_followup';
  const facts: Array<[keyof typeof FIELD_LABELS, string | number | null | undefined]> = [
    ['merchant', row.merchant.displayName],
    ['order', row.orderNumber],
    ['item', row.itemName],
    ['quantity', row.quantity],
    ['problem', row.problemCategory],
    [followup ? 'question' : 'description', row.description],
    ['wished', row.wishedRemedy],
    ['received', row.receivedOn?.toISOString().slice(0, 10)],
    ['window', row.outsideWindow ? (k === 'zh' ? '超出 7 个工作日（3.2.1），请人工判断' : 'outside the 7-working-day window (3.2.1): staff decide') : undefined],
    [followup ? 'botAnswer' : 'reason', row.reason],
    ['accused', row.complaint?.accusedName],
    ['rejectReason', row.rejectReason],
    ['address', row.returnAddress],
    ['tracking', row.trackingNumber],
    ['assignee', row.assignee?.name],
    // 6.2.3: the merchant's score once given, and their comment.
    ['satisfaction', row.rating ? `${row.rating.score}/5` : undefined],
    ['ratingComment', row.rating?.comment],
  ];
  const deadline = deadlineLine(row, lang, timeZone);
  return {
    caseNumber: row.number,
    title: `${caseTypeLabel(row.type as CaseType, k)} ${row.number} · ${statusLabel(row.type as CaseType, row.status as CaseStatus, k)}`,
    fields: facts.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([label, v]) => ({ label: FIELD_LABELS[label][k], value: String(v) })),
    ...(deadline ? { deadline } : {}),
    photos: row.attachments.map((a) => {
      // Photos we stored (console uploads, platform files fetched and checked) have a signed link;
      // anything else is still a platform's own file id.
      const url = photoUrl(a.externalRef);
      // A stored photo is also uploaded into the card's thread (case-thread.ts).
      const inThread = a.externalRef.startsWith('upload:');
      return { ...(url ? { url } : inThread ? {} : { platformFileId: a.externalRef }), ...(a.fileName ? { fileName: a.fileName } : {}), ...(inThread ? { inThread } : {}) };
    }),
  };
}

/** The card as an outbox message for a staff (or, for complaints, manager) chat: text fallback, buttons, forms. */
export function caseCardMessage(row: CaseCardRow, lang: Lang, deps: { timeZone: string; actor: 'staff' | 'manager'; photoUrl: (ref: string) => string | undefined }) {
  const card = caseCard(row, lang, deps.timeZone, deps.photoUrl);
  const buttons = caseCardButtons({ type: row.type as CaseType, status: row.status, number: row.number, assigned: row.assigneeId !== null, actor: deps.actor, lang });
  const forms = Object.fromEntries(buttons.filter((b) => b.form).map((b) => [b.id, b.form!]));
  const text = [card.title, ...card.fields.map((f) => `${f.label}: ${f.value}`), ...(card.deadline ? [card.deadline] : [])].join('\n');
  const payload: OutboundPayload = { card, cardOf: row.id, ...(Object.keys(forms).length ? { forms } : {}) };
  return { text, buttons: buttons.map(({ id, label }) => ({ id, label })), payload };
}
