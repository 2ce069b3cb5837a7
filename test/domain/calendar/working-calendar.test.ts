import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, formatInZone, parseBusinessHours } from '../../../src/domain/calendar/index.ts';
import type { CalendarData, TimePeriod } from '../../../src/domain/calendar/index.ts';

const SH = 'Asia/Shanghai';
const NINE_TO_SIX: TimePeriod[] = [{ start: '09:00', end: '18:00' }];

function data(partial: Partial<CalendarData>): CalendarData {
  return { closed: [], open: [], hours: {}, imported: { years: [], daysOff: [], workdays: [], names: {} }, ...partial };
}

function deadline(from: string, n: number, opts: { timeZone?: string; hours?: TimePeriod[]; data?: CalendarData } = {}) {
  const timeZone = opts.timeZone ?? SH;
  const calendar = createWorkingCalendar({ timeZone, hours: opts.hours ?? NINE_TO_SIX, data: opts.data });
  const result = calendar.addWorkingDays(new Date(from), n);
  return { deadline: formatInZone(result.deadline, timeZone), calendar: result.calendar };
}

describe('addWorkingDays around Spring Festival 2026 (package data)', () => {
  it.each([
    ['2026-02-12T10:00:00+08:00', 1, '2026-02-13T18:00:00+08:00', 'Thu → Fri'],
    ['2026-02-12T10:00:00+08:00', 2, '2026-02-14T18:00:00+08:00', 'adjusted working Saturday 2/14'],
    ['2026-02-12T10:00:00+08:00', 3, '2026-02-24T18:00:00+08:00', '2/15–2/23 off'],
    ['2026-02-13T23:59:00+08:00', 1, '2026-02-14T18:00:00+08:00', 'late-evening event still counts from its own day'],
    ['2026-02-15T09:00:00+08:00', 0, '2026-02-24T18:00:00+08:00', 'N=0 on a holiday → next working day'],
    ['2026-02-14T08:00:00+08:00', 0, '2026-02-14T18:00:00+08:00', 'N=0 on the working Saturday'],
    ['2026-02-20T12:00:00+08:00', 1, '2026-02-24T18:00:00+08:00', 'from inside the holiday'],
    ['2026-02-20T12:00:00+08:00', 5, '2026-02-28T18:00:00+08:00', 'working Saturday 2/28'],
    ['2026-02-20T12:00:00+08:00', 6, '2026-03-02T18:00:00+08:00', 'then Monday'],
    ['2026-02-13T17:00:00Z', 1, '2026-02-24T18:00:00+08:00', 'UTC Friday evening is Shanghai Saturday 2/14, a working day that does not count'],
  ])('%s + %i → %s (%s)', (from, n, expected) => {
    expect(deadline(from, n)).toEqual({ deadline: expected, calendar: 'cn' });
  });
});

describe('addWorkingDays around Mid-Autumn / National Day 2026', () => {
  it.each([
    ['2026-09-18T12:00:00+08:00', 1, '2026-09-20T18:00:00+08:00', 'working Sunday 9/20'],
    ['2026-09-24T12:00:00+08:00', 1, '2026-09-28T18:00:00+08:00', '中秋 9/25–9/27'],
    ['2026-09-30T17:00:00+08:00', 1, '2026-10-08T18:00:00+08:00', '国庆 10/1–10/7'],
    ['2026-09-30T17:00:00+08:00', 2, '2026-10-09T18:00:00+08:00', ''],
    ['2026-09-30T17:00:00+08:00', 3, '2026-10-10T18:00:00+08:00', 'adjusted working Saturday 10/10'],
    ['2026-09-30T17:00:00+08:00', 4, '2026-10-12T18:00:00+08:00', 'Sunday 10/11 is off'],
    ['2026-10-09T18:30:00+08:00', 1, '2026-10-10T18:00:00+08:00', 'after hours Friday → Saturday counts'],
    ['2026-10-10T10:00:00+08:00', 0, '2026-10-10T18:00:00+08:00', 'N=0 on 10/10'],
    ['2026-09-30T17:00:00Z', 1, '2026-10-08T18:00:00+08:00', 'UTC 9/30 17:00 is 10/1 01:00 in Shanghai'],
  ])('%s + %i → %s (%s)', (from, n, expected) => {
    expect(deadline(from, n)).toEqual({ deadline: expected, calendar: 'cn' });
  });

  it('treats 2026-10-10 as a published working Saturday', () => {
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX });
    expect(calendar.dayInfo('2026-10-10')).toMatchObject({ working: true, source: 'package', label: 'cn', name: '国庆节' });
    expect(calendar.dayInfo('2026-10-11')).toMatchObject({ working: false, source: 'weekend', label: 'cn' });
    expect(calendar.dayInfo('2026-10-05')).toMatchObject({ working: false, source: 'package', periods: [] });
    expect(calendar.dayInfo('2026-10-12')).toMatchObject({ working: true, source: 'weekday', periods: NINE_TO_SIX });
  });
});

