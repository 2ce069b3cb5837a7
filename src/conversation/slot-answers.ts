import { localDate } from '../domain/calendar/index.ts';
import { cleanFreeText, matchProblemCategory, matchRemedy, parseOrderNumber, parseQuantity, parseReceivedDate, TEXT_LIMITS } from '../domain/intake/index.ts';
import type { Draft, DraftFields } from './conversation-state.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import type { Turn } from './turn.ts';

/** A slot answer: the fields it sets plus notes for the merchant, or the reason it was refused. */
export type SlotOutcome = { ok: true; patch: Partial<DraftFields>; notes: string[] } | { ok: false; error: string };

type FreeTextSlot = keyof typeof TEXT_LIMITS;

function freeText(turn: Turn, slot: FreeTextSlot, raw: string): SlotOutcome {
  const max = TEXT_LIMITS[slot];
  const { text, truncated } = cleanFreeText(raw, max);
  if (text === '') return { ok: false, error: turn.m.emptyAnswer };
  return { ok: true, patch: { [slot]: text }, notes: truncated ? [turn.m.truncated(turn.m.fieldLabel[slot], max)] : [] };
}

/**
 * "对了，杯底也有裂缝" sent while photos are awaited: the detail is added to the problem description (a new line),
 * so staff read it on the case card; the photos are still asked for. Undefined when the description holds it already.
 */
export function addToDescription(turn: Turn, draft: Draft, raw: string): SlotOutcome | undefined {
  const detail = raw.trim();
  const before = draft.fields.description;
  if (detail === '' || before?.includes(detail)) return undefined;
  const added = freeText(turn, 'description', before === undefined ? detail : `${before}\n${detail}`);
  return added.ok ? { ...added, notes: [turn.m.detailAdded, ...added.notes] } : undefined;
}

/** Validates what the merchant typed for `slot` of a `flow` draft. */
export function answerSlot(turn: Turn, draft: Draft, slot: SlotName, raw: string): SlotOutcome {
  const { m } = turn;
  switch (slot) {
    case 'orderNumber': {
      const parsed = parseOrderNumber(raw);
      return parsed.ok ? { ok: true, patch: { orderNumber: parsed.value }, notes: [] } : { ok: false, error: m.orderNumberInvalid(parsed.problem) };
    }
    case 'quantity': {
      const parsed = parseQuantity(raw);
      return parsed.ok ? { ok: true, patch: { quantity: parsed.value }, notes: [] } : { ok: false, error: m.quantityInvalid(parsed.problem) };
    }
    case 'receivedOn': {
      const parsed = parseReceivedDate(raw, localDate(turn.now, turn.deps.timeZone));
      return parsed.ok ? { ok: true, patch: { receivedOn: parsed.date }, notes: [] } : { ok: false, error: m.dateInvalid(parsed.problem) };
    }
    case 'problemCategory': {
      const category = matchProblemCategory(raw);
      if (category) return { ok: true, patch: { problemCategory: category }, notes: [] };
      // Words that name no category are a description; asking again would make the merchant repeat themselves.
      // A description already given is not overwritten when the category is corrected later.
      if (draft.fields.description !== undefined) return { ok: true, patch: { problemCategory: 'other' }, notes: [] };
      const described = freeText(turn, 'description', raw);
      return described.ok ? { ...described, patch: { problemCategory: 'other', ...described.patch } } : { ok: false, error: m.chooseCategory };
    }
    case 'wishedRemedy': {
      const remedy = matchRemedy(raw);
      if (remedy && turn.deps.policy.qualityRemedies.allowed.includes(remedy)) return { ok: true, patch: { wishedRemedy: remedy }, notes: [] };
      return { ok: false, error: m.chooseRemedy };
    }
    case 'photos':
      return { ok: false, error: m.photosWaiting };
    case 'itemName':
    case 'description':
    case 'reason':
    case 'accusedName':
      return freeText(turn, slot, raw);
    default:
      return exhaustive(slot, draft.flow);
  }
}

function exhaustive(slot: never, flow: FlowKind): never {
  throw new Error(`slot ${String(slot)} has no parser (flow ${flow})`);
}
