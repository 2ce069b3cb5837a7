import type { CalendarData } from './calendar-data.ts';
import { CalendarImportIncompleteError } from './calendar-error.ts';
import type { IncompleteYear } from './calendar-error.ts';
import { epochDayOf, isWeekendEpochDay } from './civil-date.ts';
import { missingHolidays } from './holiday-coverage.ts';
import type { HolidayKey } from './holiday-names.ts';
import type { ImportedYear } from './ics.ts';

/**
 * How a year was merged: `year` replaces the whole year's schedule; `fragment` (days next to New Year
 * from the neighbouring year's notice) and `partial` (a year lacking statutory holidays, with --partial)
 * set only the listed dates, leaving the rest of the year to the package or the estimate.
 */
export type ImportScope = 'year' | 'fragment' | 'partial';

/** What an import did to one year. */
export interface ImportYearSummary {
  year: number;
  daysOff: number;
  workingWeekends: number;
  changed: boolean;
  scope: ImportScope;
  /** Statutory holidays the file lacks for this year (only for `partial`). */
  missing: HolidayKey[];
}

/** Options for {@link mergeImport}. */
export interface MergeOptions {
  /** Merge a year that lacks statutory holidays date by date instead of refusing the import. */
  partial?: boolean;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function snapshot(year: number, years: Set<number>, off: Set<string>, work: Set<string>, names: Map<string, string>): string {
  const inYear = (dates: Iterable<string>): string => [...dates].filter((d) => yearOf(d) === year).sort().join(',');
  const named = [...names].filter(([date]) => yearOf(date) === year).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return `${years.has(year)}|${inYear(off)}|${inYear(work)}|${JSON.stringify(named)}`;
}

/** The statutory holidays each non-fragment year of `parsed` lacks; years that lack none are left out. */
export function incompleteYears(parsed: readonly ImportedYear[]): IncompleteYear[] {
  return parsed
    .filter((entry) => !entry.fragment)
    .map((entry) => ({ year: entry.year, missing: missingHolidays(entry.year, entry.daysOff.map((date) => ({ date, name: entry.names[date] }))) }))
    .filter((entry) => entry.missing.length > 0)
    .sort((a, b) => a.year - b.year);
}

/**
 * Merges parsed ICS years into calendar data. A complete year replaces that year's earlier imported
 * days (so a corrected notice can remove days) and makes the year official. A year that lacks any
 * statutory holiday is refused with `calendar.import_incomplete` (nothing merged), unless
 * `options.partial`: then its dates are set one by one and the year keeps its package or estimated
 * schedule everywhere else, so an omitted 国庆 stays off. A fragment year only sets its dates. Idempotent.
 */
export function mergeImport(
  data: CalendarData,
  parsed: readonly ImportedYear[],
  options: MergeOptions = {},
): { data: CalendarData; summary: ImportYearSummary[] } {
  const incomplete = incompleteYears(parsed);
  if (incomplete.length > 0 && options.partial !== true) throw new CalendarImportIncompleteError(incomplete);
  const missingByYear = new Map(incomplete.map((entry) => [entry.year, [...entry.missing]]));
  const years = new Set(data.imported.years);
  const off = new Set(data.imported.daysOff);
  const work = new Set(data.imported.workdays);
  const names = new Map(Object.entries(data.imported.names));
  const summary: ImportYearSummary[] = [];
  for (const entry of [...parsed].sort((a, b) => a.year - b.year)) {
    const before = snapshot(entry.year, years, off, work, names);
    const missing = missingByYear.get(entry.year) ?? [];
    const scope: ImportScope = entry.fragment ? 'fragment' : missing.length > 0 ? 'partial' : 'year';
    if (scope === 'year') {
      for (const set of [off, work]) for (const date of [...set]) if (yearOf(date) === entry.year) set.delete(date);
      for (const date of [...names.keys()]) if (yearOf(date) === entry.year) names.delete(date);
      years.add(entry.year);
    }
    for (const [dates, add, remove] of [[entry.daysOff, off, work], [entry.workdays, work, off]] as const) {
      for (const date of dates) {
        remove.delete(date);
        add.add(date);
        const name = entry.names[date];
        if (name === undefined) names.delete(date);
        else names.set(date, name);
      }
    }
    summary.push({
      year: entry.year,
      daysOff: entry.daysOff.length,
      workingWeekends: entry.workdays.filter((date) => isWeekendEpochDay(epochDayOf(date))).length,
      changed: snapshot(entry.year, years, off, work, names) !== before,
      scope,
      missing,
    });
  }
  return {
    data: {
      ...data,
      imported: {
        years: [...years].sort((a, b) => a - b),
        daysOff: [...off].sort(),
        workdays: [...work].sort(),
        names: Object.fromEntries([...names].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      },
    },
    summary,
  };
}
