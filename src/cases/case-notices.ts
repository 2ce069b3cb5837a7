import type { Lang } from '../contracts/lang.ts';
import { caseTypeLabel } from '../domain/cases/case-labels.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import type { CaseCardRow } from '../store/case-outbox-store.ts';
import { deadlineLine } from './case-card.ts';

type Texts = { zh: string; en: string };
const REMEDY_WORDS: Record<string, Texts> = {
  replace: { zh: '为您更换', en: 'a replacement' },
  repair: { zh: '为您维修', en: 'a repair' },
  refund: { zh: '为您退款', en: 'a refund' },
  other: { zh: '其他方式处理', en: 'another remedy' },
};

/**
 * What the merchant is told when staff take a step on their case, in the case's language: the
 * contract's duties to inform (3.1.4 result, 3.2.2 approval or refusal with its reason, 3.2.3 the
 * return address, 3.2.4 refund or exchange). Steps the merchant need not hear about give null.
 */
export function stepNotice(event: string, row: CaseCardRow, lang: Lang, extra: { note?: string; staffName?: string; timeZone: string }): string | null {
  const k = lang === 'en' ? 'en' : 'zh';
  const n = row.number;
  const kind = caseTypeLabel(row.type as CaseType, k);
  const next = deadlineLine(row, lang, extra.timeZone);
  const texts: Record<string, Texts | null> = {
    claim: extra.staffName ? { zh: `客服 ${extra.staffName} 已接手您的${kind} ${n}。`, en: `${extra.staffName} from our service team has taken your ${kind.toLowerCase()} ${n}.` } : null,
    contact: { zh: `客服已受理您的${kind} ${n}，并将通过此对话与您联系（合同 3.1.2）。`, en: `Our service team has taken up your ${kind.toLowerCase()} ${n} and will follow up in this chat (contract 3.1.2).` },
    startProcessing: { zh: `您的${kind} ${n} 正在处理中。`, en: `Your ${kind.toLowerCase()} ${n} is being handled.` },
    resolve:
      row.type === 'complaint'
        ? { zh: `您的投诉 ${n} 已处理完毕。处理说明：${extra.note ?? ''}`, en: `Your complaint ${n} has been handled. Note: ${extra.note ?? ''}` }
        : row.type === 'quality'
          ? { zh: `您的质量问题 ${n} 已处理：${REMEDY_WORDS[row.remedy ?? 'other']?.zh ?? ''}（合同 3.1.4）。`, en: `Your quality case ${n} has been resolved with ${REMEDY_WORDS[row.remedy ?? 'other']?.en ?? ''} (contract 3.1.4).` }
          : { zh: `您的案件 ${n} 已处理完毕。`, en: `Your case ${n} has been resolved.` },
    approve: { zh: `您的${kind}申请 ${n} 已通过审核（合同 3.2.2）。退货地址将随后发给您。`, en: `Your ${kind.toLowerCase()} request ${n} has been approved (contract 3.2.2). We will send you the return address next.` },
    reject: { zh: `很抱歉，您的${kind}申请 ${n} 未通过审核。原因：${row.rejectReason ?? ''}（合同 3.2.2）。如有疑问可直接回复。`, en: `Sorry, your ${kind.toLowerCase()} request ${n} was not approved. Reason: ${row.rejectReason ?? ''} (contract 3.2.2). Reply here if you have questions.` },
    giveReturnAddress: { zh: `请将商品寄回以下地址（合同 3.2.3）：\n${row.returnAddress ?? ''}\n寄出后请回复快递单号。`, en: `Please send the goods to this address (contract 3.2.3):\n${row.returnAddress ?? ''}\nReply with the tracking number once they are on their way.` },
    markShipped: { zh: `已登记您的寄回单号 ${row.trackingNumber ?? ''}（${n}）。`, en: `Tracking number ${row.trackingNumber ?? ''} is recorded for ${n}.` },
    markGoodsReceived: {
      zh: `我们已收到您寄回的商品（${n}）。${next ? `下一步：${next}。` : ''}`,
      en: `We have received the goods you sent back (${n}).${next ? ` Next: ${next}.` : ''}`,
    },
    refund: { zh: `${n} 已完成退款（合同 3.2.4），请留意到账。`, en: `The refund for ${n} has been made (contract 3.2.4).` },
    exchange: { zh: `${n} 的换货已发出（合同 3.2.4）。`, en: `The exchange for ${n} has been shipped (contract 3.2.4).` },
    startReview: { zh: `您的投诉 ${n} 已由经理受理（合同 4.3.2）。`, en: `A manager has taken up your complaint ${n} (contract 4.3.2).` },
    close: null,
    cancel: null,
  };
  return texts[event]?.[k] ?? null;
}

/** A staff member's words relayed to the merchant of a case. */
export function staffMessageNotice(number: string, text: string, lang: Lang): string {
  return lang === 'en' ? `Service team (${number}): ${text}` : `客服（${number}）：${text}`;
}
