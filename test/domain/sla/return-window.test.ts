import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, localDate } from '../../../src/domain/calendar/index.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { returnWindow } from '../../../src/domain/sla/index.ts';
import { SH, calendar } from './sla-fixtures.ts';

const check = (receivedOn: string, at: string) => returnWindow(receivedOn, new Date(at), calendar, defaultPolicy, SH);

describe('returnWindow (3.2.1: 7 working days after the local receipt day)', () => {
  it.each<[string, string, boolean, string]>([
    ['2026-11-20', '2026-12-01T17:59:00+08:00', true, 'last day, a minute before close'],
    ['2026-11-20', '2026-12-01T18:00:00+08:00', true, 'last day, at close'],
    ['2026-11-20', '2026-12-01T18:01:00+08:00', false, 'last day, a minute after close'],
    ['2026-11-20', '2026-12-02T09:00:00+08:00', false, 'the next morning'],
    ['2026-11-20', '2026-11-20T08:00:00+08:00', true, 'the receipt day itself'],
    ['2026-11-20', '2026-11-19T08:00:00+08:00', true, 'before the stated receipt day'],
    ['2026-11-20', '2026-12-01T09:59:00Z', true, '17:59 Shanghai written in UTC'],
    ['2026-11-20', '2026-12-01T10:01:00Z', false, '18:01 Shanghai written in UTC'],
    ['2026-09-28', '2026-10-13T17:59:00+08:00', true, 'across 国庆, incl. working Saturday 10/10'],
    ['2026-09-28', '2026-10-13T18:01:00+08:00', false, 'across 国庆, a minute late'],
    ['2026-09-28', '2026-10-07T23:00:00+08:00', true, 'during the holiday'],
  ])('received %s, asked %s → within %s (%s)', (receivedOn, at, within) => {
    expect(check(receivedOn, at).within).toBe(within);
  });

  it.each<[string, string, 'cn' | 'estimated']>([
    ['2026-11-20', '2026-12-01T18:00:00+08:00', 'cn'],
    ['2026-09-28', '2026-10-13T18:00:00+08:00', 'cn'],
    ['2026-11-21', '2026-12-01T18:00:00+08:00', 'cn'],
    ['2026-12-28', '2027-01-07T18:00:00+08:00', 'estimated'],
  ])('received %s: window closes %s (%s)', (receivedOn, deadline, label) => {
    const result = check(receivedOn, '2026-11-25T10:00:00+08:00');
    expect(formatInZone(result.deadline, SH)).toBe(deadline);
    expect(result.calendar).toBe(label);
    expect(result.clause).toBe('3.2.1');
  });

  it('refuses a receipt day that is not a date', () => {
    expect(() => check('2026-02-30', '2026-03-01T10:00:00+08:00')).toThrow();
    expect(() => check('20261120', '2026-12-01T10:00:00+08:00')).toThrow();
  });
});

const dayArb = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => localDate(d, SH));
const instantArb = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2029-06-30T00:00:00Z'), noInvalidDate: true });

describe('returnWindow properties', () => {
  it('is monotone in `at`: once outside, always outside', () => {
    fc.assert(
      fc.property(dayArb, instantArb, instantArb, (receivedOn, a, b) => {
        const [early, late] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
        const lateWithin = returnWindow(receivedOn, late, calendar, defaultPolicy, SH).within;
        if (lateWithin) expect(returnWindow(receivedOn, early, calendar, defaultPolicy, SH).within).toBe(true);
      }),
    );
  });

  it('is within exactly up to the deadline, which is close of business of a working day after the receipt day', () => {
    fc.assert(
      fc.property(dayArb, instantArb, (receivedOn, at) => {
        const result = returnWindow(receivedOn, at, calendar, defaultPolicy, SH);
        expect(result.within).toBe(at.getTime() <= result.deadline.getTime());
        const lastDay = localDate(result.deadline, SH);
        expect(lastDay > receivedOn).toBe(true);
        expect(calendar.dayInfo(lastDay).working).toBe(true);
        expect(formatInZone(result.deadline, SH).slice(11, 19)).toBe('18:00:00');
      }),
    );
  });

  it('a later receipt never closes the window earlier', () => {
    fc.assert(
      fc.property(dayArb, dayArb, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const at = new Date('2026-01-01T00:00:00Z');
        expect(returnWindow(early, at, calendar, defaultPolicy, SH).deadline.getTime()).toBeLessThanOrEqual(returnWindow(late, at, calendar, defaultPolicy, SH).deadline.getTime());
      }),
    );
  });
});
