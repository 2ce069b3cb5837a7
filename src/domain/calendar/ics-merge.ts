import type { CalendarData } from './calendar-data.ts';
import { epochDayOf, isWeekendEpochDay } from './civil-date.ts';
import type { ImportedYear } from './ics.ts';

/** What an import did to one year. */
export interface ImportYearSummary {
  year: number;
  daysOff: number;
  workingWeekends: number;
  changed: boolean;
  partial: boolean;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function snapshot(year: number, years: Set<number>, off: Set<string>, work: Set<string>): string {
  const inYear = (dates: Set<string>): string => [...dates].filter((d) => yearOf(d) === year).sort().join(',');
  return `${years.has(year)}|${inYear(off)}|${inYear(work)}`;
}

/**
 * Merges parsed ICS years into calendar data. A full year replaces that year's earlier imported days
 * (so a corrected notice can remove days); a partial year only sets its listed dates. Idempotent.
 */
export function mergeImport(
  data: CalendarData,
  parsed: readonly ImportedYear[],
): { data: CalendarData; summary: ImportYearSummary[] } {
  const years = new Set(data.imported.years);
  const off = new Set(data.imported.daysOff);
  const work = new Set(data.imported.workdays);
  const summary: ImportYearSummary[] = [];
  for (const entry of [...parsed].sort((a, b) => a.year - b.year)) {
    const before = snapshot(entry.year, years, off, work);
    if (!entry.partial) {
      for (const set of [off, work]) for (const date of [...set]) if (yearOf(date) === entry.year) set.delete(date);
      years.add(entry.year);
    }
    for (const date of entry.daysOff) {
      work.delete(date);
      off.add(date);
    }
    for (const date of entry.workdays) {
      off.delete(date);
      work.add(date);
    }
    summary.push({
      year: entry.year,
      daysOff: entry.daysOff.length,
      workingWeekends: entry.workdays.filter((date) => isWeekendEpochDay(epochDayOf(date))).length,
      changed: snapshot(entry.year, years, off, work) !== before,
      partial: entry.partial,
    });
  }
  return {
    data: {
      ...data,
      imported: {
        years: [...years].sort((a, b) => a - b),
        daysOff: [...off].sort(),
        workdays: [...work].sort(),
      },
    },
    summary,
  };
}
