import type { LocalizedText } from '../domain/policy/localized-text.ts';

/** No case with this number belongs to the merchant (also said for another merchant's number). */
export function caseNotFound(number: string): LocalizedText {
  return { zh: `没有找到编号为 ${number} 的案件，请核对编号。`, en: `No case numbered ${number} was found; please check the number.` };
}

/** The case changed while the request was being handled, repeatedly. */
export const CASE_BUSY: LocalizedText = {
  zh: '该案件刚刚有更新，请稍后再试。',
  en: 'This case was just updated; please try again in a moment.',
};

/** The draft carries a receipt day that is not a real date. */
export const RECEIVED_ON_INVALID: LocalizedText = {
  zh: '收货日期格式不正确，请按 YYYY-MM-DD 填写。',
  en: 'The date the goods were received is not valid; please give it as YYYY-MM-DD.',
};
