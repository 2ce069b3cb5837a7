import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, emptyCalendarData, localDate, mergeImport, parseIcs, statutoryHolidays } from '../../../src/domain/calendar/index.ts';
import type { TimePeriod, WorkingCalendar } from '../../../src/domain/calendar/index.ts';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'] as const;
const HOURS: TimePeriod[][] = [
  [{ start: '09:00', end: '18:00' }],
  [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  [{ start: '00:00', end: '23:59' }],
  // 02:00–03:00 falls into the spring-forward gap in New York and Berlin.
  [{ start: '01:30', end: '02:30' }],
];

const calendars = new Map<string, WorkingCalendar>();
function calendarFor(zone: string, hoursIndex: number): WorkingCalendar {
  const key = `${zone}|${hoursIndex}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createWorkingCalendar({ timeZone: zone, hours: HOURS[hoursIndex] ?? [] });
    calendars.set(key, calendar);
  }
  return calendar;
}

const fromInstant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true });
const zone = fc.constantFrom(...ZONES);
const hoursIndex = fc.integer({ min: 0, max: HOURS.length - 1 });

describe('deadline properties', () => {
  it('deadlines never move backwards as N grows', () => {
    fc.assert(
      fc.property(fromInstant, zone, hoursIndex, fc.integer({ min: 0, max: 40 }), (from, tz, h, n) => {
        const calendar = calendarFor(tz, h);
        const a = calendar.addWorkingDays(from, n).deadline.getTime();
        const b = calendar.addWorkingDays(from, n + 1).deadline.getTime();
        // N=0 on a day off lands on the same day as N=1; from N=1 on, each extra day is a later day.
        if (n === 0) expect(b).toBeGreaterThanOrEqual(a);
        else expect(b).toBeGreaterThan(a);
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween(from, deadline(N)) === N and the deadline falls on a working day at its close', () => {
    fc.assert(
      fc.property(fromInstant, zone, hoursIndex, fc.integer({ min: 1, max: 60 }), (from, tz, h, n) => {
        const calendar = calendarFor(tz, h);
        const { deadline, calendar: label } = calendar.addWorkingDays(from, n);
        const between = calendar.workingDaysBetween(from, deadline);
        expect(between.days).toBe(n);
        expect(between.calendar).toBe(label);
        const day = calendar.dayInfo(localDate(deadline, tz));
        expect(day.working).toBe(true);
        expect(calendar.isWithinWorkingDays(from, deadline, n).within).toBe(true);
        expect(calendar.isWithinWorkingDays(from, new Date(deadline.getTime() + 60_000), n).within).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('N=0 lands on the event day when it is a working day, else on the first working day after it', () => {
    fc.assert(
      fc.property(fromInstant, zone, (from, tz) => {
        const calendar = calendarFor(tz, 0);
        const { deadline } = calendar.addWorkingDays(from, 0);
        const eventDay = calendar.dayInfo(localDate(from, tz));
        const between = calendar.workingDaysBetween(from, deadline).days;
        expect(between).toBe(eventDay.working ? 0 : 1);
      }),
      { numRuns: 200 },
    );
  });

  it('the label is “cn” exactly when the scanned days stay inside published years', () => {
    fc.assert(
      fc.property(fromInstant, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const calendar = calendarFor('Asia/Shanghai', 0);
        const { deadline, calendar: label } = calendar.addWorkingDays(from, n);
        const lastYear = Number(localDate(deadline, 'Asia/Shanghai').slice(0, 4));
        expect(label).toBe(lastYear <= 2026 ? 'cn' : 'estimated');
      }),
      { numRuns: 200 },
    );
  });

  it('nextBusinessOpening is never earlier than the given instant and lies inside a period', () => {
    fc.assert(
      fc.property(fromInstant, zone, hoursIndex, (at, tz, h) => {
        const calendar = calendarFor(tz, h);
        const opening = calendar.nextBusinessOpening(at);
        expect(opening.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(calendar.dayInfo(localDate(opening, tz)).working).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('estimate properties', () => {
  it('every statutory holiday day is off in an estimated year, and none of them is a working weekend', () => {
    const calendar = calendarFor('Asia/Shanghai', 0);
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 2099 }), (year) => {
        for (const day of statutoryHolidays(year)) expect(calendar.dayInfo(day.date).working, day.date).toBe(false);
        expect(calendar.year(year).workingWeekends).toEqual([]);
        const listing = calendar.year(year);
        expect(listing.holidays.length + listing.holidayWeekends.length).toBeGreaterThanOrEqual(new Set(statutoryHolidays(year).map((d) => d.date)).size);
      }),
      { numRuns: 73 },
    );
  });
});

function everyDay(year: number): string[] {
  const days: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

describe('published data', () => {
  it('matches chinese-days isWorkday for every day of every covered year (2004–2026)', () => {
    const calendar = calendarFor('Asia/Shanghai', 0);
    for (let year = 2004; year <= 2026; year += 1) {
      expect(calendar.yearStatus(year), String(year)).toBe('published');
      for (const date of everyDay(year)) {
        const day = calendar.dayInfo(date);
        expect(day.working, date).toBe(chineseDays.isWorkday(date));
        expect(day.label).toBe('cn');
      }
    }
  });

  it('importing the package’s own holidays.ics reproduces its answers for every day of 2026', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../node_modules/chinese-days/dist/holidays.ics', import.meta.url)), 'utf8');
    const { data } = mergeImport(emptyCalendarData(), parseIcs(text));
    expect(data.imported.years).toContain(2026);
    const imported = createWorkingCalendar({ timeZone: 'Asia/Shanghai', hours: HOURS[0] ?? [], data });
    const special = everyDay(2026).filter((date) => imported.dayInfo(date).source === 'imported');
    expect(special.length).toBe(33 + 6);
    fc.assert(
      fc.property(fc.constantFrom(...everyDay(2026)), (date) => {
        expect(imported.dayInfo(date).working).toBe(chineseDays.isWorkday(date));
      }),
    );
    for (const date of everyDay(2026)) {
      expect(imported.dayInfo(date).working, date).toBe(chineseDays.isWorkday(date));
      expect(imported.dayInfo(date).label).toBe('cn');
    }
  });
});
