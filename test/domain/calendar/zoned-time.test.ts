import { describe, expect, it } from 'vitest';
import { formatInZone, instantAtWallTime, localDate, parseInstant } from '../../../src/domain/calendar/index.ts';

describe('formatInZone / localDate', () => {
  it.each([
    ['2027-01-05T10:00:00Z', 'Asia/Shanghai', '2027-01-05T18:00:00+08:00'],
    ['2026-03-08T06:59:59Z', 'America/New_York', '2026-03-08T01:59:59-05:00'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08T03:00:00-04:00'],
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25T02:30:00+02:00'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25T02:30:00+01:00'],
    ['2026-01-01T00:00:00.250Z', 'Asia/Kolkata', '2026-01-01T05:30:00.250+05:30'],
    ['2026-06-30T12:00:00Z', 'UTC', '2026-06-30T12:00:00+00:00'],
    ['2026-06-30T12:00:00Z', 'America/St_Johns', '2026-06-30T09:30:00-02:30'],
  ])('%s in %s → %s', (iso, zone, expected) => {
    expect(formatInZone(new Date(iso), zone)).toBe(expected);
    expect(new Date(expected).getTime()).toBe(new Date(iso).getTime());
  });

  it('gives the local calendar date', () => {
    expect(localDate(new Date('2026-09-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-10-01');
    expect(localDate(new Date('2026-09-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-09-30');
    expect(localDate(new Date('2026-03-09T03:00:00Z'), 'America/New_York')).toBe('2026-03-08');
  });
});

describe('instantAtWallTime', () => {
  it.each([
    ['2026-03-08', 9 * 60, 'America/New_York', '2026-03-08T09:00:00-04:00'],
    ['2026-03-08', 1 * 60 + 30, 'America/New_York', '2026-03-08T01:30:00-05:00'],
    // 02:30 does not exist on that day; it resolves one hour later, past the gap.
    ['2026-03-08', 2 * 60 + 30, 'America/New_York', '2026-03-08T03:30:00-04:00'],
    // 01:30 happens twice on 1 Nov 2026; the earlier (EDT) one is chosen.
    ['2026-11-01', 1 * 60 + 30, 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['2026-10-25', 2 * 60 + 30, 'Europe/Berlin', '2026-10-25T02:30:00+02:00'],
    ['2026-03-29', 2 * 60 + 30, 'Europe/Berlin', '2026-03-29T03:30:00+02:00'],
    ['2027-01-05', 18 * 60, 'Asia/Shanghai', '2027-01-05T18:00:00+08:00'],
  ])('%s +%i min in %s → %s', (date, minutes, zone, expected) => {
    expect(formatInZone(instantAtWallTime(date, minutes, zone), zone)).toBe(expected);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-12-30T12:00:00+08:00', '2026-12-30T04:00:00.000Z'],
    ['2026-12-30T12:00+0800', '2026-12-30T04:00:00.000Z'],
    ['2026-12-30T04:00:00Z', '2026-12-30T04:00:00.000Z'],
    ['2026-12-30T04:00:00.5z', '2026-12-30T04:00:00.500Z'],
    ['2026-12-30T12:00', '2026-12-30T04:00:00.000Z'],
    ['2026-12-30 12:00:30', '2026-12-30T04:00:30.000Z'],
    ['2026-12-30', '2026-12-29T16:00:00.000Z'],
  ])('%s (no offset → Asia/Shanghai) → %s', (text, expected) => {
    expect(parseInstant(text, 'Asia/Shanghai').toISOString()).toBe(expected);
  });

  it.each(['', 'yesterday', '2026-02-30T10:00:00Z', '2026-12-30T24:00:00Z', '2026-12-30T12:60Z', '2026-12-30T12:00:00+25:00', '12/30/2026', '2026-12-30T12'])(
    'rejects %j',
    (text) => {
      expect(() => parseInstant(text, 'Asia/Shanghai')).toThrow(expect.objectContaining({ code: 'calendar.date_invalid' }));
    },
  );
});
