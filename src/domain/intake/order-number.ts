import { normalizeInput } from './text-limits.ts';

/** Order numbers: 6–32 letters, digits or dashes, starting and ending with a letter or digit, with at least one digit. */
export const ORDER_NUMBER_RULE = { min: 6, max: 32 } as const;

const SHAPE = /^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$/;
// Merchants often paste the label with the number ("订单号：AB123456", "Order #AB123456").
const LABEL = /^(?:订单编号|订单号码|订单号|订单|单号|order\s*(?:number|no\.?|id|#)?|no\.|#)\s*[:：#]?\s*/i;

/** Why an order number was refused. */
export type OrderNumberProblem = 'empty' | 'length' | 'characters' | 'no_digit';

/** The parsed order number (upper-cased, label removed) or why it was refused. */
export type OrderNumberResult = { ok: true; value: string } | { ok: false; problem: OrderNumberProblem };

/** Parses what the merchant typed as an order number; idempotent on its own output. */
export function parseOrderNumber(raw: string): OrderNumberResult {
  const text = normalizeInput(raw).replace(LABEL, '').trim().toUpperCase();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.length < ORDER_NUMBER_RULE.min || text.length > ORDER_NUMBER_RULE.max) return { ok: false, problem: 'length' };
  if (!SHAPE.test(text)) return { ok: false, problem: 'characters' };
  // A word such as "HELLO-WORLD" is an answer to the wrong question, not an order number.
  if (!/\d/.test(text)) return { ok: false, problem: 'no_digit' };
  return { ok: true, value: text };
}
