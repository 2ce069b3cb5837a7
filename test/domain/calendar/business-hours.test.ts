import { describe, expect, it } from 'vitest';
import { parseBusinessHours } from '../../../src/domain/calendar/index.ts';

describe('parseBusinessHours', () => {
  it.each([
    ['09:00-18:00', [{ start: '09:00', end: '18:00' }]],
    [
      '09:00-12:00,13:30-18:00',
      [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ],
    ],
    [' 08:30 - 12:00 , 13:00–17:30 ', [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }]],
    ['00:00-23:59', [{ start: '00:00', end: '23:59' }]],
  ])('parses %j', (spec, expected) => {
    expect(parseBusinessHours(spec)).toEqual(expected);
  });

  it.each([
    ['', /expected e.g./],
    ['9-18', /invalid start "9"/],
    ['09:00', /"09:00" is not HH:MM-HH:MM/],
    ['09:00-24:00', /invalid end "24:00"/],
    ['18:00-09:00', /ends before it starts/],
    ['09:00-09:00', /ends before it starts/],
    ['13:00-18:00,09:00-12:00', /overlaps or precedes/],
    ['09:00-12:30,12:00-18:00', /overlaps or precedes/],
    ['09:00-12:00,,13:00-18:00', /"" is not HH:MM-HH:MM/],
  ])('rejects %j with a clear message', (spec, message) => {
    expect(() => parseBusinessHours(spec)).toThrow(message);
    expect(() => parseBusinessHours(spec)).toThrow(expect.objectContaining({ code: 'calendar.hours_invalid' }));
  });
});
