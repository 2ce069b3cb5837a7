import { expect } from 'vitest';
import { createPeoplePort } from '../../../src/cases/handoff.ts';
import { transitionCase } from '../../../src/cases/transition-case.ts';
import type { AttachmentRef, CaseDraft } from '../../../src/contracts/cases.ts';
import type { Reply } from '../../../src/contracts/conversation.ts';
import type { Lang } from '../../../src/contracts/lang.ts';
import type { ConsultAnswerer } from '../../../src/conversation/consult-answerer.ts';
import { createInProcessBot, type CaseDatabase, type InProcessBot } from './in-process.ts';

/**
 * A merchant talking to the real orchestrator over the real case service, people port and database, on a fixed
 * clock: Thursday 2026-11-26 10:00 Asia/Shanghai. Each step moves the clock on by a minute so cases keep their order.
 * Outcomes are read from the chat state (the draft and what it waits for), the database (cases, the chat's handoff
 * mark) and the consultation answerer (which questions reached it), never from the exact wording of a reply.
 */
export const NOW = new Date('2026-11-26T02:00:00Z');
const MINUTE = 60_000;

/** What the consultation answerer replies: a marker that shows the question took the consultation path. */
export const ANSWERED = { zh: '【咨询答复】', en: '[consultation answer]' } as const;

/** How the bot says it did not understand a message, in either language. */
export const NOT_UNDERSTOOD = /没有理解|没有看懂|didn't understand|did not understand/i;

/** A draft as the chat state keeps it (only what the tests read). */
export interface DraftView {
  flow: string;
  awaiting: string;
  fields: {
    orderNumber?: string;
    itemName?: string;
    quantity?: number;
    problemCategory?: string;
    description?: string;
    photos?: unknown[];
    photosDone?: boolean;
    wishedRemedy?: string;
    receivedOn?: string;
    reason?: string;
    accusedName?: string | null;
  };
}

export const photo = (n: number): AttachmentRef => ({ ref: `photo-${n}`, mimeType: 'image/jpeg', sizeBytes: 800_000, fileName: `photo-${n}.jpg` });

export const textOf = (replies: Reply[]) => replies.map((reply) => reply.text).join('\n');
export const buttonIds = (replies: Reply[]) => replies.flatMap((reply) => reply.buttons ?? []).map((button) => button.id);

/** Whether replies mention `date` (YYYY-MM-DD) as a merchant reads it: 11月20日 / Nov 20 (or the ISO day). */
export function mentionsDay(text: string, date: string): boolean {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const en = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1] ?? '';
  return text.includes(`${month}月${day}日`) || new RegExp(`\\b${en}\\w*\\.? ${day}\\b`).test(text) || new RegExp(`\\b${day} ${en}`).test(text) || text.includes(date);
}

/** A bot on `db` with the real people port and a consultation answerer that records the questions it is asked. */
export async function createUnderstandingBot(db: CaseDatabase) {
  const questions: string[] = [];
  const consult: ConsultAnswerer = {
    async answer(question) {
      questions.push(question.question);
      const lang = question.lang === 'en' ? 'en' : 'zh';
      return {
        answerId: null,
        answer: { text: ANSWERED[lang], lang, clauseIds: [], figures: [], needsPerson: false, source: 'offline' },
        check: { verdict: 'pass', violations: [] },
        citations: [],
      };
    },
  };
  const bot = await createInProcessBot(db, { deps: { consult, people: createPeoplePort(db.deps) } });
  return { bot, questions };
}

/** One merchant's chat: every step is a merchant turn. */
export class MerchantChat {
  turns = 0;
  last: Reply[] = [];
  at: Date;
  /** Every step and what the bot said, for failure messages. */
  readonly log: string[] = [];

  constructor(
    readonly db: CaseDatabase,
    readonly bot: InProcessBot,
    readonly questions: string[],
    readonly key: string,
    start: Date = NOW,
  ) {
    this.at = start;
  }

  static async open(db: CaseDatabase, key = 'chat', start: Date = NOW): Promise<MerchantChat> {
    const { bot, questions } = await createUnderstandingBot(db);
    return new MerchantChat(db, bot, questions, key, start);
  }

  private tick(): Date {
    this.at = new Date(this.at.getTime() + MINUTE);
    return this.at;
  }

  /** Lets time pass without a message (a pause in the chat). */
  pause(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }

  async say(text: string, attachments?: AttachmentRef[]): Promise<Reply[]> {
    this.turns += 1;
    this.last = await this.bot.send(this.key, text, { at: this.tick(), ...(attachments ? { attachments } : {}) });
    this.log.push(`merchant: ${text}${attachments ? ` [+${attachments.length} photo]` : ''}`, `bot: ${this.text}`);
    return this.last;
  }

