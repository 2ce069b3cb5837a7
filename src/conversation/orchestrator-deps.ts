import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import type { Logger } from '../log.ts';
import type { AttachmentRef, CasePort } from '../contracts/cases.ts';
import type { ConsultAnswerer } from './consult-answerer.ts';
import type { Understanding, UnderstandingContext } from '../domain/intake/understanding.ts';

/** Reads a merchant's message into an intent and facts (src/understanding implements it; offline by default). */
export interface UnderstandingPort {
  understand(text: string, ctx: UnderstandingContext, now: Date, timeZone: string): Promise<Understanding>;
}

/** Handoff to a person (3.3.3), implemented by the case layer over the outbox. */
export interface PeoplePort {
  /**
   * Puts a card on the staff desks; with `mark` the chat is held by people until staff hand it back. With
   * `inboundId`, once per inbound event: the same event processed again (a retried turn) puts up no second card.
   */
  requestHandoff(input: { chatId: string; reason: string; at: Date; mark: boolean; inboundId?: string }): Promise<{ already: boolean }>;
  /** While people hold the chat: the merchant's words go to the staff desks instead of the bot. */
  relayToDesk(input: { chatId: string; text: string; attachments?: readonly AttachmentRef[]; at: Date }): Promise<void>;
  /** "Not satisfied" with an answer that had already put the question on the desk: said under that card, no new one. */
  addNotSatisfied(input: { chatId: string; question: string; at: Date }): Promise<void>;
}

/** Everything the conversation needs from the rest of the bot. */
export interface OrchestratorDeps {
  cases: CasePort;
  /** The calendar in force (it changes when the operator imports a schedule). */
  calendar: () => WorkingCalendar;
  policy: Policy;
  timeZone: string;
  draftTtlMs: number;
  log: Logger;
  /** Consultation answers; a placeholder that promises a person when not given. */
  consult?: ConsultAnswerer;
  /** The staff desk's door for handoff to a person; without it the bot says no person is reachable here. */
  people?: PeoplePort;
  /** Reads every message; without it the offline rules of src/domain/intake are used directly. */
  understander?: UnderstandingPort;
  /** Draft ids; random UUIDs when not given (tests pass a counter). */
  newId?: () => string;
}
