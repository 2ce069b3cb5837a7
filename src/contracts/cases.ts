import { z } from 'zod';
import type { CalendarLabel } from '../domain/calendar/index.ts';
import type { CaseType } from '../domain/cases/case-machines.ts';
import type { LocalizedText } from '../domain/policy/localized-text.ts';
import type { ErrorCode } from '../errors.ts';
import type { Lang } from './lang.ts';

/** A photo or file the merchant attached, by reference (never its bytes). */
export const attachmentRefSchema = z.object({
  ref: z.string().min(1).max(500),
  mimeType: z.string().min(1).max(100),
  sizeBytes: z.number().int().nonnegative(),
  fileName: z.string().max(255).optional(),
});

export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** What the merchant confirmed; the case service turns it into a case. */
export interface CaseDraft {
  type: CaseType;
  orderNumber?: string;
  itemName?: string;
  quantity?: number;
  problemCategory?: string;
  description?: string;
  wishedRemedy?: string;
  /** Local calendar day the goods were received, YYYY-MM-DD (returns and exchanges). */
  receivedOn?: string;
  reason?: string;
  /** Complaints: who the complaint is about, as the merchant named them. */
  accusedName?: string;
  attachments?: AttachmentRef[];
  /** A consultation follow-up (3.3.3): the number of the merchant's case it is about, kept in the case's details. */
  aboutCase?: string;
}

/** The next deadline of a case, for the merchant's eyes. */
export interface NextDeadline {
  step: string;
  dueAt: Date;
  calendar: CalendarLabel;
  clause: string;
}

/** A case as the merchant may see it (never another merchant's). */
export interface CaseSummary {
  id: string;
  number: string;
  type: CaseType;
  status: string;
  lang: Lang;
  openedAt: Date;
  outsideWindow: boolean;
  orderNumber: string | null;
  itemName: string | null;
  nextDeadline: NextDeadline | null;
}

export type CaseActionResult = { ok: true; summary: CaseSummary } | { ok: false; code: ErrorCode; message: LocalizedText };

/** A merchant's words or photos about one of their open cases, written outside any flow. */
export interface CaseMessageInput {
  merchantId: string;
  /** The case, by its number; it must be this merchant's and still open. */
  number: string;
  /** What the merchant wrote ('' when they only sent photos). */
  text: string;
  /** Checked photos (stored uploads of the merchant's chat) to attach to the case. */
  attachments: AttachmentRef[];
  at: Date;
}

/** Where a merchant's case message went: posted, or not (no such case of theirs, or it is closed). */
export type CaseMessageResult = { ok: true; summary: CaseSummary } | { ok: false; code: Extract<ErrorCode, 'case.not_found' | 'case.closed'> };

/** What became of a survey score (6.2.3): stored (with the follow-up a low score opened), already stored, or not this merchant's resolved case. */
export type RatingOutcome = { kind: 'rated'; score: number; followup: CaseSummary | null } | { kind: 'already'; score: number } | { kind: 'not_rateable' };

/** The conversation's door to cases; implemented over the database in src/cases. */
export interface CasePort {
  /**
   * Opens a case. `requestKey` makes it idempotent: opening again with the same key (a retried
   * message after a crash between opening and replying) returns the case already opened.
   */
  openCase(input: { chatId: string; merchantId: string; lang: Lang; draft: CaseDraft; at: Date; requestKey?: string }): Promise<CaseSummary>;
  listCases(merchantId: string, options?: { openOnly?: boolean; limit?: number }): Promise<CaseSummary[]>;
  /** The merchant's own case by its number, or null (also for another merchant's number). */
  findCase(merchantId: string, number: string): Promise<CaseSummary | null>;
  cancelCase(input: { merchantId: string; number: string; at: Date; reason?: string }): Promise<CaseActionResult>;
  /**
   * 3.2.3: the merchant shipped the goods back; the waybill goes on their return or exchange that
   * awaits goods (the latest one). Null when no case of theirs awaits goods.
   */
  recordShipment?(input: { merchantId: string; trackingNumber: string; at: Date }): Promise<CaseActionResult | null>;
  /**
   * A merchant's message about their open case: recorded as a case event (photos as attachments)
   * and posted, with the photos, to the case's thread on every desk that shows its card. Another
   * merchant's number reads as not found.
   */
  postToCase?(input: CaseMessageInput): Promise<CaseMessageResult>;
  /**
   * A survey score for the merchant's own resolved case (6.2.3): stored once with the case's assignee; a
   * score of 2 or less also alerts the managers and opens a 3.3.3 follow-up linked to the case.
   */
  rateCase?(input: { merchantId: string; number: string; score: 1 | 2 | 3 | 4 | 5; at: Date }): Promise<RatingOutcome>;
  /** The comment after a score; false when there is no rating of this merchant's to attach it to, or it has one. */
  commentOnRating?(input: { merchantId: string; number: string; comment: string; at: Date }): Promise<boolean>;
}
