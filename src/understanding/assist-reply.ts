import { z } from 'zod';
import { MESSAGE_INTENTS } from '../domain/intake/understanding.ts';

/** The slots the model may suggest; each suggestion is checked by deterministic code before it is kept. */
export const ASSIST_SLOTS = [
  'orderNumber',
  'caseNumber',
  'itemName',
  'quantity',
  'problemCategory',
  'wishedRemedy',
  'receivedOn',
  'accusedName',
  'hasPhotoPromise',
] as const;

/** One slot the model may suggest. */
export type AssistSlot = (typeof ASSIST_SLOTS)[number];

/** The most candidates of one reply that are looked at; more is a model gone astray. */
export const MAX_CANDIDATES = 20;

/**
 * What the model must answer: an intent, and slot candidates, each with the exact text it was read from.
 * Sent to the model as a strict JSON schema; the reply is validated against it again on arrival.
 */
export const assistReplySchema = z.object({
  intent: z.enum(MESSAGE_INTENTS),
  // No maxItems: the strict schemas of some OpenAI-compatible servers refuse it; MAX_CANDIDATES applies on arrival.
  candidates: z.array(z.object({ slot: z.enum(ASSIST_SLOTS), value: z.string(), quote: z.string() })),
});

/** A validated model reply. */
export type AssistReply = z.infer<typeof assistReplySchema>;
