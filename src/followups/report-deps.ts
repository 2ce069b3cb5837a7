import type { Touched } from '../store/case-outbox-store.ts';
import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { PrismaClient } from '../store/prisma.ts';
import { managerDeskCount } from '../store/report-store.ts';

/** What the manager reports need; the case service's deps (CaseServiceDeps) satisfy it. */
export interface ReportDeps {
  prisma: PrismaClient;
  /** The calendar in force: no daily summary on a day off. */
  calendar: () => WorkingCalendar;
  timeZone: string;
  /** Told which chats got a report message, so delivery starts at once (the outbox sweeper covers a crash in between). */
  onOutbox?: (chats: Touched) => void;
}

/** What a post did: the chats that got a message, and why there are none when there are none. */
export interface PostResult {
  touched: Touched;
  outcome: 'posted' | 'already_posted' | 'no_manager_desk' | 'non_working_day';
}

/** Hands the chats that got a report to delivery and names the outcome. */
export async function finish(deps: ReportDeps, touched: Touched): Promise<PostResult> {
  if (touched.length > 0) {
    deps.onOutbox?.(touched);
    return { touched, outcome: 'posted' };
  }
  return { touched, outcome: (await managerDeskCount(deps.prisma)) === 0 ? 'no_manager_desk' : 'already_posted' };
}
