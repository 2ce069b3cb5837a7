import type { ProblemCategory } from './choices.ts';

/**
 * What understanding a merchant's message produces: one intent and every fact the message states, each with the
 * exact text it was read from. Pure types; the offline extractor, the date reader and the optional LLM assist all
 * produce or check these shapes, and the conversation consumes them.
 */

/** What a message wants (the labels of test/fixtures/utterances). */
export const MESSAGE_INTENTS = [
  'quality',
  'return',
  'exchange',
  'complaint',
  'consult',
  'handoff',
  'status',
  'dissatisfied',
  'not_delivered',
  'greeting',
  'recap',
  'cancel',
  'answer',
  'correction',
  'other',
] as const;

/** One intent. */
export type MessageIntent = (typeof MESSAGE_INTENTS)[number];

/** What a merchant says they want done. */
export const WISHED_REMEDIES = ['replace', 'repair', 'refund', 'return', 'exchange'] as const;

/** One wished remedy. */
export type WishedRemedy = (typeof WISHED_REMEDIES)[number];

/** Where a fact was read: [start, end) offsets into the message as received. */
export interface Span {
  start: number;
  end: number;
}

/** A fact and the text it came from. */
export interface Found<T> {
  value: T;
  span: Span;
}

/** A received date read from a phrase such as "上周五" or "Nov 20". */
export interface FoundDate extends Found<string> {
  /** 'YYYY-MM-DD' in the business time zone is `value`; true when the bot should confirm it with its weekday first. */
  needsConfirm: boolean;
}

/** Why a date phrase that was found could not become a receipt date. */
export type DateProblem = 'invalid' | 'future' | 'too_old';

/** Every fact a message states. Absent means the message does not state it. */
export interface MessageFacts {
  orderNumber?: Found<string>;
  caseNumber?: Found<string>;
  itemName?: Found<string>;
  /** The number of items the request is about ("收到五个，其中两个坏了" → 2). */
  quantity?: Found<number>;
  problemCategory?: Found<ProblemCategory>;
  wishedRemedy?: Found<WishedRemedy>;
  receivedOn?: FoundDate;
  /** A date phrase was found but refused (a future day, an impossible date). */
  dateProblem?: Found<DateProblem>;
  accusedName?: Found<string>;
  /** "图片稍后发", "will send pics". */
  hasPhotoPromise?: boolean;
  /** Angry or abusive: apologise before anything else. */
  angry?: boolean;
}

/** What the bot was doing when the message arrived. */
export interface UnderstandingContext {
  /** The draft in progress and the question it waits for. */
  draft?: { flow: 'quality' | 'return' | 'exchange' | 'complaint'; awaiting: string };
  /** The merchant's open and recently handled cases. */
  openCases?: ReadonlyArray<{ number: string; type: string; status: string }>;
  /** The intent of the previous message, when it matters ("投诉多久有结果" right after a complaint). */
  lastIntent?: MessageIntent;
}

/** The understanding of one message. */
export interface Understanding {
  intent: MessageIntent;
  facts: MessageFacts;
}