  async press(id: string): Promise<Reply[]> {
    this.turns += 1;
    this.last = await this.bot.press(this.key, id, { at: this.tick() });
    this.log.push(`merchant presses: ${id}`, `bot: ${this.text}`);
    return this.last;
  }

  get text(): string {
    return textOf(this.last);
  }

  get buttons(): string[] {
    return buttonIds(this.last);
  }

  /** The chat state as stored between messages. */
  state(): Record<string, unknown> {
    return JSON.parse(this.bot.chats.get(this.key)?.state ?? '{}') as Record<string, unknown>;
  }

  draft(): DraftView | undefined {
    return this.state().draft as DraftView | undefined;
  }

  async cases() {
    return this.bot.cases(this.key);
  }

  async ids(): Promise<{ chatId: string; merchantId: string }> {
    return this.bot.chatRow(this.key);
  }

  /** Whether this chat was handed to people (the chat row's handoff mark, set by the real people port). */
  async handedOff(): Promise<boolean> {
    const { chatId } = await this.ids();
    const row = await this.db.prisma.chat.findUniqueOrThrow({ where: { id: chatId }, select: { handoffSince: true } });
    return row.handoffSince !== null;
  }

  /** A case opened for this merchant through the real case service (as if filed earlier). */
  async seedCase(draft: CaseDraft, at: Date = new Date(NOW.getTime() - 3 * 24 * 3_600_000)) {
    const { chatId, merchantId } = await this.ids();
    return this.db.cases.openCase({ chatId, merchantId, lang: 'zh-CN', draft, at });
  }

  /** A staff step on a case through its real state table. */
  async staffStep(caseId: string, event: string, fields?: Record<string, string>, at: Date = new Date(NOW.getTime() - 24 * 3_600_000)) {
    const result = await transitionCase(this.db.deps, caseId, { event: event as never, actor: { kind: 'staff', id: 'staff-understanding' }, at, ...(fields ? { fields } : {}) });
    expect(result.ok, `staff ${event}`).toBe(true);
    return result;
  }

  /** The transcript so far, for assertion messages. */
  get transcript(): string {
    return this.log.join('\n');
  }
}

export interface DriveOptions {
  lang: Lang;
  /** Answers for fields the first message did not give; each answer costs one merchant turn, counted apart. */
  extras?: Partial<Record<string, string>>;
  /** At the photo question: send one photo, or say there are none. */
  photos: 'send' | 'skip';
  maxSteps?: number;
}

/**
 * Finishes the draft the way a merchant would: answers the photo question, gives a field the first message did not
 * hold (from `extras`, counted apart), and confirms the summary. A question for any other field fails: the first
 * message held it. Returns the slots the bot asked for and how many turns the extras took.
 */
export async function driveToCase(chat: MerchantChat, options: DriveOptions): Promise<{ asked: string[]; extraTurns: number }> {
  const asked: string[] = [];
  let extraTurns = 0;
  const answered = new Set<string>();
  for (let step = 0; step < (options.maxSteps ?? 6); step += 1) {
    const draft = chat.draft();
    if (!draft) return { asked, extraTurns };
    const slot = draft.awaiting;
    asked.push(slot);
    if (slot === 'review') {
      const confirm = chat.buttons.find((id) => id.startsWith('flow:confirm:'));
      if (confirm) await chat.press(confirm);
      else await chat.say(options.lang === 'en' ? 'confirm' : '确认');
      continue;
    }
    if (slot === 'photos') {
      if (answered.has('photos')) {
        // Photos were sent and the step is still open: one more turn to say so.
        await chat.say(options.lang === 'en' ? 'done' : '好了');
      } else if (options.photos === 'send') {
        await chat.say('', [photo(1)]);
      } else {
        await chat.say(options.lang === 'en' ? 'no photos' : '没有照片');
      }
      answered.add('photos');
      continue;
    }
    const extra = options.extras?.[slot];
    expect(extra, `the bot asked for "${slot}", which the merchant already gave or is not expected:\n${chat.transcript}`).toBeDefined();
    expect(answered.has(slot), `the bot asked for "${slot}" again after it was answered:\n${chat.transcript}`).toBe(false);
    answered.add(slot);
    extraTurns += 1;
    await chat.say(extra ?? '');
  }
  expect(chat.draft(), `the draft never became a case:\n${chat.transcript}`).toBeUndefined();
  return { asked, extraTurns };
}

/** The local day of a stored date column. */
export const isoDay = (value: Date | null | undefined) => (value ? value.toISOString().slice(0, 10) : null);