describe('7-working-day window across National Day 2026', () => {
  const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX });
  const event = new Date('2026-09-28T10:00:00+08:00');

  it('ends at close of business on 10/13 (9/29, 9/30, 10/8, 10/9, 10/10, 10/12, 10/13)', () => {
    const result = calendar.isWithinWorkingDays(event, new Date('2026-10-13T17:59:00+08:00'), 7);
    expect(formatInZone(result.deadline, SH)).toBe('2026-10-13T18:00:00+08:00');
    expect(result).toMatchObject({ within: true, calendar: 'cn' });
  });

  it.each([
    ['2026-10-13T17:59:00+08:00', true],
    ['2026-10-13T18:00:00+08:00', true],
    ['2026-10-13T18:01:00+08:00', false],
    ['2026-10-07T23:00:00+08:00', true],
    ['2026-10-14T09:00:00+08:00', false],
  ])('at %s → within=%s', (at, within) => {
    expect(calendar.isWithinWorkingDays(event, new Date(at), 7).within).toBe(within);
  });

  it('counts 7 working days between the event and the deadline', () => {
    expect(calendar.workingDaysBetween(event, new Date('2026-10-13T18:00:00+08:00'))).toEqual({ days: 7, calendar: 'cn' });
    expect(calendar.workingDaysBetween(event, new Date('2026-10-07T18:00:00+08:00'))).toEqual({ days: 2, calendar: 'cn' });
    expect(calendar.workingDaysBetween(event, event)).toEqual({ days: 0, calendar: 'cn' });
    expect(calendar.workingDaysBetween(event, new Date('2026-09-01T00:00:00+08:00'))).toEqual({ days: 0, calendar: 'cn' });
  });
});

describe('operator overrides', () => {
  it('special hours for a single date move that day’s close of business', () => {
    const overrides = data({ hours: { '2026-10-13': [{ start: '09:00', end: '12:00' }] } });
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX, data: overrides });
    const event = new Date('2026-09-28T10:00:00+08:00');
    const check = (at: string) => calendar.isWithinWorkingDays(event, new Date(at), 7);
    expect(formatInZone(check('2026-10-13T11:59:00+08:00').deadline, SH)).toBe('2026-10-13T12:00:00+08:00');
    expect(check('2026-10-13T11:59:00+08:00').within).toBe(true);
    expect(check('2026-10-13T12:01:00+08:00').within).toBe(false);
    expect(calendar.dayInfo('2026-10-13')).toMatchObject({ working: true, source: 'override', periods: [{ start: '09:00', end: '12:00' }] });
    expect(calendar.dayInfo('2026-10-14').periods).toEqual(NINE_TO_SIX);
  });

  it('closed dates are skipped and open dates count, over package and weekend status', () => {
    const overrides = data({ closed: ['2026-10-08'], open: ['2026-10-11', '2026-10-05'] });
    expect(deadline('2026-09-30T17:00:00+08:00', 1, { data: overrides }).deadline).toBe('2026-10-05T18:00:00+08:00');
    expect(deadline('2026-09-30T17:00:00+08:00', 2, { data: overrides }).deadline).toBe('2026-10-09T18:00:00+08:00');
    expect(deadline('2026-09-30T17:00:00+08:00', 4, { data: overrides }).deadline).toBe('2026-10-11T18:00:00+08:00');
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX, data: overrides });
    expect(calendar.dayInfo('2026-10-08')).toMatchObject({ working: false, source: 'override', label: 'cn' });
    expect(calendar.dayInfo('2026-10-11')).toMatchObject({ working: true, source: 'override' });
  });

  it('special hours on a day off open it; closed wins over special hours', () => {
    const sunday = data({ hours: { '2026-10-11': [{ start: '10:00', end: '14:00' }], '2026-10-12': [{ start: '10:00', end: '14:00' }] }, closed: ['2026-10-12'] });
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX, data: sunday });
    expect(calendar.dayInfo('2026-10-11')).toMatchObject({ working: true, source: 'override', periods: [{ start: '10:00', end: '14:00' }] });
    expect(calendar.dayInfo('2026-10-12')).toMatchObject({ working: false, source: 'override', periods: [] });
    expect(formatInZone(calendar.addWorkingDays(new Date('2026-10-10T12:00:00+08:00'), 1).deadline, SH)).toBe('2026-10-11T14:00:00+08:00');
  });

  it('an override never makes an estimated year “cn”', () => {
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX, data: data({ open: ['2027-01-01'] }) });
    expect(calendar.dayInfo('2027-01-01')).toMatchObject({ working: true, source: 'override', label: 'estimated' });
  });

  it('rejects contradictory calendar data', () => {
    expect(() => createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX, data: data({ closed: ['2026-10-12'], open: ['2026-10-12'] }) })).toThrow(
      /both closed and open/,
    );
  });
});

