import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorkingCalendar, emptyCalendarData, mergeImport, parseIcs } from '../../../src/domain/calendar/index.ts';
import type { WorkingCalendar } from '../../../src/domain/calendar/index.ts';

/** The business zone of every SLA test. */
export const SH = 'Asia/Shanghai';

const HOURS = [{ start: '09:00', end: '18:00' }];

/** The packaged calendar (published through 2026, estimated after). */
export const calendar: WorkingCalendar = createWorkingCalendar({ timeZone: SH, hours: HOURS });

/** The same calendar with the official 2027 schedule imported from the fixture. */
export function calendarWith2027(): WorkingCalendar {
  const ics = readFileSync(fileURLToPath(new URL('../../fixtures/calendar/official-2027.ics', import.meta.url)), 'utf8');
  return createWorkingCalendar({ timeZone: SH, hours: HOURS, data: mergeImport(emptyCalendarData(), parseIcs(ics)).data });
}
