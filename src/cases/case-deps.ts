import type { Platform } from '../contracts/channel.ts';
import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import type { Logger } from '../log.ts';
import type { PrismaClient } from '../store/prisma.ts';
import type { DirectMessagePlatform } from '../store/staff-dm-store.ts';

/** What the case service needs: the database, the calendar in force, the policy and the business zone. */
export interface CaseServiceDeps {
  prisma: PrismaClient;
  /** The calendar in force (it changes when the operator imports a schedule). */
  calendar: () => WorkingCalendar;
  policy: Policy;
  timeZone: string;
  log: Logger;
  /** Told after every commit which chats got outbox rows (possibly none), so delivery starts at once (a sweeper covers a crash in between). */
  onOutbox?: (chats: Array<{ chatId: string; platform: Platform }>) => void;
  /** Told after a commit that may have started, moved or finished SLA deadlines (or opened a handoff), so their timers follow at once (a sweep covers a crash in between). */
  onDeadlines?: () => void;
  /** The platforms that are on and reach staff privately: SLA warnings go to the assignee's DMs there. None: to the desks. */
  directMessages?: readonly DirectMessagePlatform[];
  /** Where staff see a console photo, by its upload ref; undefined keeps it off the card. */
  photoUrl?: (ref: string) => string | undefined;
}
