import type { CalendarData } from './calendar-data.ts';
import type { TimePeriod } from './business-hours.ts';
import { dateOfEpochDay, isWeekendEpochDay, yearSpan } from './civil-date.ts';
import { packageDay, packageYears } from './package-schedule.ts';
import { estimateYear } from './statutory-estimate.ts';

/** 'cn' when a result rests only on published schedules; 'estimated' when any day was estimated. */
export type CalendarLabel = 'cn' | 'estimated';

/** Which layer decided a day's status (override > imported > package > estimated > plain weekday/weekend). */
export type DaySource = 'package' | 'imported' | 'override' | 'estimated' | 'weekday' | 'weekend';

/**
 * Where a year's schedule comes from: a complete import, the package, or the estimate; `partial` is an
 * estimated year with some imported dates on top (a `--partial` import or days from a neighbouring
 * year's notice): still estimated, since the dates the import leaves out are guesses.
 */
export type YearOrigin = 'imported' | 'package' | 'partial' | 'estimated';

/** Resolved status of one local date. */
export interface DayInfo {
  readonly date: string;
  readonly working: boolean;
  readonly source: DaySource;
  readonly label: CalendarLabel;
  readonly periods: readonly TimePeriod[];
  readonly name?: string;
}

/** All days of one year, indexed by day of year. */
export interface YearTable {
  readonly year: number;
  readonly origin: YearOrigin;
  readonly firstEpochDay: number;
  readonly days: readonly DayInfo[];
}

/** Calendar data pre-indexed into sets, built once per calendar. */
export interface DayTableInputs {
  readonly defaultHours: readonly TimePeriod[];
  readonly hours: Readonly<Record<string, readonly TimePeriod[]>>;
  readonly closed: ReadonlySet<string>;
  readonly open: ReadonlySet<string>;
  readonly importedYears: ReadonlySet<number>;
  readonly importedOff: ReadonlySet<string>;
  readonly importedWork: ReadonlySet<string>;
  readonly importedNames: Readonly<Record<string, string>>;
  /** Years with at least one imported date. */
  readonly importedDateYears: ReadonlySet<number>;
}

/** Indexes calendar data for fast day lookups. */
export function indexCalendarData(data: CalendarData, defaultHours: readonly TimePeriod[]): DayTableInputs {
  return {
    defaultHours: Object.freeze([...defaultHours]),
    hours: data.hours,
    closed: new Set(data.closed),
    open: new Set(data.open),
    importedYears: new Set(data.imported.years),
    importedOff: new Set(data.imported.daysOff),
    importedWork: new Set(data.imported.workdays),
    importedNames: data.imported.names,
    importedDateYears: new Set([...data.imported.daysOff, ...data.imported.workdays].map((date) => Number(date.slice(0, 4)))),
  };
}

/** Origin of a year's schedule: a complete import wins over the package, which wins over the estimate. */
export function yearOrigin(year: number, inputs: DayTableInputs): YearOrigin {
  if (inputs.importedYears.has(year)) return 'imported';
  if (packageYears().has(year)) return 'package';
  return inputs.importedDateYears.has(year) ? 'partial' : 'estimated';
}

/** Whether days of a year with this origin rest on the estimate (label 'estimated'). */
export function isEstimatedOrigin(origin: YearOrigin): boolean {
  return origin === 'estimated' || origin === 'partial';
}

interface Status {
  working: boolean;
  source: DaySource;
  name?: string;
}

function overrideStatus(date: string, inputs: DayTableInputs): Status | undefined {
  if (inputs.closed.has(date)) return { working: false, source: 'override' };
  // Special hours for a date imply the business is open then, even on a weekend or holiday.
  if (inputs.open.has(date) || inputs.hours[date] !== undefined) return { working: true, source: 'override' };
  return undefined;
}

function importedStatus(date: string, inputs: DayTableInputs): Status | undefined {
  const working = inputs.importedOff.has(date) ? false : inputs.importedWork.has(date) ? true : undefined;
  if (working === undefined) return undefined;
  const name = inputs.importedNames[date];
  return name === undefined ? { working, source: 'imported' } : { working, source: 'imported', name };
}

/** Builds the resolved table for one year, applying the layers in precedence order. */
export function buildYearTable(year: number, inputs: DayTableInputs): YearTable {
  const origin = yearOrigin(year, inputs);
  const estimatedYear = isEstimatedOrigin(origin);
  const label: CalendarLabel = estimatedYear ? 'estimated' : 'cn';
  // A partial year keeps the whole estimate underneath: only the dates the import lists replace it.
  const estimated = new Map(estimatedYear ? estimateYear(year).map((day) => [day.date, day.name]) : []);
  const { first, length } = yearSpan(year);
  const days: DayInfo[] = [];
  for (let offset = 0; offset < length; offset += 1) {
    const epochDay = first + offset;
    const date = dateOfEpochDay(epochDay);
    let status: Status = isWeekendEpochDay(epochDay)
      ? { working: false, source: 'weekend' }
      : { working: true, source: 'weekday' };
    if (origin === 'package') {
      const published = packageDay(date);
      if (published) status = { working: published.working, source: 'package', name: published.name };
    } else if (estimatedYear) {
      const name = estimated.get(date);
      if (name !== undefined) status = { working: false, source: 'estimated', name };
    }
    status = overrideStatus(date, inputs) ?? importedStatus(date, inputs) ?? status;
    const periods = status.working ? (inputs.hours[date] ?? inputs.defaultHours) : [];
    const info: DayInfo = { date, working: status.working, source: status.source, label, periods: Object.freeze([...periods]) };
    days.push(Object.freeze(status.name === undefined ? info : { ...info, name: status.name }));
  }
  return Object.freeze({ year, origin, firstEpochDay: first, days: Object.freeze(days) });
}
