import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { CaseServiceDeps } from '../../../src/cases/case-service.ts';
import { createCaseService } from '../../../src/cases/case-service.ts';
import { transitionCase } from '../../../src/cases/transition-case.ts';
import type { OrchestratorDeps } from '../../../src/conversation/build-orchestrator.ts';
import { buildOrchestrator } from '../../../src/conversation/build-orchestrator.ts';
import type { AttachmentRef, CaseActionResult } from '../../../src/contracts/cases.ts';
import type { ChatContext, ConversationInput, Reply } from '../../../src/contracts/conversation.ts';
import type { Lang } from '../../../src/contracts/lang.ts';
import { parseLangTag } from '../../../src/contracts/lang.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { defaultClauses, defaultFaq } from '../../../src/domain/policy/defaults.ts';
import { createConsultService } from '../../../src/consult/consult-service.ts';
import { createConsultationAnswerStore } from '../../../src/store/consultation-answer-store.ts';
import { createLogger } from '../../../src/log.ts';
import type { PrismaClient } from '../../../src/store/prisma.ts';
import { packagedCalendar, SH, startCaseTest } from '../../cases/case-fixtures.ts';
import type { TranscriptDriver } from './transcript.ts';

export const TIME_ZONE = SH;
export const calendar = packagedCalendar();

/** A real, migrated database with the real case service on it; one per test file (open in beforeAll, close in afterAll). */
export interface CaseDatabase {
  prisma: PrismaClient;
  deps: CaseServiceDeps;
  cases: ReturnType<typeof createCaseService>;
  /** A staff member moves a case through its state table (e.g. `contact`), through the real transition service. */
  staffEvent(number: string, event: 'contact', at?: Date): Promise<CaseActionResult>;
  /** Makes every case query fail for real (the Case table goes away) until `restore()`. */
  breakCaseTable(): Promise<{ restore(): Promise<void> }>;
  close(): Promise<void>;
}

export async function openCaseDatabase(): Promise<CaseDatabase> {
  // The same real database and case service the case tests use (test/cases/case-fixtures.ts).
  const base = await startCaseTest();
  const { prisma, deps } = base;
  return {
    prisma,
    deps,
    cases: base.service,
    async staffEvent(number, event, at = new Date()) {
      const found = await prisma.case.findUniqueOrThrow({ where: { number }, select: { id: true } });
      const staff = await prisma.staff.create({ data: { name: '测试客服' } });
      return transitionCase(deps, found.id, { event, actor: { kind: 'staff', id: staff.id }, at });
    },
    async breakCaseTable() {
      await prisma.$executeRawUnsafe('ALTER TABLE "Case" RENAME TO "Case_offline"');
      return { restore: async () => void (await prisma.$executeRawUnsafe('ALTER TABLE "Case_offline" RENAME TO "Case"')) };
    },
    close: base.close,
  };
}

/**
 * The file's case database, opened before its tests and closed after them. The handle is usable in
 * tests and hooks (it reaches the database opened in beforeAll); calling it earlier is a mistake.
 */
export function useCaseDatabase(): CaseDatabase {
  let opened: CaseDatabase | undefined;
  beforeAll(async () => {
    opened = await openCaseDatabase();
  });
  afterAll(async () => {
    await opened?.close();
  });
  const current = (): CaseDatabase => {
    if (!opened) throw new Error('the case database opens in beforeAll');
    return opened;
  };
  return {
    get prisma() {
      return current().prisma;
    },
    get deps() {
      return current().deps;
    },
    get cases() {
      return current().cases;
    },
    staffEvent: (number, event, at) => current().staffEvent(number, event, at),
    breakCaseTable: () => current().breakCaseTable(),
    close: () => current().close(),
  };
}

export type InProcessBot = Awaited<ReturnType<typeof createInProcessBot>>;

