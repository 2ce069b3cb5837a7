import type { CaseType } from '../domain/cases/case-machines.ts';

/** The request flows that collect a draft and open a case. */
export const FLOW_KINDS = ['quality', 'return', 'exchange', 'complaint'] as const;

/** One request flow. */
export type FlowKind = (typeof FLOW_KINDS)[number];

/** Every slot any flow fills. */
export const SLOT_NAMES = ['orderNumber', 'itemName', 'quantity', 'problemCategory', 'description', 'photos', 'wishedRemedy', 'receivedOn', 'reason', 'accusedName'] as const;

/** One slot of a draft. */
export type SlotName = (typeof SLOT_NAMES)[number];

/** The slots of each flow, in the order they are asked (contract 3.1, 3.2, 4.3.2). */
export const FLOW_SLOTS: Record<FlowKind, readonly SlotName[]> = {
  quality: ['orderNumber', 'itemName', 'quantity', 'problemCategory', 'description', 'photos', 'wishedRemedy'],
  return: ['orderNumber', 'itemName', 'quantity', 'receivedOn', 'reason'],
  exchange: ['orderNumber', 'itemName', 'quantity', 'receivedOn', 'reason'],
  complaint: ['accusedName', 'description'],
};

/** The case each flow opens. */
export const FLOW_CASE_TYPE: Record<FlowKind, CaseType> = { quality: 'quality', return: 'return', exchange: 'exchange', complaint: 'complaint' };

/** Slots answered in the merchant's own words; anything they type there is a valid answer. */
export const FREE_TEXT_SLOTS: ReadonlySet<SlotName> = new Set(['itemName', 'description', 'reason', 'accusedName']);

/** Slots the merchant may leave empty. */
export const OPTIONAL_SLOTS: ReadonlySet<SlotName> = new Set(['photos', 'accusedName']);

/** Problems whose evidence is a photo (3.1, 4.4.2): a defect or damage, in returns and exchanges too. */
export const EVIDENCE_CATEGORIES: ReadonlySet<string> = new Set(['damaged', 'defect', 'appearance']);

/** Flows that ask for photos only when the reason is a defect or damage. */
const PHOTOS_WHEN_EVIDENCE: ReadonlySet<FlowKind> = new Set(['return', 'exchange']);

/**
 * The slots a draft asks, in order: its flow's, plus the photos step in a return or exchange whose reason
 * is a defect or damage (the category read from what the merchant wrote).
 */
export function draftSlots(flow: FlowKind, fields: { problemCategory?: string | undefined }): readonly SlotName[] {
  const slots = FLOW_SLOTS[flow];
  if (!PHOTOS_WHEN_EVIDENCE.has(flow) || fields.problemCategory === undefined || !EVIDENCE_CATEGORIES.has(fields.problemCategory)) return slots;
  return [...slots, 'photos'];
}

/** Whether `flow` may ask for `slot` (the photos step of a return or exchange included). */
export function flowHasSlot(flow: FlowKind, slot: string): slot is SlotName {
  return (FLOW_SLOTS[flow] as readonly string[]).includes(slot) || (slot === 'photos' && PHOTOS_WHEN_EVIDENCE.has(flow));
}

/** Slots every request flow shares, kept when the merchant switches flow ("算了还是换货吧"). */
export const COMMON_SLOTS: readonly SlotName[] = ['orderNumber', 'itemName', 'quantity', 'receivedOn'];
