import { z } from 'zod';
import { isIsoDate } from './civil-date.ts';
import { describePeriodProblem } from './business-hours.ts';
import { ESTIMATE_YEAR_RANGE } from './statutory-estimate.ts';

const isoDate = z.string().refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' });

const period = z.object({ start: z.string(), end: z.string() }).strict();

const periods = z.array(period).superRefine((value, ctx) => {
  const problem = describePeriodProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const importedSchema = z
  .object({
    years: z.array(z.number().int().min(ESTIMATE_YEAR_RANGE.min).max(ESTIMATE_YEAR_RANGE.max)).default([]),
    daysOff: z.array(isoDate).default([]),
    workdays: z.array(isoDate).default([]),
    /** The SUMMARY of the imported event behind a listed date (e.g. "国庆节(休)"), for `calendar show`. */
    names: z.record(isoDate, z.string().min(1)).default({}),
  })
  .strict();

/** Operator calendar file: overrides plus imported official schedules (dates 'YYYY-MM-DD'). */
export const calendarDataSchema = z
  .object({
    closed: z.array(isoDate).default([]),
    open: z.array(isoDate).default([]),
    hours: z.record(isoDate, periods).default({}),
    imported: importedSchema.default({ years: [], daysOff: [], workdays: [], names: {} }),
  })
  .strict()
  .superRefine((data, ctx) => {
    const closed = new Set(data.closed);
    for (const date of data.open) {
      if (closed.has(date)) ctx.addIssue({ code: 'custom', path: ['open'], message: `${date} is listed as both closed and open` });
    }
    const off = new Set(data.imported.daysOff);
    for (const date of data.imported.workdays) {
      if (off.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['imported', 'workdays'], message: `${date} is imported as both a day off and a workday` });
      }
    }
    const work = new Set(data.imported.workdays);
    for (const date of Object.keys(data.imported.names)) {
      if (!off.has(date) && !work.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['imported', 'names', date], message: `${date} has a name but is neither an imported day off nor an imported workday` });
      }
    }
  });

/**
 * Operator overrides and imported schedules. `closed`/`open` force a date off/on; `hours` gives
 * special periods for a date (and opens it unless it is also closed). `imported.years` are years whose
 * whole schedule comes from a complete import; imported dates outside those years (a `--partial`
 * import, or days next to New Year from the neighbouring year's notice) apply date by date on top of
 * the package or the estimate.
 */
export type CalendarData = z.output<typeof calendarDataSchema>;

/** Calendar data as written by hand: every field optional. */
export type CalendarDataInput = z.input<typeof calendarDataSchema>;

/** Calendar data with no overrides and no imports. */
export function emptyCalendarData(): CalendarData {
  return { closed: [], open: [], hours: {}, imported: { years: [], daysOff: [], workdays: [], names: {} } };
}