/**
 * The orchestrator over the real case service on `db`, with chat state kept the way the pipeline keeps it (as JSON).
 * Each chat key gets its own real merchant and console chat row, unique across the file's shared database.
 */
export async function createInProcessBot(db: CaseDatabase, options: { draftTtlMs?: number; deps?: Partial<OrchestratorDeps> } = {}) {
  let ids = 0;
  const deps = (): OrchestratorDeps => ({
    cases: createCaseService(db.deps),
    calendar: () => calendar,
    policy: defaultPolicy,
    timeZone: TIME_ZONE,
    draftTtlMs: options.draftTtlMs ?? 72 * 3_600_000,
    log: createLogger('silent'),
    newId: () => `draft-${++ids}`,
    // The consultation answerer the app runs with no OPENAI_API_KEY: offline, checked, stored.
    consult: createConsultService({ policy: defaultPolicy, clauses: defaultClauses, faq: defaultFaq, log: createLogger('silent'), store: createConsultationAnswerStore(db.prisma), cases: createCaseService(db.deps) }),
    ...options.deps,
  });
  let orchestrator = buildOrchestrator(deps());
  const chats = new Map<string, { lang: Lang; state: string }>();
  const rows = new Map<string, Promise<{ chatId: string; merchantId: string }>>();
  // Fails early if the database is not there, rather than on the first message.
  await db.prisma.$queryRaw`SELECT 1`;

  /** The real chat and merchant rows behind a chat key, created on first use. */
  function chatRow(key: string): Promise<{ chatId: string; merchantId: string }> {
    let row = rows.get(key);
    if (row === undefined) {
      row = (async () => {
        const merchant = await db.prisma.merchant.create({ data: { displayName: `in-process ${key}` } });
        const chat = await db.prisma.chat.create({ data: { platform: 'console', externalChatId: `in-process-${key}-${randomUUID()}`, merchantId: merchant.id } });
        return { chatId: chat.id, merchantId: merchant.id };
      })();
      rows.set(key, row);
    }
    return row;
  }

  async function handle(key: string, input: ConversationInput): Promise<Reply[]> {
    const { chatId, merchantId } = await chatRow(key);
    const stored = chats.get(key) ?? { lang: 'zh-CN', state: '{}' };
    const chat: ChatContext = { chatId, merchantId, lang: stored.lang, state: JSON.parse(stored.state) as unknown };
    const result = await orchestrator.handle(chat, input);
    // Round-tripping through JSON is what the database does; a state that does not survive it fails here.
    chats.set(key, { lang: result.lang, state: JSON.stringify(result.state) });
    return result.replies;
  }

  /** The chat's cases as stored (every column), oldest first. */
  async function cases(key: string) {
    const { merchantId } = await chatRow(key);
    return db.prisma.case.findMany({ where: { merchantId }, orderBy: [{ openedAt: 'asc' }, { number: 'asc' }] });
  }

  const send = (key: string, text: string, o: { lang?: string; attachments?: AttachmentRef[]; at?: Date } = {}) =>
    handle(key, { kind: 'message', text, receivedAt: o.at ?? new Date(), ...(o.attachments ? { attachments: o.attachments } : {}), ...(parseLangTag(o.lang) ? { lang: parseLangTag(o.lang) ?? 'zh-CN' } : {}) });
  const press = (key: string, actionId: string, o: { at?: Date } = {}) => handle(key, { kind: 'action', actionId, receivedAt: o.at ?? new Date() });

  return {
    chats,
    chatRow,
    handle,
    send,
    press,
    cases,
    driver(key: string): TranscriptDriver {
      return {
        send: (text, o) => send(key, text, o),
        press: (id) => press(key, id),
        // A new orchestrator and case service on the same database; chat state is kept, as the chat row keeps it.
        restart: async () => {
          orchestrator = buildOrchestrator(deps());
        },
        cases: async () => (await cases(key)).map((c) => ({ ...c })),
      };
    },
  };
}
