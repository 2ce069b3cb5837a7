import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, emptyCalendarData, formatInZone, mergeImport, parseIcs } from '../../../src/domain/calendar/index.ts';

const SH = 'Asia/Shanghai';
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/calendar/${name}`, import.meta.url)), 'utf8');
const packageIcs = (name: string) => readFileSync(fileURLToPath(new URL(`../../../node_modules/chinese-days/dist/${name}`, import.meta.url)), 'utf8');

function ics(...body: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR'].join('\r\n');
}

function event(...props: string[]): string[] {
  return ['BEGIN:VEVENT', ...props, 'END:VEVENT'];
}

describe('parseIcs on an official-style 2027 schedule', () => {
  const parsed = parseIcs(fixture('official-2027.ics'));

  it('finds 28 days off and 6 working weekends in 2027', () => {
    expect(parsed).toHaveLength(1);
    const [year] = parsed;
    expect(year).toMatchObject({ year: 2027, partial: false });
    expect(year?.daysOff).toHaveLength(28);
    expect(year?.workdays).toEqual(['2027-01-31', '2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09']);
  });

  it('expands DTEND-exclusive ranges and ignores VTIMEZONE and VALARM properties', () => {
    const off = parsed[0]?.daysOff ?? [];
    expect(off.filter((d) => d.startsWith('2027-02'))).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']);
    expect(off).not.toContain('2027-02-13');
    expect(off).not.toContain('1970-01-01');
    // The folded 国庆 event quotes "…上班" in its DESCRIPTION, but its SUMMARY says 休.
    expect(off.filter((d) => d.startsWith('2027-10'))).toEqual(['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07']);
  });

  it('makes the imported year “cn” and applies it over the estimate', () => {
    const { data } = mergeImport(emptyCalendarData(), parsed);
    const calendar = createWorkingCalendar({ timeZone: SH, hours: [{ start: '09:00', end: '18:00' }], data });
    expect(calendar.yearStatus(2027)).toBe('published');
    expect(calendar.dayInfo('2027-01-31')).toMatchObject({ working: true, source: 'imported', label: 'cn' });
    expect(calendar.dayInfo('2027-02-12')).toMatchObject({ working: false, source: 'imported', label: 'cn' });
    // The estimate's 5 Oct make-up is gone only because the import lists 1–7 Oct; a plain weekday stays a weekday.
    expect(calendar.dayInfo('2027-10-08')).toMatchObject({ working: true, source: 'weekday', label: 'cn' });
    const result = calendar.addWorkingDays(new Date('2026-12-30T12:00:00+08:00'), 3);
    expect({ deadline: formatInZone(result.deadline, SH), calendar: result.calendar }).toEqual({ deadline: '2027-01-05T18:00:00+08:00', calendar: 'cn' });
    const spring = calendar.addWorkingDays(new Date('2027-02-04T10:00:00+08:00'), 1);
    expect(formatInZone(spring.deadline, SH)).toBe('2027-02-15T18:00:00+08:00');
    expect(calendar.year(2027)).toMatchObject({ origin: 'imported', status: 'published' });
    expect(calendar.year(2027).workingWeekends.map((d) => d.date)).toHaveLength(6);
  });
});

describe('parseIcs syntax handling', () => {
  it('handles LF-only input, folding with space or tab, DTSTART without VALUE, DURATION and English markers', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART:20270101',
      'DURATION:P3D',
      'SUMMARY:New Year',
      " 's Day (Holiday)",
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270131',
      'SUMMARY:Spring Festival',
      'DESCRIPTION:Work',
      '\tday',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270220',
      'DTEND;VALUE=DATE:20270220',
      'SUMMARY:Spring Festival (non-working day)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcs(text)).toEqual([{ year: 2027, daysOff: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-20'], workdays: ['2027-01-31'], partial: false }]);
  });

  it('reads the package’s English calendar the same as the Chinese one', () => {
    expect(parseIcs(packageIcs('holidays.en.ics'))).toEqual(parseIcs(packageIcs('holidays.ics')));
  });

  it('marks a few days next to New Year that belong to the following year’s notice as partial', () => {
    const parsed = parseIcs(
      ics(
        ...event('DTSTART;VALUE=DATE:20181229', 'SUMMARY:元旦(班)'),
        ...event('DTSTART;VALUE=DATE:20181230', 'DTEND;VALUE=DATE:20190102', 'SUMMARY:元旦(休)'),
        ...event('DTSTART;VALUE=DATE:20190204', 'DTEND;VALUE=DATE:20190211', 'SUMMARY:春节(休)'),
      ),
    );
    expect(parsed).toEqual([
      { year: 2018, daysOff: ['2018-12-30', '2018-12-31'], workdays: ['2018-12-29'], partial: true },
      { year: 2019, daysOff: ['2019-01-01', ...['04', '05', '06', '07', '08', '09', '10'].map((d) => `2019-02-${d}`)], workdays: [], partial: false },
    ]);
  });
});

describe('parseIcs rejects malformed input with calendar.ics_invalid and the line', () => {
  it.each([
    ['not a calendar', 'hello\r\nworld', /line 1\).*BEGIN:VCALENDAR/],
    ['empty text', '', /line 1\).*BEGIN:VCALENDAR/],
    ['VEVENT without DTSTART', ics(...event('SUMMARY:元旦(休)')), /line 3\).*no DTSTART/],
    ['impossible date', ics(...event('DTSTART;VALUE=DATE:20270230')), /line 4\).*bad date "20270230"/],
    ['garbage date', ics(...event('DTSTART;VALUE=DATE:2027-01-01')), /line 4\).*bad date/],
    ['DTEND before DTSTART', ics(...event('DTSTART;VALUE=DATE:20270105', 'DTEND;VALUE=DATE:20270101')), /line 5\).*DTEND 20270101 is before DTSTART 20270105/],
    ['timed event', ics(...event('DTSTART:20270101T090000Z')), /line 4\).*all-day date/],
    ['no events', ics('X-WR-CALNAME:empty'), /line 1\).*no VEVENT/],
    ['truncated file', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101', /line 2\).*never closed/],
    ['mismatched END', ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'END:VTODO'), /line 5\).*END:VTODO does not match BEGIN:VEVENT/],
    ['line without a colon', ics(...event('DTSTART;VALUE=DATE:20270101', 'garbage line')), /line 5\).*NAME:VALUE/],
    ['same date both 班 and 休', ics(...event('DTSTART;VALUE=DATE:20270102', 'SUMMARY:休'), ...event('DTSTART;VALUE=DATE:20270102', 'SUMMARY:班')), /line 7\).*2027-01-02 is both.*see line 3/],
    ['absurd range', ics(...event('DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20290101')), /line 4\).*spans 731 days/],
  ])('%s', (_name, text, message) => {
    let caught: unknown;
    try {
      parseIcs(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'calendar.ics_invalid' });
    expect((caught as Error).message).toMatch(message);
  });
});

describe('mergeImport', () => {
  const parsed = parseIcs(fixture('official-2027.ics'));

  it('is idempotent: re-importing the same file changes nothing', () => {
    const first = mergeImport(emptyCalendarData(), parsed);
    expect(first.summary).toEqual([{ year: 2027, daysOff: 28, workingWeekends: 6, changed: true, partial: false }]);
    const second = mergeImport(first.data, parsed);
    expect(second.summary).toEqual([{ year: 2027, daysOff: 28, workingWeekends: 6, changed: false, partial: false }]);
    expect(second.data).toEqual(first.data);
  });

  it('replaces a year’s earlier import and keeps overrides and other years', () => {
    const start = { ...emptyCalendarData(), closed: ['2027-03-01'], imported: { years: [2026, 2027], daysOff: ['2026-10-01', '2027-03-03'], workdays: ['2027-03-06'] } };
    const { data, summary } = mergeImport(start, parsed);
    expect(summary[0]?.changed).toBe(true);
    expect(data.closed).toEqual(['2027-03-01']);
    expect(data.imported.years).toEqual([2026, 2027]);
    expect(data.imported.daysOff).toContain('2026-10-01');
    expect(data.imported.daysOff).not.toContain('2027-03-03');
    expect(data.imported.workdays).not.toContain('2027-03-06');
  });

  it('merges a partial year date by date without claiming the whole year', () => {
    const full = mergeImport(emptyCalendarData(), parsed).data;
    const fragment = parseIcs(
      ics(...event('DTSTART;VALUE=DATE:20271231', 'SUMMARY:元旦(休)'), ...event('DTSTART;VALUE=DATE:20280101', 'DTEND;VALUE=DATE:20280102', 'SUMMARY:元旦(休)'), ...event('DTSTART;VALUE=DATE:20280126', 'DTEND;VALUE=DATE:20280202', 'SUMMARY:春节(休)')),
    );
    const { data, summary } = mergeImport(full, fragment);
    expect(summary.map((s) => [s.year, s.partial, s.changed])).toEqual([
      [2027, true, true],
      [2028, false, true],
    ]);
    expect(data.imported.years).toEqual([2027, 2028]);
    expect(data.imported.daysOff.filter((d) => d.startsWith('2027'))).toHaveLength(29);
    expect(mergeImport(data, fragment).summary.every((s) => !s.changed)).toBe(true);
  });
});
