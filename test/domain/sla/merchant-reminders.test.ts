import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, localDate } from '../../../src/domain/calendar/index.ts';
import { afterQuietHours, asksQuestion, draftReminderTimes, questionReminderTime, shipReminderTimes } from '../../../src/domain/sla/merchant-reminders.ts';
import { SH, calendar } from './sla-fixtures.ts';

const quiet = { start: '21:00', end: '08:00' };
const local = (d: Date) => formatInZone(d, SH);

describe('merchant reminder times', () => {
  it('an unfinished request is recalled after 1 h and 24 h; one falling in the night waits for 08:00', () => {
    expect(draftReminderTimes(new Date('2026-11-24T15:20:00+08:00'), SH, quiet).map(local)).toEqual(['2026-11-24T16:20:00+08:00', '2026-11-25T15:20:00+08:00']);
    expect(draftReminderTimes(new Date('2026-11-24T20:30:00+08:00'), SH, quiet).map(local)).toEqual(['2026-11-25T08:00:00+08:00', '2026-11-25T20:30:00+08:00']);
    expect(draftReminderTimes(new Date('2026-11-24T23:10:00+08:00'), SH, quiet).map(local)).toEqual(['2026-11-25T08:00:00+08:00', '2026-11-26T08:00:00+08:00']);
    expect(draftReminderTimes(new Date('2026-11-24T23:10:00+08:00'), SH, undefined).map(local)).toEqual(['2026-11-25T00:10:00+08:00', '2026-11-25T23:10:00+08:00']);
  });

  it('the waybill is asked for at 10:00 on each of the next three working days, skipping the National Day holiday', () => {
    expect(shipReminderTimes(new Date('2026-11-27T16:00:00+08:00'), calendar, SH, quiet).map(local)).toEqual(['2026-11-30T10:00:00+08:00', '2026-12-01T10:00:00+08:00', '2026-12-02T10:00:00+08:00']);
    expect(shipReminderTimes(new Date('2026-09-30T11:00:00+08:00'), calendar, SH, quiet).map(local)).toEqual(['2026-10-08T10:00:00+08:00', '2026-10-09T10:00:00+08:00', '2026-10-10T10:00:00+08:00']);
  });

  it('a staff question unanswered for a day is recalled, outside quiet hours', () => {
    expect(local(questionReminderTime(new Date('2026-11-24T22:00:00+08:00'), SH, quiet))).toBe('2026-11-26T08:00:00+08:00');
  });

  it('tells questions from statements', () => {
    for (const text of ['请问订单号是多少？', 'Could you send a photo of the label?', '请提供快递单号', 'please confirm the address']) expect(asksQuestion(text), text).toBe(true);
    for (const text of ['已为您安排换货。', 'Refund sent today.']) expect(asksQuestion(text), text).toBe(false);
  });

  it('property: a reminder never lands in quiet hours and is never earlier than asked', () => {
    const hm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }), hm, hm, (at, start, end) => {
        const shifted = afterQuietHours(at, SH, { start, end });
        expect(shifted.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(shifted.getTime() - at.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
        if (start === end) return;
        const minute = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
        const t = local(shifted).slice(11, 16);
        const m = minute(t);
        const [s, e] = [minute(start), minute(end)];
        const inside = s > e ? m >= s || m < e : m >= s && m < e;
        expect(inside, `${local(at)} -> ${t} with ${start}-${end}`).toBe(false);
        expect(localDate(shifted, SH) >= localDate(at, SH)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
