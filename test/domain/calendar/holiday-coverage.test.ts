import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar/civil-date.ts';
import {
  CalendarImportIncompleteError,
  createWorkingCalendar,
  emptyCalendarData,
  estimateYear,
  HOLIDAY_KEYS,
  holidaysNamedIn,
  mergeImport,
  missingHolidays,
  parseIcs,
  statutoryHolidays,
} from '../../../src/domain/calendar/index.ts';
import type { HolidayKey } from '../../../src/domain/calendar/index.ts';
import { allDayEvent, ics, statutoryDates } from '../../support/ics-builder.ts';
import { thrown } from '../../support/thrown.ts';

// Names official and third-party calendars use, Chinese and English.
const ALIASES: Record<HolidayKey, string[]> = {
  new_year: ['元旦', '元旦节', "New Year's Day", 'New Year'],
  spring_festival: ['春节', '除夕', 'Spring Festival', 'Chinese New Year', 'Lunar New Year'],
  qingming: ['清明', '清明节', 'Qingming Festival', 'Tomb-sweeping Day', 'Ching Ming'],
  labour_day: ['劳动节', '五一劳动节', 'Labour Day', 'Labor Day', 'May Day'],
  dragon_boat: ['端午', '端午节', 'Dragon Boat Festival', 'Duanwu'],
  mid_autumn: ['中秋', '中秋节', 'Mid-autumn Festival', 'Mid-Autumn'],
  national_day: ['国庆', '国庆节', 'National Day'],
};
const MARKERS = ['(休)', '（休）', '假期', ' (Holiday)', ''];

describe('holidaysNamedIn', () => {
  it.each(HOLIDAY_KEYS.flatMap((key) => (ALIASES[key] ?? []).map((alias) => [alias, key] as const)))('%s names %s', (alias, key) => {
    expect(holidaysNamedIn(`${alias}(休)`)).toEqual([key]);
  });

  it('reads combined events and names nothing in unrelated text', () => {
    expect(holidaysNamedIn('中秋节、国庆节(休)')).toEqual(['mid_autumn', 'national_day']);
    expect(holidaysNamedIn('National Day & Mid-Autumn Festival')).toEqual(['mid_autumn', 'national_day']);
    expect(holidaysNamedIn('休')).toEqual([]);
    expect(holidaysNamedIn('Company retreat')).toEqual([]);
  });
});

