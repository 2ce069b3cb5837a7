import type { CasePort } from '../conversation/case-port.ts';
import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { PrismaClient } from '../store/prisma.ts';

export interface CaseServiceDeps {
  prisma: PrismaClient;
  calendar: () => WorkingCalendar;
  policy: Policy;
  timeZone: string;
  log: Logger;
}

/** Cases over the database: numbers, deadlines, the event log. */
export function createCaseService(_deps: CaseServiceDeps): CasePort & { recomputeEstimatedDeadlines(at: Date): Promise<number> } {
  const unavailable = async (): Promise<never> => {
    throw new CodedError('cases.unavailable', 'cases are not available yet');
  };
  return { openCase: unavailable, listCases: unavailable, findCase: unavailable, cancelCase: unavailable, recomputeEstimatedDeadlines: async () => 0 };
}
