import { z } from 'zod';
import type { LocalizedText } from '../policy/localized-text.ts';
import { QUALITY_REMEDIES } from '../policy/policy-schema.ts';

const freeText = (max: number) => z.string().trim().min(1).max(max);

/**
 * The inputs a transition can require, with how each is validated and named in a refusal.
 * `reason` is read from the command's `reason`; every other field from `command.fields`.
 */
export const CASE_FIELDS = {
  reason: { schema: freeText(1000), label: { zh: '理由', en: 'reason' } },
  remedy: {
    schema: z.enum(QUALITY_REMEDIES),
    label: { zh: '处理方式(更换、维修、退款或其他)', en: 'remedy (replace, repair, refund or other)' },
  },
  address: { schema: freeText(500), label: { zh: '退货地址', en: 'return address' } },
  // Chinese carriers' waybill numbers are letters, digits and dashes; flows strip carrier names first.
  trackingNumber: {
    schema: z.string().trim().regex(/^[A-Za-z0-9-]{4,64}$/),
    label: { zh: '快递单号', en: 'tracking number' },
  },
  note: { schema: freeText(2000), label: { zh: '处理说明', en: 'resolution note' } },
} as const satisfies Record<string, { schema: z.ZodType<string>; label: LocalizedText }>;

/** The name of an input a transition can require. */
export type CaseFieldName = keyof typeof CASE_FIELDS;
