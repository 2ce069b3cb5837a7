import type { OrderNumberProblem, PhotoProblem, ProblemCategory, ReceivedDateProblem } from '../../domain/intake/index.ts';
import type { MerchantSlaStep } from '../../domain/cases/sla-steps.ts';
import type { QualityRemedy } from '../../domain/policy/policy-schema.ts';
import type { MENU_ITEMS } from '../action-ids.ts';
import type { FlowKind, SlotName } from '../intake-flows.ts';

/** A wall-clock reading in the business zone, for deadlines. */
export interface LocalWhen {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Show the year: the date is not in the current year. */
  withYear: boolean;
}

/** The policy's working-day numbers the help text quotes (a deployment may change them). */
export interface PolicyDays {
  firstContact: number;
  returnWindow: number;
  review: number;
  refund: number;
}

/**
 * Every text the conversation sends. zh.ts and en.ts both implement this one interface,
 * so a key missing from either language fails type-checking.
 */
export interface Messages {
  help(days: PolicyDays): string;
  menu: Record<(typeof MENU_ITEMS)[number], string>;
  switchLangButton: string;
  notUnderstood: string;
  langSwitched: string;
  staleButton: string;
  noMerchant: string;
  serviceUnavailable: string;
  chooseReturnOrExchange: string;
  photosNeedFlow: string;
  stateReset: string;

  flowName: Record<FlowKind, string>;
  draftStarted(flow: FlowKind): string;
  draftExpired(flow: FlowKind, hours: number): string;
  draftCancelled(flow: FlowKind): string;
  noDraftToCancel: string;
  draftPending(flow: FlowKind): string;
  switchFlowAsk(current: FlowKind, next: FlowKind): string;
  switchFlowButton(next: FlowKind): string;
  keepDraftButton: string;

  ask: Record<SlotName, (flow: FlowKind) => string>;
  fieldLabel: Record<SlotName, string>;
  categoryLabel: Record<ProblemCategory, string>;
  remedyLabel: Record<QualityRemedy, string>;
  skipNameButton: string;
  photosDoneButton: string;
  photosSkipButton: string;

  orderNumberInvalid(problem: OrderNumberProblem): string;
  quantityInvalid(problem: 'format' | 'range'): string;
  dateInvalid(problem: ReceivedDateProblem): string;
  emptyAnswer: string;
  truncated(label: string, max: number): string;
  chooseCategory: string;
  chooseRemedy: string;
  slotRequired(label: string): string;
  photosWaiting: string;

  photosReceived(kept: number, total: number, max: number): string;
  photosMore: string;
  /** After photos arrived: more may still be sent. */
  photosLater: string;
  /** Text sent while photos were awaited: kept with the problem description. */
  detailAdded: string;
  photoRefused(name: string, problem: PhotoProblem, sizeMb: string): string;

  fieldUpdated(label: string): string;
  summaryTitle(flow: FlowKind): string;
  summaryLine(label: string, value: string): string;
  notGiven: string;
  photosValue(count: number): string;
  day(date: { year: number; month: number; day: number }): string;
  confirmPrompt: string;
  confirmButton: string;
  editButton: string;
  cancelButton: string;
  editWhich: string;
  reviewHint: string;
  stillMissing: string;
  draftChanged: string;

  windowInside(days: number, deadline: string): string;
  windowOutside(days: number, deadline: string): string;
  estimatedNote: string;

  caseOpened(flow: FlowKind, number: string): string;
  complaintOpened(number: string): string;
  outsideWindowOpened(days: number): string;
  nextDeadline(step: MerchantSlaStep | undefined, days: number | undefined, when: string): string;
  statusHint: string;

  noCases: string;
  casesHeader(count: number): string;
  caseNotFound(number: string): string;
  outsideWindowTag: string;
  orderAndItem(order: string, item: string): string;
  cancelCaseButton(number: string): string;
  cancelCaseAsk(number: string): string;
  cancelCaseYes: string;
  keepCaseButton: string;
  caseCancelled(number: string): string;
  cancelRefused(number: string, why: string): string;

  askQuestion: string;
  consultPlaceholder: string;
  /** Under a consultation answer: the clauses it relies on ("依据：第3.2.1条"). */
  consultSource(clauseIds: readonly string[]): string;
  answerHelpfulButton: string;
  answerNotSatisfiedButton: string;
  answerThanks: string;
  /** 3.3.3: "not satisfied" opened a follow-up case for staff. */
  answerFollowupOpened(caseNumber: string): string;
  /** "Not satisfied" with an answer whose question is already with a person. */
  answerPersonAlready: string;
  /** 6.2.3: a survey score was stored; the merchant may add a comment. */
  ratingThanks(number: string, score: number): string;
  /** A score of 2 or less: an apology, the 3.3.3 follow-up opened, a comment invited. */
  ratingLowThanks(number: string, score: number, followup: string | undefined): string;
  /** The score was already given (a second press or a replayed button); it is not changed. */
  ratingAlready(number: string, score: number): string;
  /** A score button for no resolved case of this merchant's. */
  ratingRefused: string;
  ratingCommentThanks: string;
  /** "好的" / "没有了" after the comment was invited. */
  ratingNoComment: string;
  personButton: string;
  trackingRecorded: (caseNumber: string, tracking: string) => string;
  /** A message (and photos) outside any flow, passed to the staff thread of an open case. */
  passedToCase(number: string, photos: number): string;
  whichCase: string;
  caseClosedForMessages(number: string): string;
  personOffer: string;
  personRequested: string;
  personAlready: string;
  noPersonDesk: string;

  when(at: LocalWhen): string;

  /** What the bot understood from a message, shown before it asks for the rest. */
  noted(parts: readonly string[]): string;
  notedOrder(order: string): string;
  notedItem(item: { name?: string; quantity?: number; problem?: string }): string;
  notedWish(wish: FlowKind | QualityRemedy): string;
  notedDate(day: string): string;
  notedName(name: string): string;
  notedPhotos(count: number): string;
  /** Before the pending question again after a side question. */
  backToQuestion: string;
  apology: string;
  /** "上周五是 11月20日（周五），对吗？" */
  confirmDate(phrase: string, day: { year: number; month: number; day: number }, weekday: number): string;
  dateYesButton: string;
  dateNoButton: string;
  askExactDate: string;
  caseNumberNotOrder(number: string): string;
  switchedFlow(from: FlowKind, to: FlowKind): string;
  offerRequest(flow: FlowKind): string;
  statusNoMatch: string;
  followupOpened(number: string, about: string | undefined): string;
  notDelivered: string;
  photosHeld(count: number): string;
  recapNothing: string;
}
