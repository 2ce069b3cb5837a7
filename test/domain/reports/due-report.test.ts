import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, emptyCalendarData } from '../../../src/domain/calendar/index.ts';
import { dueQualityWeek, dueSummaryDay, minuteOfDay, weekStartOf } from '../../../src/domain/reports/due-report.ts';
import { SH, at } from './report-fixtures.ts';

const calendar = createWorkingCalendar({ timeZone: SH, hours: [{ start: '09:00', end: '18:00' }] });

describe('dueSummaryDay', () => {
  it('today once 09:00 local has come on a working day, for the rest of the day (catch-up after downtime)', () => {
    expect(dueSummaryDay(at('2026-11-26 08:59'), calendar, SH)).toBeNull();
    expect(dueSummaryDay(at('2026-11-26 09:00'), calendar, SH)).toBe('2026-11-26');
    expect(dueSummaryDay(at('2026-11-26 23:59'), calendar, SH)).toBe('2026-11-26');
    // 2026-11-26 01:30 UTC is 09:30 in Shanghai: the local day counts, not the UTC one.
    expect(dueSummaryDay(new Date('2026-11-26T01:30:00Z'), calendar, SH)).toBe('2026-11-26');
  });
  it('none on a weekend or a statutory holiday; yes on a working weekend (调休)', () => {
    expect(dueSummaryDay(at('2026-11-28 10:00'), calendar, SH)).toBeNull(); // Saturday
    expect(dueSummaryDay(at('2026-10-01 10:00'), calendar, SH)).toBeNull(); // National Day
    expect(calendar.dayInfo('2026-09-20').working).toBe(true); // a make-up working Sunday in the 2026 schedule
    expect(dueSummaryDay(at('2026-09-20 10:00'), calendar, SH)).toBe('2026-09-20');
  });
  it('takes another local time, and refuses a malformed one', () => {
    expect(dueSummaryDay(at('2026-11-26 17:59'), calendar, SH, '18:00')).toBeNull();
    expect(dueSummaryDay(at('2026-11-26 18:00'), calendar, SH, '18:00')).toBe('2026-11-26');
    expect(() => dueSummaryDay(at('2026-11-26 18:00'), calendar, SH, '9:00')).toThrow(RangeError);
    expect(() => minuteOfDay('24:00')).toThrow(RangeError);
    expect(minuteOfDay('23:59')).toBe(1439);
  });
  it('property: the answer is null or the local day of now, and only after the time of day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 1439 }), (now, minute) => {
        const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const due = dueSummaryDay(now, calendar, SH, hhmm);
        const local = new Date(now.getTime() + 8 * 3_600_000);
        const today = local.toISOString().slice(0, 10);
        const localMinute = local.getUTCHours() * 60 + local.getUTCMinutes();
        expect(due).toBe(calendar.dayInfo(today).working && localMinute >= minute ? today : null);
      }),
    );
  });
});

describe('weekStartOf and dueQualityWeek', () => {
  it('names a week by its Monday', () => {
    expect(weekStartOf('2026-11-23')).toBe('2026-11-23');
    expect(weekStartOf('2026-11-26')).toBe('2026-11-23');
    expect(weekStartOf('2026-11-29')).toBe('2026-11-23'); // Sunday
    expect(weekStartOf('2026-11-30')).toBe('2026-11-30');
  });
  it('is due from 09:00 on the first working day of the week until the week ends', () => {
    expect(dueQualityWeek(at('2026-11-23 08:59'), calendar, SH)).toBeNull();
    expect(dueQualityWeek(at('2026-11-23 09:00'), calendar, SH)).toBe('2026-11-23');
    expect(dueQualityWeek(at('2026-11-29 23:00'), calendar, SH)).toBe('2026-11-23');
  });
  it('waits for the first working day after a holiday Monday; none in a week without working days', () => {
    // The 2026 National Day holiday: Thursday 2026-10-01 to Wednesday 10-07; the week of Monday 10-05 first works on Thursday 10-08.
    expect(dueQualityWeek(at('2026-10-06 10:00'), calendar, SH)).toBeNull();
    expect(dueQualityWeek(at('2026-10-08 08:00'), calendar, SH)).toBeNull();
    expect(dueQualityWeek(at('2026-10-08 09:00'), calendar, SH)).toBe('2026-10-05');
    const closed = createWorkingCalendar({ timeZone: SH, data: { ...emptyCalendarData(), closed: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'] } });
    expect(dueQualityWeek(at('2026-11-27 10:00'), closed, SH)).toBeNull();
  });
  it('property: the Monday is at most 6 days before and a Monday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (n) => {
        const day = new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const monday = weekStartOf(day);
        expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
        const diff = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${monday}T00:00:00Z`)) / 86_400_000;
        expect(diff).toBeGreaterThanOrEqual(0);
        expect(diff).toBeLessThanOrEqual(6);
      }),
    );
  });
});
