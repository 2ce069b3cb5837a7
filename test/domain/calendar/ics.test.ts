import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CalendarImportIncompleteError, createWorkingCalendar, emptyCalendarData, formatInZone, mergeImport, parseIcs } from '../../../src/domain/calendar/index.ts';
import { event, ics, statutoryIcs } from '../../support/ics-builder.ts';
import { thrown } from '../../support/thrown.ts';

const SH = 'Asia/Shanghai';
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/calendar/${name}`, import.meta.url)), 'utf8');
const packageIcs = (name: string) => readFileSync(fileURLToPath(new URL(`../../../node_modules/chinese-days/dist/${name}`, import.meta.url)), 'utf8');


describe('parseIcs on an official-style 2027 schedule', () => {
  const parsed = parseIcs(fixture('official-2027.ics'));

  it('finds 28 days off and 6 working weekends in 2027', () => {
    expect(parsed).toHaveLength(1);
    const [year] = parsed;
    expect(year).toMatchObject({ year: 2027, fragment: false });
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
    expect(parseIcs(text)).toEqual([
      {
        year: 2027,
        daysOff: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-20'],
        workdays: ['2027-01-31'],
        names: { '2027-01-01': "New Year's Day (Holiday)", '2027-01-02': "New Year's Day (Holiday)", '2027-01-03': "New Year's Day (Holiday)", '2027-01-31': 'Spring Festival', '2027-02-20': 'Spring Festival (non-working day)' },
        fragment: false,
      },
    ]);
  });

  it('reads the package’s English calendar the same as the Chinese one, names aside', () => {
    const withoutNames = (years: ReturnType<typeof parseIcs>) => years.map(({ names: _names, ...rest }) => rest);
    expect(withoutNames(parseIcs(packageIcs('holidays.en.ics')))).toEqual(withoutNames(parseIcs(packageIcs('holidays.ics'))));
    expect(parseIcs(packageIcs('holidays.en.ics')).find((y) => y.year === 2026)?.names['2026-10-01']).toBe('National Day(Holiday)');
  });

  it('keeps each date’s SUMMARY, unescaped, and both names of a date two events share', () => {
    const parsed = parseIcs(
      ics(
        ...event('DTSTART;VALUE=DATE:20281001', 'DTEND;VALUE=DATE:20281006', 'SUMMARY:国庆节\\, 休'),
        ...event('DTSTART;VALUE=DATE:20281003', 'SUMMARY:中秋节(休)'),
        ...event('DTSTART;VALUE=DATE:20281007', 'SUMMARY:  '),
      ),
    );
    expect(parsed[0]?.names).toEqual({ '2028-10-01': '国庆节, 休', '2028-10-02': '国庆节, 休', '2028-10-03': '国庆节, 休、中秋节(休)', '2028-10-04': '国庆节, 休', '2028-10-05': '国庆节, 休' });
    expect(parsed[0]?.daysOff).toContain('2028-10-07');
  });

  it('marks a few days next to New Year that belong to the following year’s notice as a fragment', () => {
    const parsed = parseIcs(
      ics(
        ...event('DTSTART;VALUE=DATE:20181229', 'SUMMARY:元旦(班)'),
        ...event('DTSTART;VALUE=DATE:20181230', 'DTEND;VALUE=DATE:20190102', 'SUMMARY:元旦(休)'),
        ...event('DTSTART;VALUE=DATE:20190204', 'DTEND;VALUE=DATE:20190211', 'SUMMARY:春节(休)'),
      ),
    );
    expect(parsed).toEqual([
      expect.objectContaining({ year: 2018, daysOff: ['2018-12-30', '2018-12-31'], workdays: ['2018-12-29'], fragment: true }),
      expect.objectContaining({ year: 2019, daysOff: ['2019-01-01', ...['04', '05', '06', '07', '08', '09', '10'].map((d) => `2019-02-${d}`)], workdays: [], fragment: false }),
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
    expect(first.summary).toEqual([{ year: 2027, daysOff: 28, workingWeekends: 6, changed: true, scope: 'year', missing: [] }]);
    const second = mergeImport(first.data, parsed);
    expect(second.summary).toEqual([{ year: 2027, daysOff: 28, workingWeekends: 6, changed: false, scope: 'year', missing: [] }]);
    expect(first.data.imported.names['2027-10-01']).toBe('国庆节(休)');
    expect(first.data.imported.names['2027-01-31']).toBe('春节(班)');
    expect(second.data).toEqual(first.data);
  });

  it('replaces a year’s earlier import and keeps overrides and other years', () => {
    const start = { ...emptyCalendarData(), closed: ['2027-03-01'], imported: { years: [2026, 2027], daysOff: ['2026-10-01', '2027-03-03'], workdays: ['2027-03-06'], names: { '2027-03-03': 'old', '2026-10-01': '国庆节' } } };
    const { data, summary } = mergeImport(start, parsed);
    expect(summary[0]?.changed).toBe(true);
    expect(data.closed).toEqual(['2027-03-01']);
    expect(data.imported.years).toEqual([2026, 2027]);
    expect(data.imported.daysOff).toContain('2026-10-01');
    expect(data.imported.daysOff).not.toContain('2027-03-03');
    expect(data.imported.workdays).not.toContain('2027-03-06');
    expect(data.imported.names['2027-03-03']).toBeUndefined();
    expect(data.imported.names['2026-10-01']).toBe('国庆节');
  });

  it('merges a fragment of the neighbouring year date by date without claiming that year', () => {
    const full = mergeImport(emptyCalendarData(), parsed).data;
    const with2028 = parseIcs(statutoryIcs(2028, { extra: [event('DTSTART;VALUE=DATE:20271231', 'SUMMARY:元旦(休)')] }));
    const { data, summary } = mergeImport(full, with2028);
    expect(summary.map((s) => [s.year, s.scope, s.changed])).toEqual([
      [2027, 'fragment', true],
      [2028, 'year', true],
    ]);
    expect(data.imported.years).toEqual([2027, 2028]);
    expect(data.imported.daysOff.filter((d) => d.startsWith('2027'))).toHaveLength(29);
    expect(mergeImport(data, with2028).summary.every((s) => !s.changed)).toBe(true);
  });

  it('does not check a fragment year for holidays (it is the neighbour’s notice)', () => {
    const with2028 = parseIcs(statutoryIcs(2028, { extra: [event('DTSTART;VALUE=DATE:20271230', 'SUMMARY:元旦(班)')] }));
    const { data, summary } = mergeImport(emptyCalendarData(), with2028);
    expect(summary.map((s) => [s.year, s.scope])).toEqual([[2027, 'fragment'], [2028, 'year']]);
    expect(data.imported.years).toEqual([2028]);
    const calendar = createWorkingCalendar({ timeZone: SH, data });
    expect(calendar.year(2027)).toMatchObject({ origin: 'partial', status: 'estimated' });
    expect(calendar.dayInfo('2027-10-01')).toMatchObject({ working: false, source: 'estimated', label: 'estimated' });
  });
});

describe('mergeImport of a year that lacks statutory holidays', () => {
  // The reported case: a 2027 file without 国庆 made 2027-10-01 a working day labelled "cn".
  const without国庆 = parseIcs(statutoryIcs(2027, { omit: ['national_day'] }));

  it('is refused with calendar.import_incomplete naming the missing holidays, in both languages', () => {
    const error = thrown(() => mergeImport(emptyCalendarData(), parseIcs(statutoryIcs(2027, { omit: ['dragon_boat', 'mid_autumn', 'national_day'] }))));
    expect(error).toBeInstanceOf(CalendarImportIncompleteError);
    expect(error).toMatchObject({ code: 'calendar.import_incomplete', incomplete: [{ year: 2027, missing: ['dragon_boat', 'mid_autumn', 'national_day'] }] });
    const coded = error as CalendarImportIncompleteError;
    expect(coded.message).toContain('2027: 端午节 (Dragon Boat Festival), 中秋节 (Mid-Autumn Festival), 国庆节 (National Day)');
    expect(coded.message).toContain('--partial');
    expect(coded.userMessage?.zh).toContain('2027: 端午节、中秋节、国庆节');
    expect(coded.userMessage?.en).toContain('2027: Dragon Boat Festival, Mid-Autumn Festival, National Day');
  });

  it('names every incomplete year of a multi-year file', () => {
    const text = statutoryIcs(2027, { omit: ['qingming'] }).replace('END:VCALENDAR', statutoryIcs(2028, { omit: ['new_year', 'labour_day'] }).split('\r\n').slice(2).join('\r\n'));
    expect(thrown(() => mergeImport(emptyCalendarData(), parseIcs(text)))).toMatchObject({
      incomplete: [
        { year: 2027, missing: ['qingming'] },
        { year: 2028, missing: ['new_year', 'labour_day'] },
      ],
    });
  });

  it('with partial, merges the listed dates and keeps the estimate (and its label) for the rest of the year', () => {
    const { data, summary } = mergeImport(emptyCalendarData(), without国庆, { partial: true });
    expect(summary).toEqual([{ year: 2027, daysOff: 10, workingWeekends: 0, changed: true, scope: 'partial', missing: ['national_day'] }]);
    expect(data.imported.years).toEqual([]);
    const calendar = createWorkingCalendar({ timeZone: SH, data });
    expect(calendar.yearStatus(2027)).toBe('estimated');
    expect(calendar.year(2027)).toMatchObject({ origin: 'partial', status: 'estimated', notImported: ['national_day'] });
    for (const date of ['2027-10-01', '2027-10-04', '2027-10-05']) {
      expect(calendar.dayInfo(date)).toMatchObject({ working: false, source: 'estimated', label: 'estimated' });
    }
    expect(calendar.dayInfo('2027-06-09')).toMatchObject({ working: false, source: 'imported', label: 'estimated', name: '端午节(休)' });
    // The estimate's make-up days for imported holidays stay: the file does not list those dates.
    expect(calendar.dayInfo('2027-02-09')).toMatchObject({ working: false, source: 'estimated' });
    const result = calendar.addWorkingDays(new Date('2027-09-30T10:00:00+08:00'), 1);
    expect({ deadline: formatInZone(result.deadline, SH), calendar: result.calendar }).toEqual({ deadline: '2027-10-06T18:00:00+08:00', calendar: 'estimated' });
  });

  it('with partial, still imports the complete years of the same file whole', () => {
    const text = statutoryIcs(2027, { omit: ['national_day'] }).replace('END:VCALENDAR', statutoryIcs(2028).split('\r\n').slice(2).join('\r\n'));
    const { data, summary } = mergeImport(emptyCalendarData(), parseIcs(text), { partial: true });
    expect(summary.map((s) => [s.year, s.scope])).toEqual([[2027, 'partial'], [2028, 'year']]);
    expect(data.imported.years).toEqual([2028]);
  });

  it('with partial, is idempotent and leaves an earlier complete import of the year in force', () => {
    const complete = mergeImport(emptyCalendarData(), parsed2027()).data;
    const first = mergeImport(complete, without国庆, { partial: true });
    expect(first.data.imported.years).toEqual([2027]);
    expect(first.data.imported.daysOff).toContain('2027-10-07');
    expect(mergeImport(first.data, without国庆, { partial: true }).summary[0]?.changed).toBe(false);
  });

  it('accepts a complete file afterwards and makes the year official', () => {
    const partial = mergeImport(emptyCalendarData(), without国庆, { partial: true }).data;
    const { data, summary } = mergeImport(partial, parsed2027());
    expect(summary[0]).toMatchObject({ scope: 'year', changed: true });
    expect(createWorkingCalendar({ timeZone: SH, data }).year(2027)).toMatchObject({ origin: 'imported', status: 'published', notImported: [] });
  });
});

function parsed2027() {
  return parseIcs(fixture('official-2027.ics'));
}
