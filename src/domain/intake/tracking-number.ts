import { normalizeInput } from './text-limits.ts';

// Waybill numbers of mainland carriers: a carrier prefix (SF 顺丰, YT 圆通, ZTO 中通, JT 极兔, JD 京东,
// STO 申通, YD 韵达, EMS, DBL 德邦) or a plain run of digits, 10–20 characters in all.
const CARRIER = /(?<![A-Z0-9])((?:SF|YT|ZTO|JT|JD|JDV|STO|YD|EMS|DBL)[0-9]{8,18})(?![A-Z0-9])/;
// Any code after words that name it: "单号 773012345678901", "tracking: 1Z999AA10123456784".
const NAMED = /(?:快递单号|运单号|物流单号|寄回单号|(?<!订)单号|快递号|tracking(?:\s*(?:number|no\.?|#))?|waybill)\s*(?:是|为|[:：#])?\s*([A-Z0-9-]{8,30})/i;

/**
 * The return waybill number in a merchant's message (3.2.3: they ship the goods and tell us the
 * number), or undefined. A bare carrier-prefixed code counts; any other code only after words
 * that name it, so an order number is never taken for a waybill.
 */
export function findTrackingNumber(text: string): string | undefined {
  const head = normalizeInput(text.slice(0, 300)).toUpperCase();
  const named = NAMED.exec(head)?.[1];
  if (named && /\d{6,}/.test(named)) return named;
  return CARRIER.exec(head)?.[1];
}