describe('two-period business hours (09:00–12:00, 13:30–18:00)', () => {
  const hours = parseBusinessHours('09:00-12:00,13:30-18:00');
  const calendar = createWorkingCalendar({ timeZone: SH, hours });

  it('closes at the end of the last period', () => {
    expect(formatInZone(calendar.addWorkingDays(new Date('2026-10-12T12:30:00+08:00'), 1).deadline, SH)).toBe('2026-10-13T18:00:00+08:00');
    expect(calendar.isWithinWorkingDays(new Date('2026-10-12T12:30:00+08:00'), new Date('2026-10-13T17:59:00+08:00'), 1).within).toBe(true);
    expect(calendar.isWithinWorkingDays(new Date('2026-10-12T12:30:00+08:00'), new Date('2026-10-13T18:01:00+08:00'), 1).within).toBe(false);
  });

  it.each([
    ['2026-10-12T08:00:00+08:00', '2026-10-12T09:00:00+08:00', 'before opening'],
    ['2026-10-12T10:15:00+08:00', '2026-10-12T10:15:00+08:00', 'already open'],
    ['2026-10-12T12:00:00+08:00', '2026-10-12T13:30:00+08:00', 'lunch break starts at 12:00'],
    ['2026-10-12T12:45:00+08:00', '2026-10-12T13:30:00+08:00', 'lunch break'],
    ['2026-10-12T18:00:00+08:00', '2026-10-13T09:00:00+08:00', 'closing time'],
    ['2026-10-09T19:00:00+08:00', '2026-10-10T09:00:00+08:00', 'Friday evening → working Saturday'],
    ['2026-09-30T19:00:00+08:00', '2026-10-08T09:00:00+08:00', 'across National Day'],
    ['2026-10-10T20:00:00+08:00', '2026-10-12T09:00:00+08:00', 'over Sunday'],
  ])('nextBusinessOpening(%s) = %s (%s)', (at, expected) => {
    expect(formatInZone(calendar.nextBusinessOpening(new Date(at)), SH)).toBe(expected);
  });
});

