import { CalendarError } from './calendar-error.ts';
import { dateOfEpochDay, toEpochDay, tryParseDate } from './civil-date.ts';
import { ESTIMATE_YEAR_RANGE } from './statutory-estimate.ts';

/**
 * One year of an imported schedule. `names` gives each listed date the SUMMARY of its event(s);
 * `fragment` marks a few days next to New Year that belong to the neighbouring year's notice.
 */
export interface ImportedYear {
  year: number;
  daysOff: string[];
  workdays: string[];
  names: Record<string, string>;
  fragment: boolean;
}

interface LogicalLine {
  number: number;
  text: string;
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
  line: number;
}

// No official notice spans a longer holiday; anything longer is a broken file, not a schedule.
const MAX_EVENT_DAYS = 366;
// Official notices sometimes move days just across New Year (e.g. 2018-12-29 worked for 元旦 2019).
const BOUNDARY_WINDOW_DAYS = 14;
// Matches the years the calendar can resolve (lunar tables of chinese-days).
const IMPORT_YEAR_RANGE = ESTIMATE_YEAR_RANGE;

function invalid(line: number, message: string): CalendarError {
  return new CalendarError('calendar.ics_invalid', `Invalid iCalendar (line ${line}): ${message}`);
}

/** Splits into logical lines, undoing RFC 5545 folding (CRLF followed by a space or tab). */
function unfold(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  physical.forEach((raw, index) => {
    const previous = lines[lines.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && previous) previous.text += raw.slice(1);
    else if (raw.trim() !== '') lines.push({ number: index + 1, text: raw });
  });
  return lines;
}

function parseProperty(line: LogicalLine): Property {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.text.length; i += 1) {
    const ch = line.text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) throw invalid(line.number, `expected NAME:VALUE, got "${line.text}"`);
  const [name = '', ...rawParams] = line.text.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const param of rawParams) {
    const eq = param.indexOf('=');
    if (eq > 0) params[param.slice(0, eq).toUpperCase()] = param.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.text.slice(colon + 1), line: line.number };
}

function parseDateValue(prop: Property): number {
  const value = prop.value.trim();
  if (prop.params.VALUE?.toUpperCase() === 'DATE-TIME' || /^\d{8}T/.test(value)) {
    throw invalid(prop.line, `${prop.name} must be an all-day date (YYYYMMDD), got "${value}"`);
  }
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const date = match ? tryParseDate(`${match[1]}-${match[2]}-${match[3]}`) : undefined;
  if (!date) throw invalid(prop.line, `${prop.name} has a bad date "${value}" (expected YYYYMMDD)`);
  return toEpochDay(date);
}

function parseDurationDays(prop: Property): number {
  const match = /^P(?:(\d+)W|(\d+)D)$/.exec(prop.value.trim().toUpperCase());
  if (!match) throw invalid(prop.line, `DURATION must be whole days or weeks (e.g. P3D), got "${prop.value}"`);
  return match[1] !== undefined ? Number(match[1]) * 7 : Number(match[2]);
}

