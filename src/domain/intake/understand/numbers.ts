import { ORDER_NUMBER_RULE } from '../order-number.ts';
import type { Found } from '../understanding.ts';
import { allMatches, type TextView } from './text-view.ts';

/*
 * Order and case numbers anywhere in a message. A case number (RT-20261120-0003) is ours and never an order
 * number; a phone number, a date, a price, a quantity or a labelled waybill is not one either. An unlabelled code
 * counts only when it is long and numeric enough that nothing else in a merchant's message looks like it.
 */

const CASE_NUMBER = /(?<![a-z0-9])([a-z]{2,4}-\d{8}-\d{3,6})(?![a-z0-9])/g;
// Maximal runs of code characters; dashes inside only (a leading or trailing dash is punctuation).
const TOKEN = /(?<![a-z0-9-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?![a-z0-9])/g;

// The words just before a code that make it an order number ("订单号：", "order #", "单号是").
const ORDER_LABEL =
  /(?:(?:订单|定单|订货单|订单编|order)\s*(?:编号|号码|号|number|num|no\.?|id|#)?|(?<!快递|运|物流|寄回|退货|回)单号|(?<![a-z])no\.|#)\s*(?:是|为|:|is|=)?\s*[#]?\s*$/;
const TRACKING_LABEL =
  /(?:快递|运单|物流|寄回|退货|回寄|快递单|tracking|waybill|shipment|courier|express)\s*(?:单号|号码|号|number|no\.?|#|code)?\s*(?:是|为|:|is)?\s*$/;
const PHONE_LABEL = /(?:电话|手机|联系方式|tel|phone|mobile|call me(?: at)?|whatsapp|微信|qq)\s*(?:号码|号|number|no\.?)?\s*(?:是|为|:|is)?\s*$/;
const MONEY_AFTER = /^\s*(?:元|块|rmb|yuan|usd|dollars?|\$)/;
const MONEY_BEFORE = /(?:¥|\$|rmb|usd|价格|金额|花了|付了|price)\s*$/;
const CARRIER_PREFIX = /^(?:sf|yt|zto|jt|jd|jdv|sto|yd|ems|dbl)\d{8,18}$/;
const PHONE = /^1[3-9]\d{9}$/;
const DATE_TOKEN = /^(?:\d{4}-\d{1,2}-\d{1,2}|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$/;

/** The code as typed (width folded, upper case), if the folding did not change what it spells ("İ" is not "I"). */
function asWritten(view: TextView, start: number, token: string): Found<string> | undefined {
  const span = view.span(start, start + token.length);
  const value = view.raw.slice(span.start, span.end).normalize('NFKC').toUpperCase();
  return value === token.toUpperCase() ? { value, span } : undefined;
}

/** The first case number in the message, upper-cased. */
export function findCaseNumberIn(view: TextView): Found<string> | undefined {
  const match = allMatches(CASE_NUMBER, view.text)[0];
  if (!match?.[1]) return undefined;
  return asWritten(view, match.index, match[1]);
}

/** How a code reads as an order number: labelled, plausible unlabelled, or not at all. */
type Strength = 'labelled' | 'bare' | 'no';

function strengthOf(token: string, before: string, after: string, relaxed: boolean): Strength {
  if (token.length < ORDER_NUMBER_RULE.min || token.length > ORDER_NUMBER_RULE.max || !/\d/.test(token)) return 'no';
  if (/^[a-z]{2,4}-\d{8}-\d{3,6}$/.test(token)) return 'no';
  if (TRACKING_LABEL.test(before) || PHONE_LABEL.test(before)) return 'no';
  if (ORDER_LABEL.test(before)) return 'labelled';
  if (MONEY_AFTER.test(after) || MONEY_BEFORE.test(before)) return 'no';
  if (DATE_TOKEN.test(token) || PHONE.test(token) || CARRIER_PREFIX.test(token)) return 'no';
  const digits = token.replace(/\D/g, '').length;
  // A quantity or a measurement is followed by its unit ("12345个", "100000mah" is a spec, not an order).
  if (/^\s*(?:个|件|只|台|套|箱|双|条|瓶|包|盒|张|pcs|mah|mm|cm|ml|kg|g\b|w\b|v\b)/.test(after)) return 'no';
  if (relaxed) return 'bare';
  if (/^\d+$/.test(token)) return digits >= 8 ? 'bare' : 'no';
  return digits >= 6 && !token.includes('-') ? 'bare' : 'no';
}

/**
 * The order number a message states, upper-cased as parseOrderNumber would store it. `relaxed` (the draft
 * waits for an order number) also takes a shorter unlabelled code such as "A12345".
 */
export function findOrderNumberIn(view: TextView, relaxed = false): Found<string> | undefined {
  let bare: Found<string> | undefined;
  for (const match of allMatches(TOKEN, view.text)) {
    const token = match[0];
    const before = view.text.slice(Math.max(0, match.index - 16), match.index);
    const after = view.text.slice(match.index + token.length, match.index + token.length + 6);
    const strength = strengthOf(token, before, after, relaxed);
    if (strength === 'no') continue;
    const found = asWritten(view, match.index, token);
    if (!found) continue;
    if (strength === 'labelled') return found;
    bare ??= found;
  }
  return bare;
}
