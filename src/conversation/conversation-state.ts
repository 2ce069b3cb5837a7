import { z } from 'zod';
import { isIsoDate } from '../domain/calendar/civil-date.ts';
import { MAX_PHOTOS, PROBLEM_CATEGORIES, TEXT_LIMITS } from '../domain/intake/index.ts';
import { QUALITY_REMEDIES } from '../domain/policy/policy-schema.ts';
import { attachmentRefSchema } from '../contracts/cases.ts';
import { FLOW_KINDS, flowHasSlot, SLOT_NAMES } from './intake-flows.ts';
import { MESSAGE_INTENTS } from '../domain/intake/understanding.ts';
import { langSchema } from '../contracts/lang.ts';

const text = (max: number) => z.string().min(1).max(max);

/** Longest merchant message kept for a case while they pick which one it is about. */
export const CASE_MESSAGE_MAX_CHARS = 4000;

/** What the merchant has answered so far; every field is optional until the summary. */
export const draftFieldsSchema = z.object({
  orderNumber: z.string().min(6).max(32).optional(),
  itemName: text(TEXT_LIMITS.itemName).optional(),
  quantity: z.number().int().min(1).max(9999).optional(),
  problemCategory: z.enum(PROBLEM_CATEGORIES).optional(),
  description: text(TEXT_LIMITS.description).optional(),
  photos: z.array(attachmentRefSchema).max(MAX_PHOTOS).default([]),
  /** The merchant finished (or skipped) sending photos. */
  photosDone: z.boolean().default(false),
  wishedRemedy: z.enum(QUALITY_REMEDIES).optional(),
  receivedOn: z.string().refine(isIsoDate).optional(),
  reason: text(TEXT_LIMITS.reason).optional(),
  /** null: the merchant chose not to name the staff member. */
  accusedName: text(TEXT_LIMITS.accusedName).nullable().optional(),
});

/** Draft answers. */
export type DraftFields = z.infer<typeof draftFieldsSchema>;

/** An unconfirmed request; lives in the chat state until confirmed, cancelled or expired. */
export const draftSchema = z
  .object({
    id: z.string().min(1).max(64),
    flow: z.enum(FLOW_KINDS),
    /** Bumped on every change, so a confirm button from an older summary cannot confirm newer content. */
    rev: z.number().int().min(0),
    /** The slot asked last, or the summary; a slot re-opened from the summary is answered here too. */
    awaiting: z.enum([...SLOT_NAMES, 'review']),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    fields: draftFieldsSchema,
    /** A receipt date read from a phrase such as "上周五", waiting for the merchant's yes before it is stored. */
    pendingDate: z.string().refine(isIsoDate).optional(),
  })
  .refine((draft) => draft.awaiting === 'review' || flowHasSlot(draft.flow, draft.awaiting), { message: 'slot not in flow', path: ['awaiting'] });

/** An unconfirmed request. */
export type Draft = z.infer<typeof draftSchema>;

/** Facts and photos the merchant gave before any flow was chosen; they join the draft that starts next. */
export const heldSchema = z.object({
  fields: draftFieldsSchema.omit({ photos: true, photosDone: true }).partial().default({}),
  photos: z.array(attachmentRefSchema).max(MAX_PHOTOS).default([]),
  /** A receipt date read from a phrase ("上周五"), to be confirmed with its weekday once a flow asks for it. */
  pendingDate: z.string().refine(isIsoDate).optional(),
});

/** What is held for the next draft. */
export type Held = z.infer<typeof heldSchema>;

/** The chat state the pipeline stores as JSON between inputs. */
export const conversationStateSchema = z.object({
  v: z.literal(1),
  /** The language the merchant chose explicitly (switch command or a new client setting); it outranks detection. */
  langChoice: langSchema.optional(),
  /** The last language tag the client sent, so only a change of it counts as a new choice. */
  clientLang: langSchema.optional(),
  /** The merchant pressed "ask a question": the next free text goes to the answerer. */
  awaitingQuestion: z.boolean().optional(),
  draft: draftSchema.optional(),
  /** Facts and photos given before a flow was chosen (a question with an order number, photos sent first). */
  held: heldSchema.optional(),
  /** What the previous message wanted ("投诉多久有结果" right after a complaint is a status question). */
  lastIntent: z.enum(MESSAGE_INTENTS).optional(),
  /** The case a typed "取消 RT-…" asked to cancel: a typed "确定" next cancels it (lasts one input). */
  cancelAsked: z.string().max(40).optional(),
  /**
   * A message outside any flow that the merchant has several open cases for: kept until they
   * pick the case (the next input; photos sent one by one meanwhile join it).
   */
  pendingCaseMessage: z
    .object({ text: z.string().max(CASE_MESSAGE_MAX_CHARS), attachments: z.array(attachmentRefSchema).max(MAX_PHOTOS) })
    .optional(),
  /** The merchant just rated this case (6.2.3): their next free text may be a comment on it (lasts one input). */
  ratingComment: z.object({ number: z.string().max(40) }).optional(),
});

/** The chat state. */
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** Reads the stored state; anything unknown or of an older shape starts fresh instead of failing the chat. */
export function loadState(raw: unknown): { state: ConversationState; discarded: boolean } {
  const parsed = conversationStateSchema.safeParse(raw);
  if (parsed.success) return { state: parsed.data, discarded: false };
  const empty = raw === null || raw === undefined || (typeof raw === 'object' && Object.keys(raw).length === 0);
  return { state: { v: 1 }, discarded: !empty };
}
