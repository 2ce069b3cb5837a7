import { describe, expect, it } from 'vitest';
import { estimatedYearsAround, estimateWarningFor } from '../../src/calendar/estimate-warning.ts';
import { createWorkingCalendar, mergeImport, parseIcs, emptyCalendarData } from '../../src/domain/calendar/index.ts';
import fs from 'node:fs';
import path from 'node:path';

const tz = 'Asia/Shanghai';
const hours = [{ start: '09:00', end: '18:00' }];
const packageOnly = createWorkingCalendar({ timeZone: tz, hours });
const ics = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/calendar/official-2027.ics'), 'utf8');
const with2027 = createWorkingCalendar({ timeZone: tz, hours, data: mergeImport(emptyCalendarData(), parseIcs(ics)).data });

describe('estimated-year warnings', () => {
  it('names next year as estimated in /readyz until its schedule is imported', () => {
    expect(estimatedYearsAround(packageOnly, new Date('2026-11-25T04:00:00Z'), tz)).toEqual([2027]);
    expect(estimatedYearsAround(with2027, new Date('2026-11-25T04:00:00Z'), tz)).toEqual([]);
  });

  it.each([
    ['2026-11-30T15:59:00Z', null], // 23:59 on 30 Nov in Shanghai: not yet December
    ['2026-11-30T16:00:00Z', { day: '2026-12-01', year: 2027 }], // 00:00 on 1 Dec in Shanghai
    ['2026-12-31T10:00:00Z', { day: '2026-12-31', year: 2027 }],
    ['2027-01-02T10:00:00Z', null],
  ])('at %s warns %j', (at, expected) => {
    expect(estimateWarningFor(packageOnly, new Date(at), tz)).toEqual(expected);
  });

  it('stops warning once next year is imported', () => {
    expect(estimateWarningFor(with2027, new Date('2026-12-15T02:00:00Z'), tz)).toBeNull();
  });
});