/** The event's SUMMARY with RFC 5545 TEXT escapes (\n \, \; \\) undone and spaces collapsed; undefined when empty. */
function eventName(props: Map<string, Property>): string | undefined {
  const raw = props.get('SUMMARY')?.value;
  if (raw === undefined) return undefined;
  const text = raw.replace(/\\([nN,;\\])/g, (_match, ch: string) => (ch === 'n' || ch === 'N' ? ' ' : ch)).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

type Verdict = 'work' | 'off' | undefined;

/** Reads a 班/休 (or English work/holiday) marker from one text; undefined when absent or contradictory. */
function verdictOf(text: string): Verdict {
  // 调休 ("shifted rest") appears on both kinds of event, so it marks neither.
  const plain = text.replaceAll('调休', '');
  const work = plain.includes('班') || (/\bwork/i.test(plain) && !/\bnon-?work/i.test(plain));
  const off = plain.includes('休') || /\b(holidays?|off|rest)\b/i.test(plain);
  if (work === off) return undefined;
  return work ? 'work' : 'off';
}

/**
 * 班 (or "work"/"workday") marks an adjusted working day; anything else is a day off. SUMMARY is
 * trusted before DESCRIPTION because official descriptions often quote the whole notice ("…上班").
 */
function isWorkEvent(props: Map<string, Property>): boolean {
  const summary = props.get('SUMMARY')?.value ?? '';
  const description = props.get('DESCRIPTION')?.value ?? '';
  const apple = props.get('X-APPLE-SPECIAL-DAY')?.value.toUpperCase();
  const verdict =
    verdictOf(summary) ??
    verdictOf(description) ??
    (apple === 'ALTERNATE-WORKDAY' ? 'work' : apple === 'WORK-HOLIDAY' ? 'off' : undefined);
  if (verdict !== undefined) return verdict === 'work';
  const text = `${summary} ${description}`;
  return text.includes('班') || (/\bwork/i.test(text) && !/\bnon-?work/i.test(text));
}

function eventDays(props: Map<string, Property>, beginLine: number): number[] {
  const dtstart = props.get('DTSTART');
  if (!dtstart) throw invalid(beginLine, 'VEVENT has no DTSTART');
  const start = parseDateValue(dtstart);
  const dtend = props.get('DTEND');
  const duration = props.get('DURATION');
  let end = start + 1;
  if (dtend) {
    end = parseDateValue(dtend);
    if (end < start) throw invalid(dtend.line, `DTEND ${dtend.value.trim()} is before DTSTART ${dtstart.value.trim()}`);
    // Some exporters write DTEND equal to DTSTART for a single all-day event.
    if (end === start) end = start + 1;
  } else if (duration) {
    end = start + Math.max(parseDurationDays(duration), 1);
  }
  if (end - start > MAX_EVENT_DAYS) throw invalid(dtstart.line, `event spans ${end - start} days (more than ${MAX_EVENT_DAYS})`);
  return Array.from({ length: end - start }, (_, i) => start + i);
}

function isFragmentYear(year: number, dates: readonly number[], byYear: ReadonlyMap<number, readonly number[]>): boolean {
  const nearEnd = (y: number) => (day: number) => day >= toEpochDay({ year: y + 1, month: 1, day: 1 }) - BOUNDARY_WINDOW_DAYS;
  const nearStart = (y: number) => (day: number) => day < toEpochDay({ year: y, month: 1, day: 1 }) + BOUNDARY_WINDOW_DAYS;
  const next = byYear.get(year + 1);
  const previous = byYear.get(year - 1);
  // A year is a fragment only if its neighbour is a real schedule; two fragments stand on their own.
  if (next && dates.every(nearEnd(year)) && !next.every(nearStart(year + 1))) return true;
  return previous !== undefined && dates.every(nearStart(year)) && !previous.every(nearEnd(year - 1));
}

/** Parses an iCalendar of all-day holiday events into per-year days off and workdays; throws `calendar.ics_invalid`. */
export function parseIcs(text: string): ImportedYear[] {
  const lines = unfold(text);
  const first = lines[0];
  if (!first || first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw invalid(first?.number ?? 1, 'expected BEGIN:VCALENDAR at the start (not an iCalendar file)');
  }
  const status = new Map<number, { working: boolean; line: number; names: string[] }>();
  const stack: Array<{ name: string; line: number }> = [];
  let event: { line: number; props: Map<string, Property> } | undefined;
  let events = 0;
  for (const line of lines) {
    const prop = parseProperty(line);
    const value = prop.value.trim().toUpperCase();
    if (prop.name === 'BEGIN') {
      if (value === 'VEVENT') event = { line: line.number, props: new Map() };
      stack.push({ name: value, line: line.number });
    } else if (prop.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== value) throw invalid(line.number, `END:${value} does not match ${open ? `BEGIN:${open.name} (line ${open.line})` : 'any BEGIN'}`);
      if (value === 'VEVENT' && event) {
        const working = isWorkEvent(event.props);
        const name = eventName(event.props);
        for (const day of eventDays(event.props, event.line)) {
          const seen = status.get(day);
          if (seen && seen.working !== working) {
            throw invalid(event.line, `${dateOfEpochDay(day)} is both a working day and a day off (see line ${seen.line})`);
          }
          // A date in two events (e.g. 中秋 inside the 国庆 break) keeps both names.
          const names = seen?.names ?? [];
          if (name !== undefined && !names.includes(name)) names.push(name);
          status.set(day, { working, line: seen?.line ?? event.line, names });
        }
        events += 1;
        event = undefined;
      }
    } else if (event && stack[stack.length - 1]?.name === 'VEVENT' && !event.props.has(prop.name)) {
      event.props.set(prop.name, prop);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw invalid(unclosed.line, `BEGIN:${unclosed.name} is never closed (truncated file?)`);
  if (events === 0) throw invalid(first.number, 'the calendar contains no VEVENT');

  const byYear = new Map<number, { daysOff: string[]; workdays: string[]; names: Record<string, string>; epochDays: number[] }>();
  for (const [day, { working, line, names }] of [...status].sort((a, b) => a[0] - b[0])) {
    const date = dateOfEpochDay(day);
    const year = Number(date.slice(0, 4));
    if (year < IMPORT_YEAR_RANGE.min || year > IMPORT_YEAR_RANGE.max) {
      throw invalid(line, `${date} is outside the supported years ${IMPORT_YEAR_RANGE.min}–${IMPORT_YEAR_RANGE.max}`);
    }
    const entry = byYear.get(year) ?? { daysOff: [], workdays: [], names: {}, epochDays: [] };
    (working ? entry.workdays : entry.daysOff).push(date);
    if (names.length > 0) entry.names[date] = names.join('、');
    entry.epochDays.push(day);
    byYear.set(year, entry);
  }
  const daysByYear = new Map([...byYear].map(([year, entry]) => [year, entry.epochDays]));
  return [...byYear].map(([year, entry]) => ({
    year,
    daysOff: entry.daysOff,
    workdays: entry.workdays,
    names: entry.names,
    fragment: isFragmentYear(year, entry.epochDays, daysByYear),
  }));
}