describe('missingHolidays', () => {
  const all2027 = statutoryHolidays(2027).map((day) => ({ date: day.date }));

  it('finds nothing missing when every statutory day is off, named or not', () => {
    expect(missingHolidays(2027, all2027)).toEqual([]);
  });

  it('names a holiday none of whose statutory days is off', () => {
    expect(missingHolidays(2027, all2027.filter((day) => !day.date.startsWith('2027-10')))).toEqual(['national_day']);
    expect(missingHolidays(2027, [])).toEqual(HOLIDAY_KEYS);
  });

  it('accepts official dates that differ from the estimate when the event names the holiday', () => {
    const moved = all2027.filter((day) => day.date !== '2027-04-05').concat({ date: '2027-04-03', name: '清明节(休)' } as { date: string; name?: string });
    expect(missingHolidays(2027, moved)).toEqual([]);
    // Unnamed, a day two days off the statutory one is not 清明.
    expect(missingHolidays(2027, all2027.filter((day) => day.date !== '2027-04-05').concat({ date: '2027-04-03' }))).toEqual(['qingming']);
  });

  it('does not take a name far from the holiday (元旦 of the next year’s notice) for it', () => {
    const withoutNewYear = all2027.filter((day) => day.date !== '2027-01-01');
    expect(missingHolidays(2027, [...withoutNewYear, { date: '2027-12-31', name: '元旦(休)' }])).toEqual(['new_year']);
  });

  it('counts 中秋 inside a break named only 国庆 (2028: 中秋 is 3 Oct)', () => {
    const days = statutoryHolidays(2028)
      .filter((day) => day.holiday !== 'mid_autumn' && day.holiday !== 'national_day')
      .map((day) => ({ date: day.date }));
    const break2028 = ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2028-10-${d}`, name: '国庆节(休)' }));
    expect(missingHolidays(2028, [...days, ...break2028])).toEqual([]);
  });
});

interface GeneratedYear {
  year: number;
  removed: HolidayKey[];
  text: string;
}

/**
 * A schedule for one estimated year with `removed` left out. Each kept holiday gets events named with a
 * random alias (or unnamed "休"), stretched a few days either side of its statutory days, never covering
 * a statutory day of a removed holiday (then the file would in fact give that holiday).
 */
const generatedYear: fc.Arbitrary<GeneratedYear> = fc
  .record({
    year: fc.integer({ min: 2027, max: 2099 }),
    removed: fc.subarray([...HOLIDAY_KEYS]),
    shapes: fc.array(
      fc.record({ alias: fc.nat(), marker: fc.constantFrom(...MARKERS), named: fc.boolean(), before: fc.integer({ min: 0, max: 3 }), after: fc.integer({ min: 0, max: 3 }) }),
      { minLength: HOLIDAY_KEYS.length, maxLength: HOLIDAY_KEYS.length },
    ),
  })
  .map(({ year, removed, shapes }) => {
    const removedDates = new Set(removed.flatMap((key) => statutoryDates(year, key)));
    const events = HOLIDAY_KEYS.flatMap((key, index) => {
      if (removed.includes(key)) return [];
      const shape = shapes[index] ?? { alias: 0, marker: '', named: true, before: 0, after: 0 };
      const statutory = statutoryDates(year, key);
      const first = statutory[0] ?? '';
      const last = statutory[statutory.length - 1] ?? '';
      let dates: string[] = [];
      for (let date = addDays(first, -shape.before); date <= addDays(last, shape.after); date = addDays(date, 1)) {
        if (date.startsWith(`${year}-`) && !removedDates.has(date)) dates.push(date);
      }
      const keepsStatutoryDay = statutory.some((date) => dates.includes(date));
      // 中秋 can fall on 国庆: with 国庆 removed, 中秋 is then given on a nearby day under its own name.
      if (dates.length === 0) {
        let date = addDays(last, 1);
        while (removedDates.has(date)) date = addDays(date, 1);
        dates = [date];
      }
      const aliases = ALIASES[key] ?? [];
      const summary = shape.named || !keepsStatutoryDay ? `${aliases[shape.alias % aliases.length] ?? ''}${shape.marker}` : '休';
      return dates.flatMap((date) => allDayEvent(date, date, summary));
    });
    // A file needs at least one event; an empty schedule is a 元旦-less 休 on a plain day outside every holiday.
    const text = ics(...(events.length > 0 ? events : allDayEvent(`${year}-08-03`, `${year}-08-03`, '休')));
    return { year, removed: HOLIDAY_KEYS.filter((key) => removed.includes(key)), text };
  });

describe('importing a generated schedule with some statutory holidays left out', () => {
  it('is refused naming exactly the left-out holidays, and accepted whole when none is', () => {
    fc.assert(
      fc.property(generatedYear, ({ year, removed, text }) => {
        const parsed = parseIcs(text);
        if (removed.length === 0) {
          const { data } = mergeImport(emptyCalendarData(), parsed);
          expect(data.imported.years).toEqual([year]);
          return;
        }
        const error = thrown(() => mergeImport(emptyCalendarData(), parsed));
        expect(error).toBeInstanceOf(CalendarImportIncompleteError);
        expect((error as CalendarImportIncompleteError).incomplete).toEqual([{ year, missing: removed }]);
      }),
      { numRuns: 300 },
    );
  });

  it('with partial, never turns an estimated day off into a working day and keeps the year estimated', () => {
    fc.assert(
      fc.property(generatedYear, ({ year, removed, text }) => {
        const { data } = mergeImport(emptyCalendarData(), parseIcs(text), { partial: true });
        const calendar = createWorkingCalendar({ timeZone: 'Asia/Shanghai', data });
        // The generated files list no working days, so in a partial year every estimated day off stays off,
        // imported or not; a complete file is the official schedule and replaces the estimate.
        const mustStayOff = removed.length > 0 ? estimateYear(year) : statutoryHolidays(year);
        for (const day of mustStayOff) expect(calendar.dayInfo(day.date).working, day.date).toBe(false);
        for (const key of removed) {
          for (const date of statutoryDates(year, key)) expect(calendar.dayInfo(date)).toMatchObject({ working: false, label: 'estimated' });
        }
        const listing = calendar.year(year);
        if (removed.length > 0) {
          expect(listing).toMatchObject({ status: 'estimated', origin: 'partial', notImported: removed });
          expect(calendar.dayInfo(`${year}-07-01`).label).toBe('estimated');
        } else {
          expect(listing).toMatchObject({ status: 'published', origin: 'imported', notImported: [] });
        }
      }),
      { numRuns: 200 },
    );
  });
});