describe('year end 2026 → 2027 (published → estimated)', () => {
  it.each([
    ['2026-12-30T12:00:00+08:00', 3, '2027-01-05T18:00:00+08:00', 'estimated'],
    ['2026-12-30T12:00:00+08:00', 1, '2026-12-31T18:00:00+08:00', 'cn'],
    ['2026-12-31T20:00:00+08:00', 0, '2026-12-31T18:00:00+08:00', 'cn'],
    ['2026-12-31T20:00:00+08:00', 1, '2027-01-04T18:00:00+08:00', 'estimated'],
    ['2026-12-31T16:30:00Z', 0, '2027-01-04T18:00:00+08:00', 'estimated'],
    ['2026-06-01T12:00:00+08:00', 30, '2026-07-14T18:00:00+08:00', 'cn'],
  ])('%s + %i → %s (%s)', (from, n, expected, label) => {
    expect(deadline(from, n)).toEqual({ deadline: expected, calendar: label });
  });

  it('labels spans by the years they touch', () => {
    const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX });
    expect(calendar.workingDaysBetween(new Date('2026-12-30T12:00:00+08:00'), new Date('2026-12-31T12:00:00+08:00'))).toEqual({ days: 1, calendar: 'cn' });
    expect(calendar.workingDaysBetween(new Date('2026-12-30T12:00:00+08:00'), new Date('2027-01-05T12:00:00+08:00'))).toEqual({
      days: 3,
      calendar: 'estimated',
    });
    expect(calendar.yearStatus(2026)).toBe('published');
    expect(calendar.yearStatus(2027)).toBe('estimated');
    expect(calendar.estimatedYears(2024, 2029)).toEqual([2027, 2028, 2029]);
  });
});

describe('zones with daylight saving time', () => {
  it('America/New_York across the 8 March 2026 spring-forward', () => {
    const ny = 'America/New_York';
    expect(deadline('2026-03-06T12:00:00-05:00', 1, { timeZone: ny })).toEqual({ deadline: '2026-03-09T18:00:00-04:00', calendar: 'cn' });
    expect(new Date(deadline('2026-03-06T12:00:00-05:00', 1, { timeZone: ny }).deadline).toISOString()).toBe('2026-03-09T22:00:00.000Z');
    expect(deadline('2026-03-06T12:00:00-05:00', 0, { timeZone: ny }).deadline).toBe('2026-03-06T18:00:00-05:00');
    // 03:00Z on 9 March is still Sunday evening in New York.
    expect(deadline('2026-03-09T03:00:00Z', 1, { timeZone: ny }).deadline).toBe('2026-03-09T18:00:00-04:00');
    const calendar = createWorkingCalendar({ timeZone: ny, hours: NINE_TO_SIX });
    expect(formatInZone(calendar.nextBusinessOpening(new Date('2026-03-07T12:00:00-05:00')), ny)).toBe('2026-03-09T09:00:00-04:00');
    expect(calendar.workingDaysBetween(new Date('2026-03-06T12:00:00-05:00'), new Date('2026-03-09T22:00:00Z')).days).toBe(1);
  });

  it('Europe/Berlin across the 25 October 2026 fall-back', () => {
    expect(deadline('2026-10-23T12:00:00+02:00', 1, { timeZone: 'Europe/Berlin' }).deadline).toBe('2026-10-26T18:00:00+01:00');
    expect(deadline('2026-10-23T12:00:00+02:00', 0, { timeZone: 'Europe/Berlin' }).deadline).toBe('2026-10-23T18:00:00+02:00');
  });
});

describe('input validation', () => {
  const calendar = createWorkingCalendar({ timeZone: SH, hours: NINE_TO_SIX });
  it.each([-1, 1.5, Number.NaN])('rejects N=%s', (n) => {
    expect(() => calendar.addWorkingDays(new Date('2026-10-12T12:00:00+08:00'), n)).toThrow(expect.objectContaining({ code: 'calendar.days_invalid' }));
  });
  it('rejects an invalid instant, date, zone and hours', () => {
    expect(() => calendar.addWorkingDays(new Date('nope'), 1)).toThrow(expect.objectContaining({ code: 'calendar.date_invalid' }));
    expect(() => calendar.dayInfo('2026-02-30')).toThrow(expect.objectContaining({ code: 'calendar.date_invalid' }));
    expect(() => createWorkingCalendar({ timeZone: 'Mars/Olympus', hours: NINE_TO_SIX })).toThrow(expect.objectContaining({ code: 'calendar.timezone_invalid' }));
    expect(() => createWorkingCalendar({ timeZone: SH, hours: [] })).toThrow(expect.objectContaining({ code: 'calendar.hours_invalid' }));
  });
  it('defaults to 09:00–18:00', () => {
    expect(createWorkingCalendar({ timeZone: SH }).dayInfo('2026-10-12').periods).toEqual(NINE_TO_SIX);
  });
});
