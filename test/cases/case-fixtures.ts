import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCaseService } from '../../src/cases/case-service.ts';
import type { CaseServiceDeps } from '../../src/cases/case-service.ts';
import type { CaseDraft } from '../../src/contracts/cases.ts';
import { createWorkingCalendar, emptyCalendarData, mergeImport, parseIcs } from '../../src/domain/calendar/index.ts';
import type { WorkingCalendar } from '../../src/domain/calendar/index.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';
import { createLogger } from '../../src/log.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { createTestDatabase } from '../support/test-database.ts';

/** The business zone of the case tests. */
export const SH = 'Asia/Shanghai';
const HOURS = [{ start: '09:00', end: '18:00' }];

/** The packaged calendar: 2026 published, 2027 estimated. */
export function packagedCalendar(): WorkingCalendar {
  return createWorkingCalendar({ timeZone: SH, hours: HOURS });
}

/** The calendar after the operator imported the official 2027 schedule (test/fixtures/calendar/official-2027.ics). */
export function calendarWithOfficial2027(): WorkingCalendar {
  const ics = readFileSync(fileURLToPath(new URL('../fixtures/calendar/official-2027.ics', import.meta.url)), 'utf8');
  return createWorkingCalendar({ timeZone: SH, hours: HOURS, data: mergeImport(emptyCalendarData(), parseIcs(ics)).data });
}

/** A fresh migrated database, a client on it, and a case service whose calendar the test can swap. */
export interface CaseTestContext {
  prisma: PrismaClient;
  deps: CaseServiceDeps;
  service: ReturnType<typeof createCaseService>;
  setCalendar(calendar: WorkingCalendar): void;
  /** A merchant with one console chat. */
  merchant(name: string): Promise<{ merchantId: string; chatId: string }>;
  close(): Promise<void>;
}

/** Starts a case test context on a real database (DATABASE_URL server, else embedded PGlite). */
export async function startCaseTest(): Promise<CaseTestContext> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  let calendar = packagedCalendar();
  const deps: CaseServiceDeps = { prisma, calendar: () => calendar, policy: defaultPolicy, timeZone: SH, log: createLogger('silent') };
  return {
    prisma,
    deps,
    service: createCaseService(deps),
    setCalendar: (next) => {
      calendar = next;
    },
    async merchant(name) {
      const merchant = await prisma.merchant.create({ data: { displayName: name } });
      const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `${name}-${merchant.id}`, merchantId: merchant.id } });
      return { merchantId: merchant.id, chatId: chat.id };
    },
    async close() {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** A confirmed quality-problem draft. */
export const qualityDraft: CaseDraft = { type: 'quality', orderNumber: 'PO-1001', itemName: '保温杯', quantity: 2, problemCategory: 'damaged', description: '杯盖开裂' };

/** A return draft for goods received on `receivedOn`. */
export function returnDraft(receivedOn: string): CaseDraft {
  return { type: 'return', orderNumber: 'PO-2002', itemName: '电水壶', quantity: 1, receivedOn, reason: '不想要了' };
}
